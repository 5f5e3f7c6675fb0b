import { containsPoint, type Bbox } from '../../shared/geo/bbox.js';

/**
 * Finds the subscriptions whose bbox holds a point without looking at the others: each
 * subscription is filed under the grid cells its bbox touches, so matching an event costs in
 * proportion to the subscriptions near it, not to all connected clients. A bbox touching more
 * than `maxCellsPerEntry` cells (a zoomed-out map) goes to a short list checked for every event.
 */
export class SubscriptionIndex<Entry> {
  readonly #cells = new Map<string, Set<Entry>>();
  readonly #wide = new Set<Entry>();
  readonly #filed = new Map<Entry, { keys: string[]; bbox: Bbox }>();

  constructor(
    private readonly cellDegrees = 0.05,
    private readonly maxCellsPerEntry = 256,
  ) {}

  get size(): number {
    return this.#filed.size;
  }

  set(entry: Entry, bbox: Bbox): void {
    this.delete(entry);
    const [minX, minY, maxX, maxY] = this.#cellRange(bbox);
    const count = (maxX - minX + 1) * (maxY - minY + 1);
    const keys: string[] = [];
    if (count > this.maxCellsPerEntry) {
      this.#wide.add(entry);
    } else {
      for (let x = minX; x <= maxX; x += 1) {
        for (let y = minY; y <= maxY; y += 1) {
          const key = `${x}:${y}`;
          let cell = this.#cells.get(key);
          if (!cell) this.#cells.set(key, (cell = new Set()));
          cell.add(entry);
          keys.push(key);
        }
      }
    }
    this.#filed.set(entry, { keys, bbox });
  }

  delete(entry: Entry): void {
    const filed = this.#filed.get(entry);
    if (!filed) return;
    this.#wide.delete(entry);
    for (const key of filed.keys) {
      const cell = this.#cells.get(key);
      cell?.delete(entry);
      if (cell?.size === 0) this.#cells.delete(key);
    }
    this.#filed.delete(entry);
  }

  /** The entries whose bbox holds the point (edges included). */
  *matching(lon: number, lat: number): Generator<Entry> {
    const cell = this.#cells.get(`${this.#cell(lon)}:${this.#cell(lat)}`);
    for (const candidates of [cell, this.#wide]) {
      if (!candidates) continue;
      for (const entry of candidates) {
        const bbox = this.#filed.get(entry)?.bbox;
        if (bbox && containsPoint(bbox, lon, lat)) yield entry;
      }
    }
  }

  #cell(degrees: number): number {
    return Math.floor(degrees / this.cellDegrees);
  }

  #cellRange(bbox: Bbox): [number, number, number, number] {
    return [this.#cell(bbox[0]), this.#cell(bbox[1]), this.#cell(bbox[2]), this.#cell(bbox[3])];
  }
}
