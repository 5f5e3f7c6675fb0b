import type {
  ObservationFeature,
  PublicObservationFeature,
} from '../../../shared/schemas/observation.js';

/** What the live stream says about an observation: it is there (as this), or it is gone. */
export type ObservationChange =
  | { type: 'created' | 'updated'; feature: PublicObservationFeature }
  | { type: 'removed'; id: string };

/** A map feature needs a numeric id (feature-state); the observation's id is a property. */
export type ObservationMapFeature = Omit<PublicObservationFeature, 'id' | 'properties'> & {
  id: number;
  properties: PublicObservationFeature['properties'] & { observationId: string };
};

/**
 * The public observations the map shows, by id: a snapshot by bbox replaces them, live
 * changes add, update or remove one. Only approved observations ever reach the public, so
 * everything here may be drawn; a `removed` (withdrawn, hidden, erased) takes one off.
 */
export class ObservationStore {
  readonly #byId = new Map<string, PublicObservationFeature>();
  readonly #mapIds = new Map<string, number>();
  #nextMapId = 1;

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): PublicObservationFeature | undefined {
    return this.#byId.get(id);
  }

  replace(features: readonly PublicObservationFeature[]): void {
    this.#byId.clear();
    for (const feature of features) this.#byId.set(feature.id, feature);
  }

  apply(changes: readonly ObservationChange[]): boolean {
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

  features(): ObservationMapFeature[] {
    return [...this.#byId.values()].map((feature) => ({
      ...feature,
      id: this.mapIdOf(feature.id),
      properties: { ...feature.properties, observationId: feature.id },
    }));
  }

  /** The numeric id of an observation's map feature (stable while the page is open). */
  mapIdOf(id: string): number {
    let mapId = this.#mapIds.get(id);
    if (mapId === undefined) {
      mapId = this.#nextMapId++;
      this.#mapIds.set(id, mapId);
    }
    return mapId;
  }
}

/**
 * An observation as the map draws it. A dispatcher's socket and REST answer carry each report
 * with its exact point (and no `reports` count): drawn as one report; one whose exact point is
 * erased has no geometry and is not drawn.
 */
export function asMapObservation(feature: ObservationFeature): PublicObservationFeature | null {
  if (feature.geometry === null) return null;
  if (feature.properties.locationPrecision === 'approximate') {
    return feature as PublicObservationFeature;
  }
  const p = feature.properties;
  return {
    type: 'Feature',
    id: feature.id,
    geometry: feature.geometry,
    properties: {
      category: p.category,
      observedAt: p.observedAt,
      behaviours: p.behaviours,
      text: p.publicText,
      verification: p.verification,
      reports: 1,
      district: p.district,
      place: p.place,
      incidentId: p.incidentId,
      locationPrecision: 'approximate',
      precisionMetres: 0,
    },
  };
}

/** A stream event of the observations layer as a change (other layers' events: null). */
export function observationChangeOf(event: {
  layer: string;
  type: string;
  feature: { id: string; geometry: unknown };
}): ObservationChange | null {
  if (event.layer !== 'observations') return null;
  if (event.type === 'removed' || event.feature.geometry === null) {
    return { type: 'removed', id: event.feature.id };
  }
  const feature = asMapObservation(event.feature as unknown as ObservationFeature);
  if (!feature) return { type: 'removed', id: event.feature.id };
  return { type: event.type === 'created' ? 'created' : 'updated', feature };
}
