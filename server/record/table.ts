/**
 * A table of the public record, described once: its stored columns, the values that travel
 * per row to write them (unnest arrays, staging columns, COPY fields) and how each column is
 * read back. Every statement that writes or selects the whole table is derived from here, so a
 * layer adds a descriptor, not another copy of its column list.
 */

/** The SQL types a field travels as: array element types of unnest, staging column types. */
export type SqlType =
  'uuid' | 'text' | 'smallint' | 'integer' | 'float8' | 'boolean' | 'timestamptz' | 'jsonb';

export type FieldValue = string | number | boolean | null;

/** One value written per row, under its own name. */
export interface Field<Row> {
  readonly name: string;
  readonly type: SqlType;
  readonly value: (row: Row) => FieldValue;
}

export interface Column<Row> {
  readonly name: string;
  readonly fields: readonly Field<Row>[];
  /** The stored value as SQL over the fields, each field named `r.<field>`. */
  readonly write: string;
  /** The select-list entries for this column, given its (possibly qualified) name. */
  readonly read: (column: string) => string;
  /** Only for dispatchers and auditors: left out of the public select list. */
  readonly private: boolean;
  /** Written once, when the row is inserted; an update leaves it as it is. */
  readonly fixed: boolean;
}

interface ColumnOptions {
  private?: boolean;
  fixed?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain SQL identifier`);
  return name;
}

/** A column stored as the value of one field of the same name. */
export function valueColumn<Row>(
  name: string,
  type: SqlType,
  value: (row: Row) => FieldValue,
  options: ColumnOptions = {},
): Column<Row> {
  identifier(name);
  return {
    name,
    fields: [{ name, type, value }],
    write: `r.${name}`,
    read: (column) => (column === name ? name : `${column} AS ${name}`),
    private: options.private ?? false,
    fixed: options.fixed ?? false,
  };
}

/**
 * A PostGIS point (EPSG:4326) that travels and reads back as two numbers, `<prefix>_lon` and
 * `<prefix>_lat`; a nullable one is NULL when the longitude is.
 */
export function pointColumn<Row>(
  name: string,
  prefix: string,
  value: (row: Row) => { lon: number; lat: number } | null,
  options: ColumnOptions & { nullable?: boolean } = {},
): Column<Row> {
  identifier(name);
  const lon = identifier(`${prefix}_lon`);
  const lat = identifier(`${prefix}_lat`);
  const point = `ST_SetSRID(ST_MakePoint(r.${lon}, r.${lat}), 4326)`;
  return {
    name,
    fields: [
      { name: lon, type: 'float8', value: (row) => value(row)?.lon ?? null },
      { name: lat, type: 'float8', value: (row) => value(row)?.lat ?? null },
    ],
    write: options.nullable ? `CASE WHEN r.${lon} IS NULL THEN NULL ELSE ${point} END` : point,
    read: (column) => `ST_X(${column}) AS ${lon}, ST_Y(${column}) AS ${lat}`,
    private: options.private ?? false,
    fixed: options.fixed ?? false,
  };
}

export interface TableDefinition<Row> {
  name: string;
  /** The primary key: a value column; events name their row by it (`entityId`). */
  key: string;
  columns: readonly Column<Row>[];
  /** The columns of a unique constraint whose duplicates are skipped on insert, not errors. */
  skipDuplicatesOn?: readonly string[];
}

export interface TableStatements {
  /** Every column, private ones included: for writers, dispatchers and the record itself. */
  selectAll: string;
  /** The columns anyone may see. */
  selectPublic: string;
  /** Inserts the rows given as one array per field ($1…$n); returns them as selectAll reads. */
  insert: string;
  /** The same, and $n+1 (a JSON array of prepared events) chained for the rows inserted. */
  insertWithEvents: string;
  /** Inserts from arrays like `insert`, returning only the keys of the rows inserted. */
  insertKeys: string;
  createStaging: string;
  dropStaging: string;
  /** COPY … FROM STDIN of every field into the staging table (one copyLine per row). */
  copyIntoStaging: string;
  /** Moves the staging table's rows into the table, returning the keys of those inserted. */
  insertKeysFromStaging: string;
}

export interface Table<Row> extends TableDefinition<Row> {
  readonly fields: readonly Field<Row>[];
  readonly keyType: SqlType;
  readonly sql: TableStatements;
  /** A row's key, as the database returns it. */
  keyOf(row: Row): string;
  /** The columns an update writes unless told which: all but the key and the fixed ones. */
  readonly updatable: readonly string[];
  /** The arrays that insert and update statements take, one per field, in field order. */
  parameters(rows: readonly Row[], columns?: readonly string[]): FieldValue[][];
  /** An UPDATE, by key, of the named columns from arrays ($1 the keys, then their fields). */
  update(columns: readonly string[]): string;
  /** COPY … FROM STDIN, in the text format, of the named fields into the staging table. */
  copyIntoStaging(fields: readonly string[]): string;
  /**
   * Moves the staging table's rows into the table, returning the keys of those inserted; the
   * `constants` fields, the same for every row of a batch, come from $1…$n instead.
   */
  insertKeysFromStaging(constants: readonly string[]): string;
}

/** The select list of a table; `alias` qualifies the columns (for an UPDATE … FROM). */
export function selectList<Row>(
  columns: readonly Column<Row>[],
  audience: 'public' | 'all',
  alias?: string,
): string {
  return columns
    .filter((column) => audience === 'all' || !column.private)
    .map((column) => column.read(alias ? `${alias}.${column.name}` : column.name))
    .join(', ');
}

function unnestSource<Row>(fields: readonly Field<Row>[], first = 1): string {
  const arrays = fields.map((field, i) => `$${first + i}::${field.type}[]`).join(', ');
  return `unnest(${arrays}) AS r(${fields.map((field) => field.name).join(', ')})`;
}

function insertFrom<Row>(definition: TableDefinition<Row>, source: string, returning: string) {
  const names = definition.columns.map((column) => column.name).join(', ');
  const values = definition.columns.map((column) => column.write).join(', ');
  const skip = definition.skipDuplicatesOn
    ? `\n  ON CONFLICT (${definition.skipDuplicatesOn.map(identifier).join(', ')}) DO NOTHING`
    : '';
  return `INSERT INTO ${definition.name} (${names})\n  SELECT ${values}\n  FROM ${source}${skip}\n  RETURNING ${returning}`;
}

function stagingName(table: string): string {
  return `record_staging_${table}`;
}

function statements<Row>(
  definition: TableDefinition<Row>,
  fields: readonly Field<Row>[],
  keyType: SqlType,
): Omit<TableStatements, 'copyIntoStaging' | 'insertKeysFromStaging'> {
  const { name, key, columns } = definition;
  const selectAll = selectList(columns, 'all');
  const insert = insertFrom(definition, unnestSource(fields), selectAll);
  const staging = stagingName(name);
  return {
    selectAll,
    selectPublic: selectList(columns, 'public'),
    insert,
    // One statement: the chain lock, taken last, is held for no round trip to the client.
    insertWithEvents: `
  WITH inserted AS MATERIALIZED (${insert}),
  appended AS MATERIALIZED (
    SELECT count(*) AS n FROM append_events((
      SELECT coalesce(jsonb_agg(e.value ORDER BY e.position), '[]'::jsonb)
      FROM jsonb_array_elements($${fields.length + 1}::jsonb) WITH ORDINALITY AS e(value, position)
      WHERE (e.value->>'entityId')::${keyType} IN (SELECT ${key} FROM inserted)))
  )
  SELECT inserted.* FROM inserted, appended`,
    insertKeys: insertFrom(definition, unnestSource(fields), key),
    // Temporary, so never WAL-logged; emptied by every COMMIT.
    createStaging: `CREATE TEMPORARY TABLE IF NOT EXISTS ${staging} (${fields
      .map((field) => `${field.name} ${field.type}`)
      .join(', ')}) ON COMMIT DELETE ROWS`,
    dropStaging: `DROP TABLE IF EXISTS pg_temp.${staging}`,
  };
}

/** Builds a statement once per distinct argument list, since a batch load asks for it again. */
function cachedBy(build: (names: readonly string[]) => string) {
  const built = new Map<string, string>();
  return (names: readonly string[]) => {
    const key = names.join(',');
    let text = built.get(key);
    if (text === undefined) {
      text = build(names);
      built.set(key, text);
    }
    return text;
  };
}

export function defineTable<Row>(definition: TableDefinition<Row>): Table<Row> {
  identifier(definition.name);
  const fields = definition.columns.flatMap((column) => column.fields);
  const duplicate = fields.find((field, i) => fields.findIndex((f) => f.name === field.name) < i);
  if (duplicate) throw new Error(`${definition.name}: two fields named ${duplicate.name}`);
  const keyColumn = definition.columns.find((column) => column.name === definition.key);
  const keyField = keyColumn?.fields.length === 1 ? keyColumn.fields[0] : undefined;
  if (!keyField || keyField.name !== definition.key) {
    throw new Error(`${definition.name}: the key ${definition.key} is not a value column`);
  }
  const columnsNamed = (names: readonly string[]) =>
    names.map((name) => {
      const column = definition.columns.find((c) => c.name === name);
      if (!column) throw new Error(`${definition.name} has no column ${name}`);
      return column;
    });
  const fieldsNamed = (names: readonly string[]) =>
    names.map((name) => {
      const field = fields.find((f) => f.name === name);
      if (!field) throw new Error(`${definition.name} has no field ${name}`);
      return field;
    });
  const staging = `pg_temp.${stagingName(definition.name)}`;
  const copyIntoStaging = cachedBy(
    (names) =>
      `COPY ${staging} (${fieldsNamed(names)
        .map((f) => f.name)
        .join(', ')}) FROM STDIN`,
  );
  const insertKeysFromStaging = cachedBy((constants) => {
    const constant = new Map(fieldsNamed(constants).map((field, i) => [field.name, i + 1]));
    const projected = fields
      .map((field) => {
        const parameter = constant.get(field.name);
        return parameter === undefined
          ? field.name
          : `$${parameter}::${field.type} AS ${field.name}`;
      })
      .join(', ');
    return insertFrom(definition, `(SELECT ${projected} FROM ${staging}) AS r`, definition.key);
  });
  return {
    ...definition,
    fields,
    keyType: keyField.type,
    sql: {
      ...statements(definition, fields, keyField.type),
      copyIntoStaging: copyIntoStaging(fields.map((field) => field.name)),
      insertKeysFromStaging: insertKeysFromStaging([]),
    },
    keyOf: (row) => String(keyField.value(row)),
    updatable: definition.columns
      .filter((column) => !column.fixed && column.name !== definition.key)
      .map((column) => column.name),
    parameters(rows, columns) {
      const chosen = columns
        ? [keyField, ...columnsNamed(columns).flatMap((column) => column.fields)]
        : fields;
      return chosen.map((field) => rows.map((row) => field.value(row)));
    },
    update: cachedBy((columns) => {
      const chosen = columnsNamed(columns);
      if (chosen.some((column) => column.name === definition.key)) {
        throw new Error(`${definition.name}: the key is not updated`);
      }
      const source = unnestSource([keyField, ...chosen.flatMap((column) => column.fields)]);
      const set = chosen.map((column) => `${column.name} = ${column.write}`).join(', ');
      return `UPDATE ${definition.name} AS t SET ${set}\n  FROM ${source}\n  WHERE t.${definition.key} = r.${definition.key}\n  RETURNING ${selectList(definition.columns, 'all', 't')}`;
    }),
    copyIntoStaging,
    insertKeysFromStaging,
  };
}
