import { UUID_PATTERN } from '../../../shared/schemas/common.js';

/**
 * A link to one incident: its id in the query string (`?incident=<uuid>`), beside the view's
 * filters (url-state.ts) and MapLibre's camera in the hash.
 */
export const INCIDENT_PARAM = 'incident';

const UUID = new RegExp(UUID_PATTERN);

export type IncidentInAddress =
  { kind: 'none' } | { kind: 'malformed' } | { kind: 'id'; id: string };

/** The incident the address names; an id that is not a UUID is malformed (never requested). */
export function incidentInAddress(search: string): IncidentInAddress {
  const value = new URLSearchParams(search).get(INCIDENT_PARAM);
  if (value === null) return { kind: 'none' };
  const id = value.trim();
  return UUID.test(id) ? { kind: 'id', id: id.toLowerCase() } : { kind: 'malformed' };
}

/** The query string naming this incident (or none), keeping every other parameter. */
export function searchWithIncident(search: string, id: string | null): string {
  const params = new URLSearchParams(search);
  if (id === null) params.delete(INCIDENT_PARAM);
  else params.set(INCIDENT_PARAM, id);
  const text = params.toString();
  return text ? `?${text}` : '';
}
