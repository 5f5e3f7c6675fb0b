export interface TableTailSteps {
  /** Finds where to start reading; tried again on each wake-up until it has succeeded once. */
  findStart(): Promise<void>;
  /** Reads everything there is to read now, from where the last read stopped. */
  readAll(): Promise<void>;
  onError(error: unknown): void;
}

/**
 * Reads a table that only grows, when woken: one read at a time, and a wake-up that comes
 * during a read reads again once it ends, since a commit may have landed after that read saw
 * none. A failed read is reported and left to the next wake-up (a NOTIFY, a local signal, a
 * poll): the position stays where the last successful page put it.
 */
export class TableTail {
  #started = false;
  #reading = false;
  #again = false;
  #stopped = false;

  constructor(private readonly steps: TableTailSteps) {}

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Finds the start; false when it could not (the database is down), and wake-ups retry. */
  async start(): Promise<boolean> {
    if (this.#started) return true;
    try {
      await this.steps.findStart();
      this.#started = true;
    } catch (error) {
      this.steps.onError(error);
    }
    return this.#started;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    void this.#read();
  }

  stop(): void {
    this.#stopped = true;
  }

  #wokenAgain(): boolean {
    return this.#again && !this.#stopped;
  }

  async #read(): Promise<void> {
    this.#reading = true;
    try {
      if (!(await this.start())) return;
      do {
        this.#again = false;
        await this.steps.readAll();
      } while (this.#wokenAgain());
    } catch (error) {
      this.steps.onError(error);
    } finally {
      this.#reading = false;
    }
  }
}
