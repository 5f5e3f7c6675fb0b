import type pg from 'pg';
import { TableTail } from '../db/table-tail.js';
import type { CommitSignal } from '../record/commit-signal.js';
import { deliverDue, sendDuePushes, type PushDeliveryOptions } from './alert-delivery.js';
import { matchBatch } from './alert-matcher.js';
import { InAppTail, type InAppTailOptions } from './in-app-tail.js';
import type { VapidKeys } from './vapid-keys.js';
import { SELECT_PENDING_WORK } from './worker.queries.js';

const COMMIT_COALESCE_MS = 50;

interface PendingWork {
  unmatched: boolean;
  due: boolean;
  pushes: boolean;
}

export interface AlertWorkerOptions {
  /** The floor: match and deliver even when no commit of this process woke the worker. */
  pollMs: number;
  batchSize: number;
  /** The clock of quiet hours and due times (tests inject one). */
  now: () => Date;
  push: PushDeliveryOptions;
}

export interface AlertWorkerContext {
  pool: pg.Pool;
  commits: CommitSignal;
  vapidKeys: () => Promise<VapidKeys>;
  inApp: InAppTailOptions;
  onError: (error: unknown) => void;
}

/**
 * One per process: on each wake-up (a commit of this process, or the poll for other
 * processes' commits and for the ends of quiet hours) it matches the new events, delivers the
 * due notifications, tells this process's sockets of what was delivered (by any process) and
 * sends the due pushes. Several processes share the work through row
 * locks (the matcher's cursor, each notification, each push), never doing one thing twice.
 */
/** How long stop() waits for the work in hand. */
const STOP_WAIT_MS = 2_000;

export class AlertWorker {
  readonly #tail: TableTail;
  readonly #inApp: InAppTail;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #soon: NodeJS.Timeout | undefined;
  #idle: Promise<void> = Promise.resolve();
  #settle: (() => void) | undefined;

  constructor(
    private readonly context: AlertWorkerContext,
    private readonly options: AlertWorkerOptions,
  ) {
    this.#inApp = new InAppTail(context.pool, context.inApp);
    this.#tail = new TableTail({
      findStart: () => this.#inApp.read(),
      readAll: () => this.#work(),
      onError: (error) => {
        this.context.onError(error);
      },
    });
  }

  start(): void {
    // A burst of commits (a CAD feed, an import) wakes the worker once per short pause, not
    // once per commit: alerts may come a few tens of ms later, the writers' pool stays free.
    this.#unsubscribe = this.context.commits.subscribe(() => {
      this.#soon ??= setTimeout(() => {
        this.#soon = undefined;
        this.wake();
      }, COMMIT_COALESCE_MS);
    });
    this.#timer = setInterval(() => {
      this.wake();
    }, this.options.pollMs);
    this.#timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.#tail.stop();
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    this.#unsubscribe?.();
    // A shutdown waits for the work in hand a little, not for a long catch-up (a burst of writes
    // on the embedded database): what is cut off rolls back and is done again after the restart.
    await Promise.race([
      this.#idle,
      new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref()),
    ]);
  }

  wake(): void {
    this.#tail.wake();
  }

  /** Matches until caught up, then delivers and sends until nothing is due. */
  async #work(): Promise<void> {
    this.#idle = new Promise((resolve) => {
      this.#settle = resolve;
    });
    try {
      const { pool } = this.context;
      const pending = await pool.query<PendingWork>(SELECT_PENDING_WORK, [this.options.now()]);
      const work = pending.rows[0];
      if (work?.unmatched) await this.#matchAll();
      // Matching may have made notifications due now.
      if (work?.unmatched || work?.due) await this.#deliverAll();
      // Another process may have delivered: this one tells its own sockets.
      await this.#inApp.read();
      if (work?.unmatched || work?.due || work?.pushes) await this.#pushAll();
    } finally {
      this.#settle?.();
    }
  }

  async #matchAll(): Promise<void> {
    const { batchSize } = this.options;
    for (;;) {
      const outcome = await matchBatch(this.context.pool, this.options.now(), batchSize);
      if (outcome.kind === 'busy' || outcome.events < batchSize) return;
    }
  }

  async #deliverAll(): Promise<void> {
    const { batchSize } = this.options;
    for (;;) {
      const delivered = await deliverDue(this.context.pool, this.options.now(), batchSize);
      if (delivered < batchSize) return;
    }
  }

  async #pushAll(): Promise<void> {
    const keys = await this.context.vapidKeys();
    const { push } = this.options;
    for (;;) {
      const counts = await sendDuePushes(this.context.pool, this.options.now(), keys, push);
      const handled = counts.sent + counts.gone + counts.failed + counts.refused;
      if (handled < push.batchSize) return;
    }
  }
}
