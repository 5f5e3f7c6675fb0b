import type { Map as MapLibreMap } from 'maplibre-gl';
import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';
import type { Bbox } from '../../../shared/geo/bbox.js';
import type { StreamEvent } from '../../../shared/realtime/protocol.js';
import { addEmbedLayers, drawEmbedLayers } from './embed-layers.js';
import { loadLayer, type SnapshotQuery } from './embed-rest.js';
import type { EmbedPage } from './embed-shell.js';
import { EmbedStore, type EmbedFilter } from './embed-store.js';
import { windowRange } from './embed-window.js';

const PRUNE_EVERY_MS = 60_000;

/**
 * The embed's data: the first load (and reloads after a resync) over REST, the live events in
 * between and after, drawn on the map and listed in the table. Events that come while a load is
 * on its way wait for it, so that the load does not overwrite them.
 */
export class EmbedLiveData {
  readonly #map: MapLibreMap;
  readonly #page: EmbedPage;
  readonly #params: MapEmbedParams;
  readonly #bbox: Bbox | null;
  readonly #store: EmbedStore;
  #waiting: StreamEvent[] | null = null;

  constructor(map: MapLibreMap, page: EmbedPage, params: MapEmbedParams, bbox: Bbox | null) {
    this.#map = map;
    this.#page = page;
    this.#params = params;
    this.#bbox = bbox;
    const filter: EmbedFilter = {
      range: (nowMs) => windowRange(params.window, nowMs),
      categories: params.categories.length > 0 ? new Set(params.categories) : null,
    };
    this.#store = new EmbedStore(params.layers, filter);
    addEmbedLayers(map, params.layers);
    setInterval(() => {
      if (this.#store.prune(Date.now())) this.#draw();
    }, PRUNE_EVERY_MS);
  }

  async reload(): Promise<void> {
    this.#waiting ??= [];
    const nowMs = Date.now();
    const query: SnapshotQuery = {
      bbox: this.#bbox,
      ...windowRange(this.#params.window, nowMs),
      categories: this.#params.categories,
    };
    try {
      const loaded = await Promise.all(this.#params.layers.map((layer) => loadLayer(layer, query)));
      this.#params.layers.forEach((layer, index) => {
        this.#store.replace(layer, loaded[index] ?? [], nowMs);
      });
    } catch (error) {
      this.#page.root.dataset.loadError = error instanceof Error ? error.message : String(error);
      throw error;
    } finally {
      const waiting = this.#waiting;
      this.#waiting = null;
      this.#store.apply(waiting, Date.now());
    }
    this.#draw();
  }

  apply(events: StreamEvent[]): void {
    if (this.#waiting) {
      this.#waiting.push(...events);
      return;
    }
    const added = this.#store.apply(events, Date.now());
    this.#draw();
    this.#page.announcer.added(added);
  }

  /** Where the incidents (or else anything shown) are, to fit an embed without an area. */
  points(): [number, number][] {
    const layer = this.#params.layers[0];
    return layer ? this.#store.features(layer).map((f) => [f.lon, f.lat]) : [];
  }

  #draw(): void {
    drawEmbedLayers(this.#map, this.#params.layers, this.#store, this.#params.lang);
    this.#page.table.show(this.#store.rows());
    this.#page.footer.dataAsOf(Date.now());
  }
}
