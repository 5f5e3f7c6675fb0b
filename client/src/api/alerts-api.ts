import type {
  Alert,
  AlertCreate,
  AlertNotification,
  AlertPatch,
  PushSubscriptionInput,
} from '../../../shared/schemas/alert.js';
import type { DistrictCollection } from '../../../shared/schemas/district.js';
import { jsonInit, request, type Credentials } from './http.js';

/** A signed-in resident's area alerts over REST (server/alerts): the session cookie and CSRF. */

const ALERTS = '/api/v1/alerts';
const alertPath = (id: string) => `${ALERTS}/${encodeURIComponent(id)}`;

export async function fetchAlerts(): Promise<Alert[]> {
  const page = await request<{ alerts: Alert[] }>(ALERTS, { cache: 'no-store' });
  return page.alerts;
}

export function createAlert(body: AlertCreate, credentials: Credentials): Promise<Alert> {
  return request(ALERTS, jsonInit('POST', body), credentials);
}

export function updateAlert(
  id: string,
  body: AlertPatch,
  credentials: Credentials,
): Promise<Alert> {
  return request(alertPath(id), jsonInit('PATCH', body), credentials);
}

export function deleteAlert(id: string, credentials: Credentials): Promise<unknown> {
  return request(alertPath(id), jsonInit('DELETE', undefined), credentials);
}

/** The newest notifications of the resident's alerts, newest first. */
export async function fetchAlertNotifications(limit = 20): Promise<AlertNotification[]> {
  const page = await request<{ notifications: AlertNotification[] } | AlertNotification[]>(
    `${ALERTS}/notifications?limit=${String(limit)}`,
    { cache: 'no-store' },
  );
  // The contract names the items, not the envelope: a bare list is taken as well.
  return Array.isArray(page) ? page : page.notifications;
}

/** The server's VAPID public key (base64url), for PushManager.subscribe. */
export async function fetchPushKey(): Promise<string> {
  const answer = await request<{ publicKey: string }>(`${ALERTS}/push-key`);
  return answer.publicKey;
}

export function savePushSubscription(
  subscription: PushSubscriptionInput,
  credentials: Credentials,
): Promise<unknown> {
  return request(`${ALERTS}/push-subscriptions`, jsonInit('POST', subscription), credentials);
}

export function removePushSubscription(
  endpoint: string,
  credentials: Credentials,
): Promise<unknown> {
  return request(`${ALERTS}/push-subscriptions`, jsonInit('DELETE', { endpoint }), credentials);
}

/** The districts an alert may name (GET /api/v1/districts, public). */
export function fetchDistricts(signal?: AbortSignal): Promise<DistrictCollection> {
  return request('/api/v1/districts', signal ? { signal } : {});
}
