import type { AlertNotification } from '../../../shared/schemas/alert.js';
import { searchWithIncident } from './incident-link.js';

/** Close enough to see the incident's cell and its street. */
const INCIDENT_ZOOM = 16;

/**
 * The live map at a notification's incident, built here from its id and public point: the
 * server's `url` is for the push message, and a link on our page never leaves our origin.
 */
export function incidentMapLink(notification: Pick<AlertNotification, 'incident'>): string {
  const [lon, lat] = notification.incident.point;
  const search = searchWithIncident('', notification.incident.id);
  return `/${search}#${String(INCIDENT_ZOOM)}/${lat.toFixed(5)}/${lon.toFixed(5)}`;
}
