import { containsPoint, type Bbox } from '../../../shared/geo/bbox.js';
import type { LonLat } from '../../../shared/schemas/common.js';
import type { IncidentRecord } from './incident-store.js';
import type { IncidentsFeed } from './incidents-feed.svelte.js';

/** What the list shows: the feed's incidents in the map's view, newest first, and the one selected. */
export class IncidentsInView {
  readonly #feed: IncidentsFeed;
  /** The map's view once it has settled; null before the map has one. */
  bbox = $state<Bbox | null>(null);
  /** The map's centre once it has settled (the list's distance order measures from it). */
  centre = $state<LonLat | null>(null);

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
