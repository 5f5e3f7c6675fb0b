import type { CategorySlug } from '../../../shared/categories.js';
import type { IncidentStreamEvent, StreamEvent } from '../../../shared/realtime/protocol.js';
import type { Point } from '../../../shared/schemas/common.js';
import {
  SIMULATOR_SOURCE,
  type IncidentStatus,
} from '../../../shared/schemas/incident-constants.js';
import type {
  IncidentFeature,
  IncidentProperties,
} from '../../../shared/schemas/incident-feature.js';
import { appealOf } from '../observations/appeal-of.js';
import { matchesFilter, type IncidentFilter } from './incident-filter.js';

export interface IncidentRecord {
  id: string;
  /** MapLibre's feature id: feature-state and updateData want numbers. */
  mapId: number;
  lon: number;
  lat: number;
  category: CategorySlug;
  status: IncidentStatus;
  priority: number;
  occurredAtMs: number;
  updatedAtMs: number;
  simulated: boolean;
  /** The district of the public point, and where in words ("near 5XX Homer St, Downtown"). */
  district: string | null;
  place: string | null;
  /** A dispatcher's incident whose policy shows the public no point (aggregate, hidden). */
  placeNotShown: boolean;
  /** Dispatch appeals for information on it now (the map rings it, the list says so). */
  openAppeal: boolean;
  properties: IncidentProperties;
}

/** What the map's GeoJSON source holds per incident: only what its layers style by. */
export interface MapFeature {
  type: 'Feature';
  id: number;
  geometry: Point;
  properties: {
    incidentId: string;
    category: CategorySlug;
    priority: number;
    status: IncidentStatus;
    occurredAtMs: number;
    simulated: boolean;
    /** An open appeal for information (IncidentRecord.openAppeal). */
    appeal: boolean;
  };
}

/** A change to a map source: removals first, then additions (an update is both). */
export interface SourceDiff<F extends { id: number } = MapFeature> {
  remove: number[];
  add: F[];
}

export const EMPTY_DIFF: SourceDiff = { remove: [], add: [] };

function sameState(a: IncidentRecord, b: IncidentRecord): boolean {
  return (
    a.updatedAtMs === b.updatedAtMs &&
    a.lon === b.lon &&
    a.lat === b.lat &&
    a.status === b.status &&
    a.category === b.category &&
    // An appeal changes the incident's feature, not its updatedAt (and its tips change it too).
    JSON.stringify(a.properties.appeal) === JSON.stringify(b.properties.appeal)
  );
}

export function toMapFeature(record: IncidentRecord): MapFeature {
  return {
    type: 'Feature',
    id: record.mapId,
    geometry: { type: 'Point', coordinates: [record.lon, record.lat] },
    properties: {
      incidentId: record.id,
      category: record.category,
      priority: record.priority,
      status: record.status,
      occurredAtMs: record.occurredAtMs,
      simulated: record.simulated,
      appeal: record.openAppeal,
    },
  };
}

/**
 * The incidents the client knows, and which of them the filter shows. Snapshots (REST, by
 * bbox) and live events (socket) both land here; every change returns the diff to apply to
 * the map source, so the map never reloads all its data for one event.
 *
 * A snapshot can be older than live events that arrived while it was loading: a record
 * changed or removed by an event after the snapshot began wins over the snapshot.
 */
export class IncidentStore {
  #records = new Map<string, IncidentRecord>();
  #visible = new Set<string>();
  #filter: IncidentFilter;
  #nextMapId = 1;
  #sequence = 0;
  /** Live changes: incident id → sequence number of its last event (removals included). */
  #liveChanges = new Map<string, number>();

  constructor(filter: IncidentFilter) {
    this.#filter = filter;
  }

  get filter(): IncidentFilter {
    return this.#filter;
  }

  get size(): number {
    return this.#records.size;
  }

  get visibleCount(): number {
    return this.#visible.size;
  }

  get(id: string): IncidentRecord | undefined {
    return this.#records.get(id);
  }

  isVisible(id: string): boolean {
    return this.#visible.has(id);
  }

  visibleRecords(): IncidentRecord[] {
    const records: IncidentRecord[] = [];
    for (const id of this.#visible) {
      const record = this.#records.get(id);
      if (record) records.push(record);
    }
    return records;
  }

  mapFeatures(): MapFeature[] {
    return this.visibleRecords().map(toMapFeature);
  }

  /** Forgets everything (the viewer changed, e.g. signed out): the diff empties the map. */
  reset(): SourceDiff {
    const diff: SourceDiff = { remove: this.visibleRecords().map((r) => r.mapId), add: [] };
    this.#records.clear();
    this.#visible.clear();
    this.#liveChanges.clear();
    return diff;
  }

  /** Call before requesting a snapshot; pass the token to applySnapshot. */
  beginSnapshot(): number {
    return this.#sequence;
  }

