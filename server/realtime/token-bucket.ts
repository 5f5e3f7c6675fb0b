/** A token bucket: `capacity` at once, refilled at `perSecond`. */
export class TokenBucket {
  #tokens: number;
  #updated = Date.now();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {
    this.#tokens = capacity;
  }

  take(): boolean {
    const now = Date.now();
    this.#tokens = Math.min(
      this.capacity,
      this.#tokens + ((now - this.#updated) / 1000) * this.perSecond,
    );
    this.#updated = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
