import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

const DURATION_MS = 1600;

/**
 * New incidents pulse once: a ring on its own small source, grown by one paint change per
 * frame while pulses are running (feature-state changes do not animate). Without motion
 * (prefers-reduced-motion) the ring stays still for the same time.
 */
export class PulseAnimation {
  readonly #map: MapLibreMap;
  readonly #id: string;
  #pulses: { coordinates: [number, number]; startMs: number }[] = [];
  #frame = 0;
  #visible = true;
  readonly #reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

  constructor(map: MapLibreMap, id: string) {
    this.#map = map;
    this.#id = id;
    map.addSource(id, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    map.addLayer({
      id,
      type: 'circle',
      source: id,
      paint: {
        'circle-radius': 12,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#e11d48',
        'circle-stroke-width': 3,
        'circle-stroke-opacity': 0.9,
      },
    });
  }

  add(points: [number, number][]): void {
    if (!this.#visible || points.length === 0) return;
    const startMs = performance.now();
    this.#pulses.push(...points.map((coordinates) => ({ coordinates, startMs })));
    this.#pulses = this.#pulses.slice(-200);
    this.#render();
    if (this.#frame === 0) this.#frame = requestAnimationFrame(this.#tick);
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    this.#map.setLayoutProperty(this.#id, 'visibility', visible ? 'visible' : 'none');
  }

  remove(): void {
    cancelAnimationFrame(this.#frame);
    if (this.#map.getLayer(this.#id)) this.#map.removeLayer(this.#id);
    if (this.#map.getSource(this.#id)) this.#map.removeSource(this.#id);
  }

  readonly #tick = (now: number) => {
    const before = this.#pulses.length;
    this.#pulses = this.#pulses.filter((pulse) => now - pulse.startMs < DURATION_MS);
    if (this.#pulses.length !== before) this.#render();
    const newest = this.#pulses.at(-1);
    if (!newest) {
      this.#frame = 0;
      return;
    }
    if (!this.#reducedMotion) {
      const t = (now - newest.startMs) / DURATION_MS;
      this.#map.setPaintProperty(this.#id, 'circle-radius', 10 + 22 * t);
      this.#map.setPaintProperty(this.#id, 'circle-stroke-opacity', 0.9 * (1 - t));
    }
    this.#frame = requestAnimationFrame(this.#tick);
  };

  #render(): void {
    void this.#map.getSource<GeoJSONSource>(this.#id)?.setData({
      type: 'FeatureCollection',
      features: this.#pulses.map((pulse) => ({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: pulse.coordinates },
      })),
    });
  }
}
