import type { Map as MapLibreMap } from 'maplibre-gl';
import { matchesFilter } from './incident-filter.js';
import type { IncidentRecord } from './incident-store.js';
import type { IncidentsFeed } from './incidents-feed.svelte.js';
import type { IncidentsInView } from './incidents-in-view.svelte.js';
import { LinkedIncident } from './linked-incident.svelte.js';
import { SelectedStack } from './selected-stack.svelte.js';

/** Zoomed in past the clusters (clusterMaxZoom 13), so a linked incident stands on its own. */
const LINK_ZOOM = 15;

/**
 * What the panel shows: one incident (from the map, the list or a link) or a stack of several
 * on one point. The selection lives in the feed (`selectedId`, `selectedStack`), where the map
 * layers read it; the incident's id is kept in the address (`?incident=`).
 */
export class IncidentSelection {
  readonly stack: SelectedStack;
  readonly link: LinkedIncident;
  readonly #feed: IncidentsFeed;
  readonly #inView: IncidentsInView;
  readonly #linked: Promise<IncidentRecord | null>;

  /** The incident in the panel: from the store, or the linked one wherever it lies. */
  readonly incident: IncidentRecord | undefined = $derived.by(() => {
    const record = this.#inView.selected;
    if (record) return record;
    const linked = this.link.record;
    return linked && linked.id === this.#feed.selectedId ? linked : undefined;
  });

  /** The incident shown was opened by a link and lies outside the filters: not on the map. */
  readonly incidentOffMap: boolean = $derived.by(() => {
    void this.#feed.version;
    const record = this.incident;
    return !!record && !this.#inView.selected && !matchesFilter(this.#feed.store.filter, record);
  });

  /** The stack opened (no incident chosen in it yet), with its incidents. */
  readonly openStack: IncidentRecord[] | null = $derived.by(() => {
    const members = this.stack.members;
    return this.#feed.selectedStack !== null && members.length > 0 ? members : null;
  });

  /**
   * Call while a component initialises (it keeps the address in step). `signedIn`: resolves
   * once the session is known, for fetching a linked incident as the viewer sees it.
   */
  constructor(feed: IncidentsFeed, inView: IncidentsInView, signedIn: () => Promise<unknown>) {
    this.#feed = feed;
    this.#inView = inView;
    this.stack = new SelectedStack(feed);
    this.link = new LinkedIncident(location.search);
    this.#linked = this.link.load(signedIn);
    if (this.link.requestedId) feed.selectedId = this.link.requestedId;
    LinkedIncident.syncToAddress(() => feed.selectedId);
  }

  get fromLink(): boolean {
    return this.link.requestedId !== null;
  }

  select(id: string | null): void {
    this.#feed.selectedStack = null;
    this.#feed.selectedId = id;
  }

  selectStack(key: string): void {
    this.#feed.selectedId = null;
    this.#feed.selectedStack = key;
  }

  /** The stack around the incident shown (one of several on its point). */
  showStack(): void {
    if (this.stack.key !== null) this.selectStack(this.stack.key);
  }

  /** Closes the panel; returns the incident whose list entry should take the focus. */
  close(): string | null {
    const id = this.#feed.selectedId ?? this.stack.members[0]?.id ?? null;
    this.select(null);
    return id;
  }

  /** Centres the map on the linked incident once fetched; false when the link opened nothing. */
  async centreOnLink(map: MapLibreMap): Promise<boolean> {
    const record = await this.#linked;
    if (!record) {
      if (this.#feed.selectedId === this.link.requestedId) this.select(null);
      return false;
    }
    map.jumpTo({ center: [record.lon, record.lat], zoom: Math.max(map.getZoom(), LINK_ZOOM) });
    return true;
  }
}
