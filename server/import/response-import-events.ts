import { RESPONSES_LAYER } from '../../shared/layers/responses.js';
import type { ResponseFigures, ResponseFeatureProperties } from '../../shared/schemas/response.js';
import { rowOfRecord, type IncidentRecord } from '../incidents/incident-table.js';
import { toPublicFeature } from '../incidents/incident-row.js';
import type { NewEvent } from '../record/events.js';
import type { ResponseRecord } from './response-tables.js';

function seconds(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** Derived, never typed in; an officer-initiated call has no response time to speak of. */
export function figuresOf(response: ResponseRecord): ResponseFigures {
  const toScene = response.officerInitiated
    ? null
    : seconds(response.receivedAt, response.onSceneAt);
  return {
    toDispatchSeconds: response.officerInitiated
      ? null
      : seconds(response.receivedAt, response.dispatchedAt),
    toSceneSeconds: toScene,
    onSceneSeconds: seconds(response.onSceneAt, response.clearedAt),
  };
}

function properties(
  response: ResponseRecord,
  incidentId: string,
  locationPrecision: 'approximate' | 'exact',
): ResponseFeatureProperties {
  return {
    incidentId,
    category: response.category,
    priority: response.priority,
    state: response.state,
    officerInitiated: response.officerInitiated,
    figures: figuresOf(response),
    updatedAt: response.updatedAt,
    locationPrecision,
  };
}

/**
 * The `response.created` event of an imported response, its timeline whole: at its incident's
 * public point where the public map shows that incident, otherwise `not_shown` (a hidden or
 * counted category, or a call without any place), which names neither the response nor the
 * time (the envelope gives the day).
 */
export function importedResponseEvent(
  response: ResponseRecord,
  incident: IncidentRecord | null,
): NewEvent {
  const shown = incident ? toPublicFeature(rowOfRecord(incident)) : null;
  const exact = incident
    ? {
        type: 'Feature' as const,
        id: response.id,
        geometry: {
          type: 'Point' as const,
          coordinates: [incident.location.lon, incident.location.lat],
        },
        properties: properties(response, incident.id, 'exact'),
      }
    : undefined;
  return {
    type: 'response.created' satisfies keyof typeof RESPONSES_LAYER.events,
    entity: RESPONSES_LAYER.entity,
    entityId: response.id,
    identified: shown !== null,
    public:
      shown && incident
        ? {
            visibility: 'shown',
            feature: {
              type: 'Feature',
              id: response.id,
              geometry: shown.geometry,
              properties: properties(response, incident.id, 'approximate'),
            },
          }
        : { visibility: 'not_shown' },
    private: exact ? { feature: exact } : {},
  };
}
