import type { EmbedLayer } from '../../../shared/embed/embed-params.js';
import type { StreamEvent, StreamFeature } from '../../../shared/realtime/protocol.js';

/**
 * What the embed holds: the public features of each layer it shows, within its filter (time
 * window, categories), from the first load and then the live events. Pure: no DOM, no map.
 */
export interface EmbedFilter {
  /** The window at a moment: [from, to) in ms. */
  range(nowMs: number): { fromMs: number; toMs: number };
  /** Incident categories (responses and feedback carry their incident's); null: every one. */
  categories: ReadonlySet<string> | null;
}

export interface HeldFeature {
  id: string;
  lon: number;
  lat: number;
  properties: Record<string, unknown>;
}

/** One row of the accessible table: what a map symbol says, in data (the table words it). */
export interface EmbedRow {
  id: string;
  layer: 'incidents' | 'observations';
  category: string;
  status: string;
  timeMs: number;
  place: string | null;
}

/** The time each located layer filters by; responses and feedback follow their incident. */
const TIME_FIELD: Partial<Record<EmbedLayer, string>> = {
  incidents: 'occurredAt',
  observations: 'observedAt',
};

function pointOf(feature: StreamFeature): [number, number] | null {
  const geometry = feature.geometry as { coordinates?: unknown } | null;
  const coordinates = geometry?.coordinates;
  if (!Array.isArray(coordinates)) return null;
  const [lon, lat] = coordinates as unknown[];
  return typeof lon === 'number' && typeof lat === 'number' ? [lon, lat] : null;
}

export function timeOf(layer: EmbedLayer, properties: Record<string, unknown>): number | null {
  const field = TIME_FIELD[layer];
  if (!field) return null;
  const value = properties[field];
  return typeof value === 'string' ? Date.parse(value) : null;
}

export class EmbedStore {
  readonly #filter: EmbedFilter;
  readonly #layers = new Map<EmbedLayer, Map<string, HeldFeature>>();

  constructor(layers: readonly EmbedLayer[], filter: EmbedFilter) {
    this.#filter = filter;
    for (const layer of layers) this.#layers.set(layer, new Map());
  }

  /** Whether the feature belongs on this map at `nowMs`. */
  accepts(layer: EmbedLayer, properties: Record<string, unknown>, nowMs: number): boolean {
    const { categories } = this.#filter;
    if (categories && layer !== 'observations' && !categories.has(String(properties.category))) {
      return false;
    }
    const timeMs = timeOf(layer, properties);
    if (timeMs === null) return true;
    const { fromMs, toMs } = this.#filter.range(nowMs);
    return timeMs >= fromMs && timeMs < toMs;
  }

  /** The first load (or a reload after a resync) of one layer. */
  replace(layer: EmbedLayer, features: readonly StreamFeature[], nowMs: number): void {
    const held = this.#layers.get(layer);
    if (!held) return;
    held.clear();
    for (const feature of features) this.#put(layer, feature, nowMs);
  }

  /**
   * Applies live events; returns the incidents that are new on the map (for the announcement).
   * A feature that no longer matches (recategorised, out of the window) leaves the map.
   */
  apply(events: readonly StreamEvent[], nowMs: number): HeldFeature[] {
    const added: HeldFeature[] = [];
    for (const event of events) {
      const held = this.#layers.get(event.layer);
      if (!held) continue;
      if (event.type === 'removed') {
        held.delete(event.feature.id);
        continue;
      }
      const isNew = !held.has(event.feature.id);
      const put = this.#put(event.layer, event.feature, nowMs);
      if (put && isNew && event.layer === 'incidents') added.push(put);
    }
    return added;
  }

  /** Drops what a rolling window has left behind; true when something went. */
  prune(nowMs: number): boolean {
    let dropped = false;
    for (const [layer, held] of this.#layers) {
      for (const [id, feature] of held) {
        if (!this.accepts(layer, feature.properties, nowMs)) {
          held.delete(id);
          dropped = true;
        }
      }
    }
    return dropped;
  }

  features(layer: EmbedLayer): HeldFeature[] {
    return [...(this.#layers.get(layer)?.values() ?? [])];
  }

  /** Incidents and observations, newest first. */
  rows(): EmbedRow[] {
    const rows: EmbedRow[] = [];
    for (const layer of ['incidents', 'observations'] as const) {
      for (const feature of this.features(layer)) {
        const p = feature.properties;
        rows.push({
          id: feature.id,
          layer,
          category: String(p.category),
          status: String(layer === 'incidents' ? p.status : p.verification),
          timeMs: timeOf(layer, p) ?? 0,
          place:
            typeof p.place === 'string'
              ? p.place
              : typeof p.district === 'string'
                ? p.district
                : null,
        });
      }
    }
    return rows.sort((a, b) => b.timeMs - a.timeMs || a.id.localeCompare(b.id));
  }

  #put(layer: EmbedLayer, feature: StreamFeature, nowMs: number): HeldFeature | null {
    const held = this.#layers.get(layer);
    const point = pointOf(feature);
    const properties = feature.properties as Record<string, unknown>;
    if (!held || !point || !this.accepts(layer, properties, nowMs)) {
      held?.delete(feature.id);
      return null;
    }
    const kept = { id: feature.id, lon: point[0], lat: point[1], properties };
    held.set(feature.id, kept);
    return kept;
  }
}
