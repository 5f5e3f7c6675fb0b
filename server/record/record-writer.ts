import type pg from 'pg';
import type { AppendedEvent, NewEvent } from './events.js';
import { BatchQueue, type BatchQueueOptions, type Settled } from '../db/batch-queue.js';
import { withTransaction } from '../db/transaction.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { IdempotencyKeyReusedError } from '../errors.js';
import {
  claimKeys,
  scopeOf,
  settleKeys,
  usesInBatch,
  type Claim,
  type KeyedWrite,
  type WriteResult,
} from '../idempotency/idempotency.service.js';
import { BulkLoader, type BulkLoad } from './bulk-loader.js';
import type { CommitSignal } from './commit-signal.js';
import { RecordSession } from './record-session.js';
import type { Table } from './table.js';

/** A write of a batch: with its Idempotency-Key, if it came with one. */
export interface Keyed {
  keyed: KeyedWrite | undefined;
}

/**
 * Writes a batch's items (rows and their events, through the session) and answers each, in
 * the items' order. An item that fails its own rules fails alone; a throw fails the batch, and
 * the writer retries each item alone. A batch without keys runs on the pool, each statement
 * committing on its own: write the rows and their events with one `session.insert`, and throw
 * only before it.
 */
export type BatchWrite<Item, Body> = (
  session: RecordSession,
  items: readonly Item[],
) => Promise<Settled<WriteResult<Body>>[]>;

/** What a write returns: its result, and the events to chain just before COMMIT. */
export interface Recorded<T> {
  result: T;
  events: readonly NewEvent[];
}

/** A write sent as one request: its answer, and the events to chain just before COMMIT. */
export type AnsweredWrite<Body> = WriteResult<Body> & { events: readonly NewEvent[] };

const NO_OUTCOME: Settled<never> = { ok: false, error: new Error('no outcome for a batch item') };

function replayed<Body>(claim: Claim | undefined): Settled<WriteResult<Body>> | undefined {
  if (claim?.kind === 'replay') return { ok: true, value: claim.answer as WriteResult<Body> };
  if (claim?.kind === 'reused') return { ok: false, error: new IdempotencyKeyReusedError() };
  return undefined;
}

/**
 * The one way into the public record: every writer of rows and events goes through here. It
 * writes rows and their events in one transaction, chains the events, applies Idempotency-Keys
 * and, once committed, wakes this process's relays through the CommitSignal it was given.
 */
export class RecordWriter {
  constructor(
    /** For reads beside the writes: the writer's own connections. */
    readonly pool: pg.Pool,
    private readonly commits: CommitSignal,
  ) {}

  /**
   * Group commit: items submitted while batches are in flight share the next batch, so the
   * chain lock and the WAL flush are paid once per batch rather than once per item.
   */
  groupCommit<Item extends Keyed, Body>(
    write: BatchWrite<Item, Body>,
    options?: BatchQueueOptions,
  ): (item: Item) => Promise<WriteResult<Body>> {
    const queue = new BatchQueue<Item, WriteResult<Body>>(
      (items) => this.writeBatch(items, write),
      options,
    );
    return (item) => queue.submit(item);
  }

  /**
   * Writes a batch together. Items repeating an Idempotency-Key of the batch share the first
   * one's answer. If the batch's transaction fails, each item is retried alone, so one bad row
   * cannot sink the others; but a lost or refused connection fails them all: a retry alone
   * would find the database as unreachable, or (had the lost statement committed) write a row
   * that carries no key a second time.
   */
  async writeBatch<Item extends Keyed, Body>(
    items: readonly Item[],
    write: BatchWrite<Item, Body>,
  ): Promise<Settled<WriteResult<Body>>[]> {
    const uses = usesInBatch(items.map((item) => item.keyed));
    const firsts = items.filter((_, i) => uses[i]?.first);
    const written = await this.#writeEachIfNeeded(firsts, write);
    const outcomes: Settled<WriteResult<Body>>[] = [];
    let next = 0;
    uses.forEach((use, i) => {
      if (use.first) {
        outcomes[i] = written[next] ?? NO_OUTCOME;
        next += 1;
      } else {
        outcomes[i] = use.sameRequest
          ? (outcomes[use.of] ?? NO_OUTCOME)
          : { ok: false, error: new IdempotencyKeyReusedError() };
      }
    });
    return outcomes;
  }

