/** SQL of browsers' push subscriptions (server/alerts/push-subscriptions.service.ts). */

/** A known endpoint registered again (by anyone signed in there now) moves to that account. */
export const UPSERT_SUBSCRIPTION = `
  INSERT INTO push_subscriptions (id, user_id, endpoint, p256dh, auth)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (endpoint) DO UPDATE
    SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth`;

export const DELETE_SUBSCRIPTION_OF_USER =
  'DELETE FROM push_subscriptions WHERE endpoint = $1 AND user_id = $2';

export const DELETE_SUBSCRIPTION = 'DELETE FROM push_subscriptions WHERE id = $1';
