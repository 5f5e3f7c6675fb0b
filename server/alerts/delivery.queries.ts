/** SQL of the delivery of due notifications (server/alerts/alert-delivery.ts). */
import { NOTIFICATION_COLUMNS } from './notifications.queries.js';

/** Due, undelivered notifications of alerts not paused; locked, and skipped by other processes. */
export const CLAIM_DUE = `
  SELECT ${NOTIFICATION_COLUMNS}
  FROM alert_notifications AS n JOIN alerts AS a ON a.id = n.alert_id
  WHERE n.delivered_at IS NULL AND n.due_at <= $1 AND NOT a.paused
  ORDER BY n.due_at, n.event_id
  LIMIT $2
  FOR UPDATE OF n SKIP LOCKED`;

/** The database's clock, not the injected one: every process's in-app tail reads by it. */
export const MARK_DELIVERED =
  'UPDATE alert_notifications SET delivered_at = now() WHERE id = ANY ($1::uuid[])';

/** One Web Push message per notification per subscription of its person, queued. */
export const QUEUE_PUSHES = `
  INSERT INTO alert_push_deliveries (notification_id, subscription_id, next_attempt_at)
  SELECT n.id, s.id, $2
  FROM alert_notifications AS n JOIN push_subscriptions AS s ON s.user_id = n.user_id
  WHERE n.id = ANY ($1::uuid[])
  ON CONFLICT DO NOTHING`;

/** Pushes due to be sent; locked while they are sent, so no other process sends them too. */
export const CLAIM_PUSHES = `
  SELECT d.attempts, d.subscription_id, s.endpoint, s.p256dh, s.auth, ${NOTIFICATION_COLUMNS}
  FROM alert_push_deliveries AS d
  JOIN push_subscriptions AS s ON s.id = d.subscription_id
  JOIN alert_notifications AS n ON n.id = d.notification_id
  JOIN alerts AS a ON a.id = n.alert_id
  WHERE d.sent_at IS NULL AND d.failed_at IS NULL AND d.next_attempt_at <= $1 AND NOT a.paused
  ORDER BY d.next_attempt_at
  LIMIT $2
  FOR UPDATE OF d SKIP LOCKED`;

export const MARK_PUSH_SENT = `
  UPDATE alert_push_deliveries SET sent_at = $3, attempts = attempts + 1
  WHERE notification_id = $1 AND subscription_id = $2`;

export const MARK_PUSH_RETRY = `
  UPDATE alert_push_deliveries
  SET attempts = attempts + 1, next_attempt_at = $3, failed_at = $4
  WHERE notification_id = $1 AND subscription_id = $2`;

/** The push service says the subscription is gone (404, 410): so are its queued messages. */
export const DELETE_GONE_SUBSCRIPTION = 'DELETE FROM push_subscriptions WHERE id = $1';