  async #writeEachIfNeeded<Item extends Keyed, Body>(
    items: readonly Item[],
    write: BatchWrite<Item, Body>,
  ): Promise<Settled<WriteResult<Body>>[]> {
    try {
      return await this.#writeTogether(items, write);
    } catch (error) {
      if (items.length <= 1 || isDatabaseUnavailable(error)) {
        return items.map(() => ({ ok: false, error }));
      }
      const alone: Settled<WriteResult<Body>>[] = [];
      for (const item of items) alone.push(...(await this.#writeEachIfNeeded([item], write)));
      return alone;
    }
  }

  async #writeTogether<Item extends Keyed, Body>(
    items: readonly Item[],
    write: BatchWrite<Item, Body>,
  ): Promise<Settled<WriteResult<Body>>[]> {
    if (items.length === 0) return [];
    // Without keys a batch needs no transaction of its own: its rows and their events go in
    // one statement, which holds the chain lock for no round trip to the client.
    if (items.every((item) => item.keyed === undefined)) {
      const session = new RecordSession(this.pool);
      try {
        return await write(session, items);
      } finally {
        if (session.appended > 0) this.commits.notify();
      }
    }
    const { result } = await this.transact(async (session) => {
      const keys = items.flatMap((item) => (item.keyed ? [item.keyed] : []));
      const claims = await claimKeys(session.db, keys);
      const answers = items.map((item) =>
        replayed<Body>(item.keyed && claims.get(scopeOf(item.keyed))),
      );
      const fresh = items.filter((_, i) => answers[i] === undefined);
      const written = await write(session, fresh);
      const claimed = fresh.map((item, i) => ({ keyed: item.keyed, outcome: written[i] }));
      await settleKeys(
        session.db,
        claimed.flatMap(({ keyed, outcome }) =>
          keyed && outcome?.ok ? [{ ...keyed, ...outcome.value }] : [],
        ),
        claimed.flatMap(({ keyed, outcome }) => (keyed && !outcome?.ok ? [keyed] : [])),
      );
      let next = 0;
      const outcomes = answers.map((answer) => answer ?? written[next++] ?? NO_OUTCOME);
      return { result: outcomes, events: [] };
    });
    return result;
  }

  /**
   * One write sent as one request, in a transaction of its own: with an Idempotency-Key, a
   * retry gets the first answer and the work does not run again.
   */
  async writeOne<Body>(
    keyed: KeyedWrite | undefined,
    work: (session: RecordSession<pg.PoolClient>) => Promise<AnsweredWrite<Body>>,
  ): Promise<WriteResult<Body>> {
    const { result } = await this.transact<WriteResult<Body>>(async (session) => {
      if (keyed) {
        const claims = await claimKeys(session.db, [keyed]);
        const earlier = replayed<Body>(claims.get(scopeOf(keyed)));
        if (earlier && !earlier.ok) throw earlier.error;
        if (earlier) return { result: earlier.value, events: [] };
      }
      const { events, ...answer } = await work(session);
      if (keyed) await settleKeys(session.db, [{ ...keyed, ...answer }], []);
      return { result: answer, events };
    });
    return result;
  }

  /**
   * Runs work in one transaction and chains the events it returns last, just before COMMIT
   * (appending holds the chain lock until then).
   */
  async transact<T>(
    work: (session: RecordSession<pg.PoolClient>) => Promise<Recorded<T>>,
  ): Promise<{ result: T; appended: AppendedEvent[] }> {
    let chained = 0;
    const done = await withTransaction(this.pool, async (client) => {
      const session = new RecordSession(client);
      const { result, events } = await work(session);
      const appended = await session.append(events);
      chained = session.appended;
      return { result, appended };
    });
    if (chained > 0) this.commits.notify();
    return done;
  }

  /** Batches of many rows on one client (imports): COPY, or INSERT where COPY cannot go. */
  bulk<Row>(client: pg.PoolClient, table: Table<Row>, load: BulkLoad): BulkLoader<Row> {
    return new BulkLoader(client, table, load, () => {
      this.commits.notify();
    });
  }
}
