/*
 * Openbeat's service worker for area alerts (issue 14): shows a Web Push message while the app
 * is closed, and opens the live map at the incident when the message is clicked. It caches
 * nothing and handles no fetch: the app itself works exactly as without it.
 *
 * The payload is the server's AlertNotification (shared/schemas/alert.ts), public data only;
 * its own `title` and `body` are used when the server words them, else they are made here.
 */
const sw = self;

function textOf(payload) {
  const incident = payload.incident || {};
  const title = payload.title || `Openbeat: ${payload.alertName || 'area alert'}`;
  const body =
    payload.body ||
    [incident.category, incident.status].filter((part) => typeof part === 'string').join(' · ');
  return { title, body };
}

/** Only our own pages are opened: a URL of another origin becomes the live map. */
function sameOriginUrl(url) {
  try {
    const parsed = new URL(url || '/', sw.location.origin);
    return parsed.origin === sw.location.origin ? parsed.href : sw.location.origin + '/';
  } catch {
    return sw.location.origin + '/';
  }
}

sw.addEventListener('push', (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = {};
  }
  const { title, body } = textOf(payload);
  event.waitUntil(
    sw.registration.showNotification(title, {
      body,
      tag: payload.id ? `alert-${payload.id}` : undefined,
      icon: '/favicon.svg',
      data: { url: sameOriginUrl(payload.url) },
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = sameOriginUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    sw.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url && 'focus' in client);
      return open ? open.focus() : sw.clients.openWindow(url);
    }),
  );
});
