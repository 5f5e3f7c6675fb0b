import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Bbox } from '../../../shared/geo/bbox.js';
import { viewportBbox } from './viewport.js';

/** The map's view as a bbox, told once the camera has stopped (a pan ends many moves). */
export class SettledViewport {
  readonly #map: MapLibreMap;
  readonly #settleMs: number;
  readonly #onsettled: (bbox: Bbox) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(map: MapLibreMap, settleMs: number, onsettled: (bbox: Bbox) => void) {
    this.#map = map;
    this.#settleMs = settleMs;
    this.#onsettled = onsettled;
    map.on('moveend', this.schedule);
  }

  /** Tells the view after the settling time, unless the camera moves again first. */
  readonly schedule = (): void => {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      const bounds = this.#map.getBounds();
      this.#onsettled(
        viewportBbox(bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()),
      );
    }, this.#settleMs);
  };

  stop(): void {
    clearTimeout(this.#timer);
    this.#map.off('moveend', this.schedule);
  }
}
