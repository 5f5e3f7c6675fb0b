/**
 * The pure parts of the live stream (live-stream.ts): which event ids are new, and delivering
 * the new events in batches, once per animation frame. No socket, no DOM: unit-tested alone.
 */

/** Runs `callback` once, at the next frame; returns a function that cancels it. */
export type ScheduleFrame = (callback: () => void) => () => void;

type RequestFrame = (callback: () => void) => number;

/** `requestAnimationFrame` in a browser, otherwise (Node, tests) a 16 ms timer. */
export const nextFrame: ScheduleFrame = (callback) => {
  const frames = globalThis as unknown as {
    requestAnimationFrame?: RequestFrame;
    cancelAnimationFrame?: (handle: number) => void;
  };
  if (frames.requestAnimationFrame && frames.cancelAnimationFrame) {
    const handle = frames.requestAnimationFrame(() => {
      callback();
    });
    return () => {
      frames.cancelAnimationFrame?.(handle);
    };
  }
  const timer = setTimeout(callback, 16);
  return () => {
    clearTimeout(timer);
  };
};

/** Queues items and hands them to `deliver` in one batch per frame, in arrival order. */
export class FrameBatcher<T> {
  #queue: T[] = [];
  #cancel: (() => void) | undefined;
  readonly #deliver: (batch: T[]) => void;
  readonly #schedule: ScheduleFrame;

  constructor(deliver: (batch: T[]) => void, schedule: ScheduleFrame = nextFrame) {
    this.#deliver = deliver;
    this.#schedule = schedule;
  }

  get pending(): number {
    return this.#queue.length;
  }

  push(item: T): void {
    this.#queue.push(item);
    this.#cancel ??= this.#schedule(() => {
      this.#cancel = undefined;
      this.flush();
    });
  }

  /** Delivers what is queued now (the scheduled frame calls this). */
  flush(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length > 0) this.#deliver(batch);
  }

  /** Drops the queue and any scheduled frame. */
  clear(): void {
    this.#queue = [];
    this.#cancel?.();
    this.#cancel = undefined;
  }
}

/**
 * The receiving end of the stream: keeps the last event id seen, drops an event whose id is
 * at or below it (a duplicate, e.g. replayed after a reconnect: at most once here too), and
 * batches the new ones per frame. While a resync is under way it takes nothing: the stream
 * is re-subscribed from the resync's cursor once the snapshot is reloaded.
 */
export class EventQueue<T extends { id: number }> {
  #lastId: number | undefined;
  #received = 0;
  #resyncing = false;
  readonly #batcher: FrameBatcher<T>;

  constructor(deliver: (batch: T[]) => void, schedule?: ScheduleFrame) {
    this.#batcher = new FrameBatcher(deliver, schedule);
  }

  /** Where the stream resumes (`since`); undefined until an event, an ack or a resync. */
  get lastId(): number | undefined {
    return this.#lastId;
  }

  /** Events taken (duplicates and older ids not counted). */
  get received(): number {
    return this.#received;
  }

  get resyncing(): boolean {
    return this.#resyncing;
  }

  /** True when the event is new and queued for the next batch. */
  receive(event: T): boolean {
    if (this.#resyncing) return false;
    if (this.#lastId !== undefined && event.id <= this.#lastId) return false;
    this.#lastId = event.id;
    this.#received += 1;
    this.#batcher.push(event);
    return true;
  }

  /**
   * A subscribe ack's cursor: where to resume when no event has been seen yet (otherwise the
   * events between the last one seen and the cursor are still to come, so it is ignored).
   */
  start(cursor: number): void {
    this.#lastId ??= cursor;
  }

  /**
   * A resync: the map reloads its snapshot, which covers everything queued, so the queue is
   * dropped and the stream continues from `cursor`, ahead of the last id or (the server's
   * ids were reset) behind it.
   */
  beginResync(cursor: number): void {
    this.#lastId = cursor;
    this.#resyncing = true;
    this.#batcher.clear();
  }

  /** The snapshot is loaded: events are taken again (the caller re-subscribes from `lastId`). */
  endResync(): void {
    this.#resyncing = false;
  }

  clear(): void {
    this.#batcher.clear();
  }
}
