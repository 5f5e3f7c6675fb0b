import type { IncidentsFeed } from './incidents-feed.svelte.js';
import type { AccountState } from './session.svelte.js';

/**
 * Who is signed in changes what the server lets us see: the feed reopens its stream (the
 * socket's handshake carries the session cookie) and reloads. Waits for the first answer of
 * the session, so a dispatcher's page does not load the public map first.
 * Call while a component initialises: it stops with the component.
 */
export function connectFeedAsSession(feed: IncidentsFeed, session: AccountState): void {
  let connectedAs: string | null | undefined = null;
  $effect(() => {
    if (!session.loaded) return;
    const viewer = session.viewer;
    if (viewer === connectedAs) return;
    connectedAs = viewer;
    feed.connect(viewer);
  });
}
