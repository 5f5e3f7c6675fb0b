import type { ObservationRow } from '../../../server/observations/observation-row.js';
import { observationEvent } from '../../../server/observations/observation-events.js';
import { groupFeature, type GroupMember } from '../../../server/observations/observation-group.js';
import { publicCellOf } from '../../../server/observations/observation-rules.js';
import type { RelayRow } from '../../../server/realtime/event-log.js';
import { relayRow, type LonLat } from './incident-rows.js';

/** A report as the observations table holds it, at an exact place, snapped to its kind's cell. */
export function observationRow(
  id: string,
  exact: LonLat,
  overrides: Partial<ObservationRow> = {},
): ObservationRow {
  const cell = publicCellOf({ lon: exact[0], lat: exact[1] }, 'point');
  const at = new Date('2026-03-01T10:07:00Z');
  return {
    id,
    category: 'graffiti',
    behaviours: ['damaging-property'],
    observed_at: at,
    created_at: at,
    updated_at: at,
    exact_lon: exact[0],
    exact_lat: exact[1],
    text: 'Tags on 12 Main St by the man in red',
    public_lon: cell.centre.lon,
    public_lat: cell.centre.lat,
    public_cell: cell.id,
    public_district: 'Downtown',
    public_place: 'Downtown',
    public_text: 'Tags on the wall',
    moderation: 'approved',
    held_for: [],
    decision_reason: null,
    verification: 'unverified',
    group_id: id,
    incident_id: null,
    ...overrides,
  };
}

const members = (...rows: ObservationRow[]): GroupMember[] =>
  rows.map((row, i) => ({ row, reporter: `reporter-${i}` }));

/** The created-event of the first report of a group. */
export function observationCreated(id: number, row: ObservationRow): RelayRow {
  const after = groupFeature(row.group_id, members(row));
  return relayRow(
    id,
    observationEvent('observation.created', row, { before: null, after, lastEventId: 0 }),
  );
}

/** The updated-event of a group whose reports were `before` and are `after`. */
export function observationUpdated(
  id: number,
  row: ObservationRow,
  before: ObservationRow[],
  after: ObservationRow[],
  lastEventId: number,
): RelayRow {
  const change = {
    before: groupFeature(row.group_id, members(...before)),
    after: groupFeature(row.group_id, members(...after)),
    lastEventId,
  };
  return relayRow(id, observationEvent('observation.updated', row, change));
}
