import type { IncidentsFeed } from './incidents-feed.svelte.js';
import type { AccountState } from './session.svelte.js';

/**
 * Who is signed in changes what the server lets us see: the feed reopens its stream (the
 * socket's handshake carries the session cookie) and reloads. Waits for the first answer of
 * the session, so a dispatcher's page does not load the public map first. The server closes a
 * signed-in socket when its session ends (it expired, or was signed out everywhere): the
 * session is read again then, so the header and the map stop treating the person as signed in.
 * Call while a component initialises: it stops with the component.
 */
export function connectFeedAsSession(feed: IncidentsFeed, session: AccountState): void {
  let connectedAs: string | null | undefined = null;
  feed.onServerClose = () => {
    // Anonymous pages have no session to lose: a server restart costs them no request.
    if (session.signedIn) void session.refresh();
  };
  $effect(() => {
    if (!session.loaded) return;
    const viewer = session.viewer;
    if (viewer === connectedAs) return;
    connectedAs = viewer;
    feed.connect(viewer);
  });
}
