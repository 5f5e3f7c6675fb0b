export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<Item, Result> {
  item: Item;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

export interface BatchQueueOptions {
  /** The most items in one batch. */
  maxBatch: number;
  /**
   * Batches in flight at once: while one waits on the database (round trips, the chain lock,
   * the WAL flush), the next is already being written, so the process does not sit idle.
   */
  concurrency: number;
}

/**
 * Group commit: items submitted while batches are in flight wait and go together in the next
 * one. An idle queue runs an item at once (a batch of one), so batching adds no delay; a busy
 * one pays one transaction, one chain lock and one WAL flush per batch instead of per item.
 */
export class BatchQueue<Item, Result> {
  readonly #waiting: Waiting<Item, Result>[] = [];
  #running = 0;

  constructor(
    private readonly runBatch: (items: Item[]) => Promise<Settled<Result>[]>,
    private readonly options: BatchQueueOptions = { maxBatch: 500, concurrency: 2 },
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    if (this.#running >= this.options.concurrency) return;
    this.#running += 1;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.options.maxBatch);
        try {
          const outcomes = await this.runBatch(batch.map((waiting) => waiting.item));
          batch.forEach((waiting, index) => {
            const outcome = outcomes[index];
            if (!outcome) waiting.reject(new Error('the batch returned no outcome for this item'));
            else if (outcome.ok) waiting.resolve(outcome.value);
            else waiting.reject(outcome.error);
          });
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.#running -= 1;
    }
  }
}
