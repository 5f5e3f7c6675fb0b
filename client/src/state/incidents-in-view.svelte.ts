import { containsPoint, type Bbox } from '../../../shared/geo/bbox.js';
import type { IncidentRecord } from './incident-store.js';
import type { IncidentsFeed } from './incidents-feed.svelte.js';

/** What the list shows: the feed's incidents in the map's view, newest first, and the one selected. */
export class IncidentsInView {
  readonly #feed: IncidentsFeed;
  /** The map's view once it has settled; null before the map has one. */
  bbox = $state<Bbox | null>(null);

  readonly records: IncidentRecord[] = $derived.by(() => {
    void this.#feed.version;
    const bbox = this.bbox;
    const records = this.#feed.store.visibleRecords();
    const shown = bbox ? records.filter((r) => containsPoint(bbox, r.lon, r.lat)) : records;
    return shown.sort((a, b) => b.occurredAtMs - a.occurredAtMs);
  });

  readonly selected: IncidentRecord | undefined = $derived.by(() => {
    void this.#feed.version;
    return this.#feed.selectedId ? this.#feed.store.get(this.#feed.selectedId) : undefined;
  });

  constructor(feed: IncidentsFeed) {
    this.#feed = feed;
  }
}

/** The categories most often in view, most frequent first: the legend's when none is chosen. */
export function frequentCategories(records: readonly IncidentRecord[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.category, (counts.get(record.category) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([slug]) => slug);
}
