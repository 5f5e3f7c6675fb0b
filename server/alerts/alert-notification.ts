import type { AlertNotification, AlertTrigger } from '../../shared/schemas/alert.js';

/** The public part of an incident as a notification keeps it (matcher.queries.ts makes it). */
export type NotifiedIncident = AlertNotification['incident'];

/** An alert_notifications row joined with its alert's name. */
export interface NotificationRow {
  id: string;
  alert_id: string;
  alert_name: string;
  trigger: AlertTrigger;
  event_id: string;
  incident: NotifiedIncident;
  due_at: Date;
  user_id: string;
}

/** The full map at the incident: its id in the query, MapLibre's camera (zoom/lat/lon) in the hash. */
export function mapUrlAt(incident: NotifiedIncident): string {
  const [lon, lat] = incident.point;
  return `/?incident=${incident.id}#16/${lat.toFixed(5)}/${lon.toFixed(5)}`;
}

/** What the socket, Web Push and the list send: public data only (see shared/schemas/alert.ts). */
export function toNotification(row: NotificationRow): AlertNotification {
  const { id, category, status, point, occurredAt } = row.incident;
  const incident = { id, category, status, point, occurredAt };
  return {
    id: row.id,
    alertId: row.alert_id,
    alertName: row.alert_name,
    trigger: row.trigger,
    eventId: Number(row.event_id),
    incident,
    url: mapUrlAt(incident),
    createdAt: row.due_at.toISOString(),
  };
}
