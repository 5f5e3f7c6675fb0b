/**
 * A live point layer's features by id (the responses and feedback layers): a snapshot by bbox
 * replaces them, a stream event adds, updates or removes one. MapLibre's feature-state needs a
 * numeric id, so each feature gets one (stable while the page is open) and keeps its own id as
 * the property `featureId`.
 */

export interface PointFeature<P> {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: number[] };
  properties: P;
}

export type PointChange<P> =
  { type: 'created' | 'updated'; feature: PointFeature<P> } | { type: 'removed'; id: string };

export type MapPointFeature<P, Drawn> = Omit<PointFeature<P>, 'id' | 'properties'> & {
  id: number;
  properties: Drawn & { featureId: string };
};

/** A stream event as the socket hands it over (its layer's feature, or a removal). */
export interface LayerEvent {
  layer: string;
  type: string;
  feature: { id: string; geometry: unknown; properties?: unknown };
}

/** One stream event of `layer` as a change; another layer's event is null. */
export function pointChangeOf<P>(layer: string, event: LayerEvent): PointChange<P> | null {
  if (event.layer !== layer) return null;
  const geometry = event.feature.geometry as { type?: string } | null;
  if (event.type === 'removed' || geometry?.type !== 'Point') {
    return { type: 'removed', id: event.feature.id };
  }
  return {
    type: event.type === 'created' ? 'created' : 'updated',
    feature: event.feature as PointFeature<P>,
  };
}

export class PointLayerStore<P> {
  readonly #byId = new Map<string, PointFeature<P>>();
  readonly #mapIds = new Map<string, number>();
  #nextMapId = 1;

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): PointFeature<P> | undefined {
    return this.#byId.get(id);
  }

  replace(features: readonly PointFeature<P>[]): void {
    this.#byId.clear();
    for (const feature of features) this.#byId.set(feature.id, feature);
  }

  /** True when anything changed. */
  apply(changes: readonly PointChange<P>[]): boolean {
    let changed = false;
    for (const change of changes) {
      if (change.type === 'removed') changed = this.#byId.delete(change.id) || changed;
      else {
        this.#byId.set(change.feature.id, change.feature);
        changed = true;
      }
    }
    return changed;
  }

  /** The features as the map draws them: `draw` turns the properties into what styles read. */
  features<Drawn>(draw: (properties: P) => Drawn): MapPointFeature<P, Drawn>[] {
    return [...this.#byId.values()].map((feature) => ({
      type: 'Feature',
      geometry: feature.geometry,
      id: this.mapIdOf(feature.id),
      properties: { ...draw(feature.properties), featureId: feature.id },
    }));
  }

  mapIdOf(id: string): number {
    let mapId = this.#mapIds.get(id);
    if (mapId === undefined) {
      mapId = this.#nextMapId++;
      this.#mapIds.set(id, mapId);
    }
    return mapId;
  }
}