  /** Replaces the known incidents with a snapshot, keeping live changes newer than it. */
  applySnapshot(features: readonly IncidentFeature[], token: number): SourceDiff {
    const touched = new Set<string>(this.#records.keys());
    const before = this.#visibilityOf(touched);
    const next = new Map<string, IncidentRecord>();
    for (const [id, record] of this.#records) {
      if ((this.#liveChanges.get(id) ?? -1) > token) next.set(id, record);
    }
    for (const feature of features) {
      touched.add(feature.id);
      if ((this.#liveChanges.get(feature.id) ?? -1) > token) continue; // changed live since
      const record = this.#toRecord(feature);
      if (!record) continue;
      const known = this.#records.get(record.id);
      // Unchanged: keep the object, so the diff leaves it alone on the map.
      next.set(record.id, known && sameState(known, record) ? known : record);
    }
    for (const [id, sequence] of this.#liveChanges) {
      if (sequence <= token) this.#liveChanges.delete(id);
    }
    for (const id of touched) if (!before.has(id)) before.set(id, null);
    this.#records = next;
    return this.#diff(before);
  }

  /**
   * Adds a further page of the same query (older incidents, by cursor) to the snapshot:
   * nothing known is dropped, and live changes newer than the page win over it.
   */
  addPage(features: readonly IncidentFeature[], token: number): SourceDiff {
    const fresh = features.filter((f) => (this.#liveChanges.get(f.id) ?? -1) <= token);
    const before = this.#visibilityOf(fresh.map((f) => f.id));
    for (const feature of fresh) {
      const record = this.#toRecord(feature);
      if (record) this.#records.set(record.id, record);
    }
    return this.#diff(before);
  }

  /** Applies a batch of live events (in id order); returns the diff and the new incidents. */
  applyEvents(events: readonly StreamEvent[]): { diff: SourceDiff; created: IncidentRecord[] } {
    const incidentEvents = events.filter(
      (event): event is IncidentStreamEvent => event.layer === 'incidents',
    );
    const before = this.#visibilityOf(incidentEvents.map((event) => event.feature.id));
    const created = new Map<string, IncidentRecord>();
    for (const event of incidentEvents) {
      const id = event.feature.id;
      this.#liveChanges.set(id, ++this.#sequence);
      const record = event.type === 'removed' ? null : this.#toRecord(event.feature);
      if (record) {
        this.#records.set(id, record);
        if (event.type === 'created') created.set(id, record);
      } else {
        this.#records.delete(id);
        created.delete(id);
      }
    }
    const diff = this.#diff(before);
    return { diff, created: [...created.values()].filter((r) => this.#visible.has(r.id)) };
  }

  /** A new filter (categories, window, playback head): the diff between what was and is shown. */
  setFilter(filter: IncidentFilter): SourceDiff {
    this.#filter = filter;
    return this.#diff(this.#visibilityOf(this.#records.keys()));
  }

  /** Before a batch: which of these ids were shown, and as which map feature. */
  #visibilityOf(ids: Iterable<string>): Map<string, IncidentRecord | null> {
    const before = new Map<string, IncidentRecord | null>();
    for (const id of ids) {
      before.set(id, this.#visible.has(id) ? (this.#records.get(id) ?? null) : null);
    }
    return before;
  }

  #diff(before: Map<string, IncidentRecord | null>): SourceDiff {
    const diff: SourceDiff = { remove: [], add: [] };
    for (const [id, shown] of before) {
      const record = this.#records.get(id);
      const show = record !== undefined && matchesFilter(this.#filter, record);
      if (shown && (!show || shown !== record)) diff.remove.push(shown.mapId);
      if (show && shown !== record) diff.add.push(toMapFeature(record));
      if (show) this.#visible.add(id);
      else this.#visible.delete(id);
    }
    return diff;
  }

  #toRecord(feature: IncidentFeature): IncidentRecord | null {
    const mapId = this.#records.get(feature.id)?.mapId ?? this.#nextMapId;
    const record = incidentRecordOf(feature, mapId);
    if (record && record.mapId === this.#nextMapId) this.#nextMapId++;
    return record;
  }
}

/**
 * An incident feature as the client keeps it, or null when it cannot be placed or dated (the
 * network's JSON is not checked against the contract on arrival: such a feature is left out
 * rather than drawn at NaN).
 */
export function incidentRecordOf(feature: IncidentFeature, mapId: number): IncidentRecord | null {
  const geometry = feature.geometry as Point | null;
  const p = feature.properties;
  const occurredAtMs = Date.parse(p.occurredAt);
  if (!geometry || !Number.isFinite(occurredAtMs)) return null;
  const [lon, lat] = geometry.coordinates;
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  return {
    id: feature.id,
    mapId,
    lon,
    lat,
    category: p.category,
    status: p.status,
    priority: p.priority,
    occurredAtMs,
    updatedAtMs: Date.parse(p.updatedAt),
    simulated: p.source === SIMULATOR_SOURCE,
    // Events written before places existed carry neither.
    district: p.district ?? null,
    place: p.place ?? null,
    placeNotShown: 'visibility' in p && p.visibility !== 'point' && p.visibility !== 'coarse',
    openAppeal: appealOf(p)?.state === 'open',
    properties: p,
  };
}
