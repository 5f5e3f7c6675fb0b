import type { Bbox } from '../../../shared/geo/bbox.js';
import type { Layer } from '../../../shared/realtime/constants.js';
import { LiveStream } from '../api/live-stream.js';
import {
  PointLayerStore,
  pointChangeOf,
  type LayerEvent,
  type PointChange,
  type PointFeature,
} from './point-layer-store.js';

export type FetchPoints<P> = (bbox: Bbox, signal: AbortSignal) => Promise<PointFeature<P>[]>;

/**
 * A point layer's data (responses, feedback): a REST snapshot of the view, then the live
 * stream's events of that layer, on a stream of its own (as the observations layer does).
 */
export class PointLayerFeed<P> {
  /** Bumped on every change: the layer redraws. */
  version = $state(0);
  error = $state<string | null>(null);
  readonly store = new PointLayerStore<P>();
  readonly #layer: Layer;
  readonly #fetch: FetchPoints<P>;
  #stream: LiveStream | null = null;
  #bbox: Bbox | null = null;
  #snapshot: AbortController | null = null;

  constructor(layer: Layer, fetch: FetchPoints<P>) {
    this.#layer = layer;
    this.#fetch = fetch;
  }

  open(): void {
    this.#stream = new LiveStream({
      onEvents: (batch) => {
        const changes = (batch as LayerEvent[])
          .map((event) => pointChangeOf<P>(this.#layer, event))
          .filter((change): change is PointChange<P> => change !== null);
        if (this.store.apply(changes)) this.version++;
      },
      onResync: () => this.reload(),
      onError: (error) => {
        this.error = error.message;
      },
    });
  }

  close(): void {
    this.#stream?.close();
    this.#stream = null;
    this.#snapshot?.abort();
  }

  setViewport(bbox: Bbox): void {
    this.#bbox = bbox;
    void this.#stream?.subscribe({ bbox, layers: [this.#layer] });
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.#bbox) return;
    this.#snapshot?.abort();
    const controller = new AbortController();
    this.#snapshot = controller;
    try {
      const features = await this.#fetch(this.#bbox, controller.signal);
      if (controller.signal.aborted) return;
      this.store.replace(features);
      this.error = null;
      this.version++;
    } catch (error) {
      if (!controller.signal.aborted) {
        this.error = error instanceof Error ? error.message : String(error);
      }
    }
  }
}
