import type pg from 'pg';
import { appendEvents, prepareEvents, type AppendedEvent, type NewEvent } from './events.js';
import type { Table } from './table.js';

export type Queryable = pg.Pool | pg.PoolClient;

/**
 * The statements of one write to the record: on a transaction's client, or on the pool, where
 * each statement is a transaction of its own (so rows and their events go in one statement).
 * It counts the events it chains, for the writer to wake the relays once they are committed.
 */
export class RecordSession<Db extends Queryable = Queryable> {
  #appended = 0;

  constructor(readonly db: Db) {}

  /** Events chained so far. */
  get appended(): number {
    return this.#appended;
  }

  /**
   * Inserts rows and, in the same statement, chains the events of those inserted (each event
   * names its row by `entityId`); a row that duplicates one stored is skipped with its events.
   * Returns the inserted rows as the table's full select list reads them.
   */
  async insert<Read extends pg.QueryResultRow, Row>(
    table: Table<Row>,
    rows: readonly Row[],
    events: readonly NewEvent[],
  ): Promise<Read[]> {
    if (rows.length === 0) return [];
    if (events.length === 0) {
      return (await this.db.query<Read>(table.sql.insert, table.parameters(rows))).rows;
    }
    const inserted = await this.db.query<Read>(table.sql.insertWithEvents, [
      ...table.parameters(rows),
      JSON.stringify(prepareEvents(events)),
    ]);
    const keys = new Set(inserted.rows.map((row) => String(row[table.key])));
    this.#appended += events.filter((event) => keys.has(event.entityId)).length;
    return inserted.rows;
  }

  /**
   * Updates rows by key: the named columns, or every one not fixed at insert. Returns them as
   * the full select list reads them.
   */
  async update<Read extends pg.QueryResultRow, Row>(
    table: Table<Row>,
    rows: readonly Row[],
    columns: readonly string[] = table.updatable,
  ): Promise<Read[]> {
    if (rows.length === 0) return [];
    return (await this.db.query<Read>(table.update(columns), table.parameters(rows, columns))).rows;
  }

  /** Chains events. In a transaction, call it last: the chain lock is held until COMMIT. */
  async append(events: readonly NewEvent[]): Promise<AppendedEvent[]> {
    const appended = await appendEvents(this.db, events);
    this.#appended += appended.length;
    return appended;
  }
}
