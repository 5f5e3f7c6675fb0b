import type pg from 'pg';
import { TableTail } from '../db/table-tail.js';
import type { CommitSignal } from '../record/commit-signal.js';
import {
  deliverDue,
  sendDuePushes,
  type InAppDelivery,
  type PushDeliveryOptions,
} from './alert-delivery.js';
import { matchBatch } from './alert-matcher.js';
import type { VapidKeys } from './vapid-keys.js';

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
  inApp: InAppDelivery;
  onError: (error: unknown) => void;
}

/**
 * One per process: on each wake-up (a commit of this process, or the poll for other
 * processes' commits and for the ends of quiet hours) it matches the new events, delivers the
 * due notifications and sends the due pushes. Several processes share the work through row
 * locks (the matcher's cursor, each notification, each push), never doing one thing twice.
 */
export class AlertWorker {
  readonly #tail: TableTail;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #idle: Promise<void> = Promise.resolve();
  #settle: (() => void) | undefined;

  constructor(
    private readonly context: AlertWorkerContext,
    private readonly options: AlertWorkerOptions,
  ) {
    this.#tail = new TableTail({
      findStart: () => Promise.resolve(),
      readAll: () => this.#work(),
      onError: (error) => {
        this.context.onError(error);
      },
    });
  }

  start(): void {
    this.#unsubscribe = this.context.commits.subscribe(() => {
      this.wake();
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
    this.#unsubscribe?.();
    await this.#idle;
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
      const { pool, inApp } = this.context;
      const { batchSize } = this.options;
      for (;;) {
        const outcome = await matchBatch(pool, this.options.now(), batchSize);
        if (outcome.kind === 'busy' || outcome.events < batchSize) break;
      }
      while ((await deliverDue(pool, this.options.now(), batchSize, inApp)) === batchSize);
      const keys = await this.context.vapidKeys();
      for (;;) {
        const counts = await sendDuePushes(pool, this.options.now(), keys, this.options.push);
        const handled = counts.sent + counts.gone + counts.failed + counts.refused;
        if (handled < this.options.push.batchSize) break;
      }
    } finally {
      this.#settle?.();
    }
  }
}
