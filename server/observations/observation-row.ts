import type {
  DispatcherObservationFeature,
  OwnObservation,
} from '../../shared/schemas/observation.js';
import type {
  HoldRule,
  ModerationState,
  ObservationKind,
  ObservedBehaviour,
  VerificationState,
} from '../../shared/observations/kinds.js';

/**
 * An observations row as the queries read it (observations.queries.ts ROW_COLUMNS). The
 * reporter columns are never selected into it: nothing built from a row can carry them.
 */
export interface ObservationRow {
  id: string;
  category: ObservationKind;
  behaviours: ObservedBehaviour[];
  observed_at: Date;
  created_at: Date;
  updated_at: Date;
  exact_lon: number | null;
  exact_lat: number | null;
  text: string | null;
  public_lon: number;
  public_lat: number;
  public_cell: string;
  public_district: string | null;
  public_place: string | null;
  public_text: string | null;
  moderation: ModerationState;
  held_for: HoldRule[];
  decision_reason: string | null;
  verification: VerificationState;
  group_id: string;
  incident_id: string | null;
}

/** One report as dispatch sees it: exact place and text, its states; never its reporter. */
export function toDispatcherFeature(row: ObservationRow): DispatcherObservationFeature {
  return {
    type: 'Feature',
    id: row.id,
    geometry:
      row.exact_lon === null || row.exact_lat === null
        ? null
        : { type: 'Point', coordinates: [row.exact_lon, row.exact_lat] },
    properties: {
      category: row.category,
      observedAt: row.observed_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      behaviours: [...row.behaviours],
      text: row.text,
      publicText: row.public_text,
      moderation: row.moderation,
      heldFor: [...row.held_for],
      verification: row.verification,
      incidentId: row.incident_id,
      groupId: row.group_id,
      district: row.public_district,
      place: row.public_place,
      publicLocation: { lon: row.public_lon, lat: row.public_lat },
      locationPrecision: 'exact',
      precisionMetres: 0,
    },
  };
}

/** One of the reporter's own reports ("my reports"). */
export function toOwnObservation(row: ObservationRow): OwnObservation {
  return {
    id: row.id,
    category: row.category,
    observedAt: row.observed_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    text: row.text,
    publicText: row.public_text,
    location:
      row.exact_lon === null || row.exact_lat === null
        ? null
        : { lon: row.exact_lon, lat: row.exact_lat },
    moderation: row.moderation,
    heldFor: [...row.held_for],
    verification: row.verification,
    decisionReason: row.decision_reason,
  };
}
