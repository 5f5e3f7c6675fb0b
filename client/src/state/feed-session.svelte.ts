import type { IncidentsFeed } from './incidents-feed.svelte.js';
import type { DispatcherSession } from './session.svelte.js';

/**
 * The dispatcher's key changes who we are: the feed reopens its stream with it and reloads.
 * Call while a component initialises: it stops with the component.
 */
export function connectFeedAsSession(feed: IncidentsFeed, session: DispatcherSession): void {
  let connectedWith: string | null | undefined;
  $effect(() => {
    const token = session.token;
    if (token === connectedWith) return;
    connectedWith = token;
    feed.connect(token ?? undefined);
  });
}
