import type { PushSubscriptionInput } from '../../../shared/schemas/alert.js';
import { fetchPushKey, removePushSubscription, savePushSubscription } from './alerts-api.js';
import type { Credentials } from './http.js';
import { base64UrlToBytes } from './vapid-key.js';

/**
 * Web Push for alerts while the app is closed: the browser's permission, our service worker
 * (client/public/alerts-sw.js, scope `/`), a subscription with the server's VAPID key, sent to
 * the server; switching off unsubscribes here and there.
 */
export const ALERTS_WORKER_URL = '/alerts-sw.js';

/** unsupported: no Push API (or not a secure context); denied: the person said no. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

async function existingSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

export async function currentPushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission !== 'granted') return 'off';
  return (await existingSubscription()) ? 'on' : 'off';
}

/** Asks for permission, subscribes and tells the server; the state it ends in. */
export async function enablePush(credentials: Credentials): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return 'denied';
  if (permission !== 'granted') return 'off'; // the prompt was dismissed: ask again next time
  const registration = await navigator.serviceWorker.register(ALERTS_WORKER_URL, { scope: '/' });
  await navigator.serviceWorker.ready;
  const publicKey = await fetchPushKey();
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlToBytes(publicKey),
    }));
  await savePushSubscription(subscription.toJSON() as PushSubscriptionInput, credentials);
  return 'on';
}

/** Unsubscribes this browser and has the server forget it. */
export async function disablePush(credentials: Credentials): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const subscription = await existingSubscription();
  if (subscription) {
    const { endpoint } = subscription;
    await subscription.unsubscribe();
    await removePushSubscription(endpoint, credentials);
  }
  return Notification.permission === 'denied' ? 'denied' : 'off';
}
