/** SQL of the notifications as their person reads them (and as they are delivered). */

export const NOTIFICATION_COLUMNS = `
  n.id, n.alert_id, a.name AS alert_name, n.trigger, n.event_id, n.incident, n.due_at,
  n.user_id`;

/** Delivered ones only: held ones are not told yet. */
export const SELECT_RECENT_NOTIFICATIONS = `
  SELECT ${NOTIFICATION_COLUMNS}
  FROM alert_notifications AS n JOIN alerts AS a ON a.id = n.alert_id
  WHERE n.user_id = $1 AND n.delivered_at IS NOT NULL
  ORDER BY n.due_at DESC, n.event_id DESC
  LIMIT $2`;

/** Delivered since a time, for the people connected to this process (server/alerts/in-app-tail.ts). */
export const SELECT_DELIVERED_SINCE = `
  SELECT ${NOTIFICATION_COLUMNS}, n.delivered_at
  FROM alert_notifications AS n JOIN alerts AS a ON a.id = n.alert_id
  WHERE n.user_id = ANY ($1::uuid[]) AND n.delivered_at >= $2
  ORDER BY n.delivered_at, n.event_id`;
