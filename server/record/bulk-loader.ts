import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { NewEvent } from './events.js';
import { copyLines } from './copy-text.js';
import { RecordSession } from './record-session.js';
import type { Table } from './table.js';

/**
 * How rows reach the database: `copy` streams them into a temporary staging table with COPY
 * FROM STDIN and moves them with one INSERT … SELECT; `insert` sends them as arrays to one
 * INSERT … FROM unnest per chunk, for the embedded database, whose socket server does not
 * speak the COPY sub-protocol (the connection loses protocol synchronisation).
 */
export type BulkLoad = 'copy' | 'insert';

const COPY_CHUNK_ROWS = 500;
const INSERT_CHUNK_ROWS = 1000;

/**
 * Writes batches of many rows on one client (the embedded database has a single connection),
 * each batch in one transaction with the events made of the rows it inserted. A row that
 * duplicates one stored is skipped, not an error.
 */
export class BulkLoader<Row> {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly table: Table<Row>,
    private readonly load: BulkLoad,
    private readonly onCommitted: () => void,
  ) {}

  /** Creates the session's staging table (once; every COMMIT empties it). */
  async open(): Promise<void> {
    if (this.load === 'copy') await this.client.query(this.table.sql.createStaging);
  }

  async close(): Promise<void> {
    if (this.load === 'copy') await this.client.query(this.table.sql.dropStaging);
  }

  /** Writes a batch; `eventsOf` makes the events of the rows inserted. Returns those rows. */
  async write(
    rows: readonly Row[],
    eventsOf: (inserted: readonly Row[]) => NewEvent[],
  ): Promise<Row[]> {
    return this.writeCompleted(rows, async (_, complete) => [...complete], eventsOf);
  }

  /**
   * Writes a batch whose rows `complete` finishes first, in the batch's transaction (an
   * incident's district, looked up in the database before its events are made).
   */
  async writeCompleted<Input>(
    input: readonly Input[],
    complete: (db: pg.PoolClient, input: readonly Input[]) => Promise<Row[]>,
    eventsOf: (inserted: readonly Row[]) => NewEvent[],
  ): Promise<Row[]> {
    if (input.length === 0) return [];
    const client = this.client;
    const session = new RecordSession(client);
    let inserted: Row[];
    await client.query('BEGIN');
    try {
      const rows = await complete(client, input);
      const keys = this.load === 'copy' ? await this.#copy(rows) : await this.#insert(rows);
      inserted = rows.filter((row) => keys.has(this.table.keyOf(row)));
      // Last before COMMIT: it takes the chain lock.
      if (inserted.length > 0) await session.append(eventsOf(inserted));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    if (session.appended > 0) this.onCommitted();
    return inserted;
  }

  /**
   * COPYs the fields that vary between the batch's rows; those the same in every row (an
   * import's source and time of writing, say) go once, as parameters of the INSERT.
   */
  async #copy(rows: readonly Row[]): Promise<Set<string>> {
    const { fields, key } = this.table;
    const values = fields.map((field) => rows.map((row) => field.value(row)));
    const varying: number[] = [];
    const constant: number[] = [];
    values.forEach((column, i) => {
      const first = column[0];
      const same = fields[i]?.name !== key && column.every((value) => value === first);
      (same ? constant : varying).push(i);
    });
    const names = (indexes: readonly number[]) => indexes.map((i) => fields[i]?.name ?? '');
    const copied = varying.map((i) => values[i] ?? []);
    const stream = this.client.query(copyFrom(this.table.copyIntoStaging(names(varying))));
    const finished = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    for (let start = 0; start < rows.length; start += COPY_CHUNK_ROWS) {
      const chunk = copyLines(copied, start, Math.min(rows.length, start + COPY_CHUNK_ROWS));
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await finished;
    const moved = await this.client.query(
      this.table.insertKeysFromStaging(names(constant)),
      constant.map((i) => values[i]?.[0] ?? null),
    );
    return this.#keys(moved);
  }

  async #insert(rows: readonly Row[]): Promise<Set<string>> {
    const keys = new Set<string>();
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
      const result = await this.client.query(
        this.table.sql.insertKeys,
        this.table.parameters(chunk),
      );
      for (const key of this.#keys(result)) keys.add(key);
    }
    return keys;
  }

  #keys(result: pg.QueryResult): Set<string> {
    return new Set(result.rows.map((row: Record<string, unknown>) => String(row[this.table.key])));
  }
}
