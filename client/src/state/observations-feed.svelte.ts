import type { Bbox } from '../../../shared/geo/bbox.js';
import type { PublicObservationFeature } from '../../../shared/schemas/observation.js';
import { LiveStream } from '../api/live-stream.js';
import { fetchObservations } from '../api/observations-api.js';
import {
  ObservationStore,
  observationChangeOf,
  type ObservationChange,
} from '../observations/observation-store.js';

/**
 * The observations layer's data: a REST snapshot of the view, then the live stream's
 * `observations` events (a stream of its own, so the incidents' stream stays as it was).
 */
export class ObservationsFeed {
  /** Bumped on every change: the layer redraws, an open panel re-reads its observation. */
  version = $state(0);
  error = $state<string | null>(null);
  readonly store = new ObservationStore();
  #stream: LiveStream | null = null;
  #bbox: Bbox | null = null;
  #snapshot: AbortController | null = null;

  open(): void {
    this.#stream = new LiveStream({
      onEvents: (batch) => {
        const changes = batch
          .map((event) => observationChangeOf(event))
          .filter((change): change is ObservationChange => change !== null);
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

  get(id: string): PublicObservationFeature | undefined {
    void this.version;
    return this.store.get(id);
  }

  setViewport(bbox: Bbox): void {
    this.#bbox = bbox;
    void this.#stream?.subscribe({ bbox, layers: ['observations'] });
    void this.reload();
  }

  async reload(): Promise<void> {
    if (!this.#bbox) return;
    this.#snapshot?.abort();
    const controller = new AbortController();
    this.#snapshot = controller;
    try {
      const features = await fetchObservations(this.#bbox, controller.signal);
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
