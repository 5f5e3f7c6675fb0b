import type { CategorySlug, PublicPolicy } from '../../../shared/categories.js';
import type { NewEvent } from '../../../server/record/events.js';
import { incidentEvent, type Previous } from '../../../server/incidents/incident-events.js';
import type { IncidentRow } from '../../../server/incidents/incident-row.js';
import type { RelayRow } from '../../../server/realtime/event-log.js';
import { incidentRow as factoryIncidentRow } from '../../support/incident-factory.js';

export type LonLat = readonly [number, number];

/** An incident as the incidents table holds it, at an exact place, masked by its policy. */
export function incidentRow(
  id: string,
  exact: LonLat,
  options: { category?: CategorySlug; visibility?: PublicPolicy } = {},
): IncidentRow {
  return factoryIncidentRow({
    id,
    location: { lon: exact[0], lat: exact[1] },
    category: options.category ?? 'theft',
    visibility: options.visibility ?? 'point',
    source: 'cad-feed',
    summary: 'Bicycle taken from 12 Main St',
    publicSummary: 'Bicycle taken from [address]',
    occurredAt: new Date('2026-03-01T10:00:00Z'),
  });
}

/** The events row the record writer stores for an event, as the relay reads it. */
export function relayRow(id: number, event: NewEvent): RelayRow {
  return {
    id,
    type: event.type,
    entity_type: event.entity,
    entity_id: event.entityId,
    public: event.public,
    private: event.private,
    retracts: event.retracts ?? null,
  };
}

export function created(id: number, row: IncidentRow): RelayRow {
  return relayRow(id, incidentEvent('incident.created', row, []));
}

export function updated(
  id: number,
  row: IncidentRow,
  previous: Previous,
  changes: string[] = ['status'],
): RelayRow {
  return relayRow(id, incidentEvent('incident.updated', row, changes, previous));
}
