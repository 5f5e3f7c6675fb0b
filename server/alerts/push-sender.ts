import webpush from 'web-push';
import { resolvesToPublic, type PushEndpointPolicy } from './push-endpoint.js';
import type { VapidKeys } from './vapid-keys.js';

/** A browser's subscription as kept: its endpoint and its RFC 8291 keys. */
export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushSenderOptions {
  subject: string;
  policy: PushEndpointPolicy;
  /** How long the push service keeps an undelivered message (the TTL header), in seconds. */
  ttlSeconds: number;
  timeoutMs: number;
}

/** `sent`; `gone` (404/410: the subscription is over); `failed` (try again later), `refused`. */
export type PushOutcome = 'sent' | 'gone' | 'failed' | 'refused';

/**
 * Sends one message: web-push encrypts it (RFC 8291, aes128gcm) and signs the VAPID JWT
 * (RFC 8292); the request itself goes through fetch, which follows no redirect and is sent
 * only to an endpoint that resolves to public addresses (unless the policy allows local ones).
 * The topic (the notification id) lets a push service replace a message sent twice (a
 * process that stopped between sending and recording the send) instead of showing both.
 */
export async function sendPush(
  target: PushTarget,
  payload: string,
  topic: string,
  keys: VapidKeys,
  options: PushSenderOptions,
): Promise<PushOutcome> {
  if (!(await resolvesToPublic(target.endpoint, options.policy).catch(() => false))) {
    return 'refused';
  }
  const details = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    payload,
    {
      vapidDetails: { subject: options.subject, ...keys },
      TTL: options.ttlSeconds,
      urgency: 'normal',
      topic,
      contentEncoding: 'aes128gcm',
    },
  );
  const headers: Record<string, string> = {};
  // Typed as strings, but TTL and Content-Length come as numbers.
  for (const [name, value] of Object.entries(details.headers as Record<string, string | number>)) {
    if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
  }
  try {
    const response = await fetch(details.endpoint, {
      method: 'POST',
      headers,
      body: details.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410) return 'gone';
    return response.status >= 200 && response.status < 300 ? 'sent' : 'failed';
  } catch {
    return 'failed';
  }
}
