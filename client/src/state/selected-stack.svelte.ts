import { stackKeyOfRecord, stackMembers } from './incident-stacks.js';
import type { IncidentRecord } from './incident-store.js';
import type { IncidentsFeed } from './incidents-feed.svelte.js';

/**
 * The stack around the selection: the stack opened, or the one the selected incident stands
 * in, with its incidents on the map (most recent first), kept current as they change live.
 */
export class SelectedStack {
  readonly #feed: IncidentsFeed;

  readonly key: string | null = $derived.by(() => {
    const feed = this.#feed;
    if (feed.selectedStack !== null) return feed.selectedStack;
    void feed.version;
    const record = feed.selectedId ? feed.store.get(feed.selectedId) : undefined;
    return record && feed.store.isVisible(record.id) ? stackKeyOfRecord(record) : null;
  });

  readonly members: IncidentRecord[] = $derived.by(() => {
    void this.#feed.version;
    const key = this.key;
    return key === null ? [] : stackMembers(this.#feed.store.visibleRecords(), key);
  });

  /** The members' ids, for marking them in the list. */
  readonly ids: ReadonlySet<string> = $derived(
    // A new set per change, never mutated: a plain Set is reactive enough here.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    new Set(this.members.map((r) => r.id)),
  );

  constructor(feed: IncidentsFeed) {
    this.#feed = feed;
  }
}
