import type { Bbox } from '../../../shared/geo/bbox.js';
import type { StreamEvent } from '../../../shared/realtime/protocol.js';
import { LiveStream, type LiveStatus } from '../api/live-stream.js';
import { ApiError, fetchIncidents } from '../api/rest.js';
import { categoryList, type IncidentFilter } from './incident-filter.js';
import { IncidentStore, type IncidentRecord, type SourceDiff } from './incident-store.js';
import type { SourceSink } from './source-sink.js';

/** The most incidents one snapshot loads (newest first); tiles take over beyond (issue 5). */
export const MAX_SNAPSHOT = 5000;
/** How many older incidents one "load older" asks for, beyond the snapshot. */
const OLDER_PAGE = 1000;

function tileQueryOf(filter: IncidentFilter): string {
  return new URLSearchParams([
    ['from', new Date(filter.range.fromMs).toISOString()],
    ['to', new Date(filter.range.toMs).toISOString()],
    ...(categoryList(filter) ?? []).map((category) => ['category', category]),
  ]).toString();
}

export type CreatedListener = (records: IncidentRecord[]) => void;

/**
 * The incidents layer's data: a snapshot by bbox whenever the view or the filter changes, and
 * live events from the socket in between, both through one IncidentStore whose diffs go to the
 * map sources attached (the incidents source, the heatmap's).
 */
export class IncidentsFeed {
  status = $state<LiveStatus>('connecting');
  eventsReceived = $state(0);
  loading = $state(false);
  truncated = $state(false);
  error = $state<string | null>(null);
  /** Bumped on every change, so derived lists re-read the store. */
  version = $state(0);
  selectedId = $state<string | null>(null);
  /** The stack opened (its point's key, incident-stacks.ts) while no incident is selected. */
  selectedStack = $state<string | null>(null);
  /** The filter as the tile server takes it (`from`, `to`, `category`), for the history layer. */
  tileQuery = $state('');

  readonly store: IncidentStore;
  /** The server closed the stream's socket (LiveStreamOptions.onServerClose). */
  onServerClose: (() => void) | undefined;
  #stream: LiveStream | null = null;
  #viewer: string | undefined;
  #bbox: Bbox | null = null;
  #snapshot: AbortController | null = null;
  /** Where the REST answer of the view goes on beyond what is loaded; null: all is loaded. */
  #nextCursor: string | null = null;
  /** Counts snapshots begun, so an older page knows a newer snapshot replaced its query. */
  #snapshotsBegun = 0;
  loadingOlder = $state(false);
  // Listeners, not state: nothing is drawn from these sets.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #sinks = new Set<SourceSink>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #createdListeners = new Set<CreatedListener>();

  constructor(filter: IncidentFilter) {
    this.store = new IncidentStore(filter);
    this.tileQuery = tileQueryOf(filter);
  }

  get bbox(): Bbox | null {
    return this.#bbox;
  }

  /** Who the feed shows the map to (see `connect`). */
  get viewer(): string | undefined {
    return this.#viewer;
  }

  /**
   * Opens (or re-opens, after signing in or out) the live stream. `viewer` names who is signed
   * in and with what role (the session cookie goes along by itself, and a dispatcher's socket
   * and snapshot carry exact places); a new viewer starts from an empty store.
   */
  connect(viewer?: string): void {
    this.#stream?.close();
    // What one viewer saw (a dispatcher's exact places) is never shown to the next.
    if (viewer !== this.#viewer) this.#emit(this.store.reset());
    this.#viewer = viewer;
    this.#stream = new LiveStream({
      onEvents: (batch) => {
        this.#applyEvents(batch);
      },
      onResync: () => this.reload(),
      onServerClose: () => this.onServerClose?.(),
      onStatus: (status) => {
        this.status = status;
      },
      onError: (error) => {
        this.error = error.message;
      },
    });
    if (this.#bbox) void this.#subscribe();
    void this.reload();
  }

  close(): void {
    this.#stream?.close();
    this.#stream = null;
    this.#snapshot?.abort();
  }

  /** The map settled on a new view: follow it live and load what it shows. */
  setViewport(bbox: Bbox): void {
    this.#bbox = bbox;
    void this.#subscribe();
    void this.reload();
  }

  /**
   * A new filter. `reload`: the categories or the window choice changed, so the server must
   * filter the subscription and the snapshot anew; otherwise (a rolling window moved on) the
   * store only drops what fell out.
   */
  setFilter(filter: IncidentFilter, reload: boolean): void {
    this.#emit(this.store.setFilter(filter));
    if (reload) {
      this.tileQuery = tileQueryOf(filter);
      void this.#subscribe();
      void this.reload();
    }
  }

  /** Only the playback head moved: the store has everything, no request. */
  setPlaybackHead(headMs: number | null): void {
    this.#emit(this.store.setFilter({ ...this.store.filter, playbackHeadMs: headMs }));
  }

  /** Loads the snapshot of the current view and filter; a newer call cancels an older one. */
  async reload(): Promise<void> {
    if (!this.#bbox) return;
    this.#snapshot?.abort();
    const controller = new AbortController();
    this.#snapshot = controller;
    this.#snapshotsBegun++;
    const token = this.store.beginSnapshot();
    this.loading = true;
    try {
      const page = await fetchIncidents({
        ...this.#viewQuery(this.#bbox),
        signal: controller.signal,
        maxFeatures: MAX_SNAPSHOT,
      });
      if (controller.signal.aborted) return;
      this.truncated = page.truncated;
      this.#nextCursor = page.nextCursor;
      this.error = null;
      this.#emit(this.store.applySnapshot(page.features, token));
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error instanceof ApiError ? error.message : String(error);
    } finally {
      if (this.#snapshot === controller) {
        this.loading = false;
        this.#snapshot = null;
      }
    }
  }

  /** What a snapshot and its older pages ask for: the view, the filter, the session. */
  #viewQuery(bbox: Bbox) {
    const filter = this.store.filter;
    const categories = categoryList(filter);
    return {
      bbox,
      fromMs: filter.range.fromMs,
      toMs: filter.range.toMs,
      ...(categories && { categories }),
    };
  }

  /**
   * The view holds more than the snapshot: loads the next older page of it (by the REST
   * cursor) into the store, for the list to page on. A new snapshot cancels it.
   */
  async loadOlder(pageSize = OLDER_PAGE): Promise<void> {
    const cursor = this.#nextCursor;
    if (!this.#bbox || cursor === null || this.#snapshot || this.loadingOlder) return;
    const token = this.store.beginSnapshot();
    const generation = this.#snapshotsBegun;
    this.loadingOlder = true;
    try {
      const page = await fetchIncidents({
        ...this.#viewQuery(this.#bbox),
        maxFeatures: pageSize,
        cursor,
      });
      // A new snapshot (view or filter changed) began meanwhile: this page is of the old one.
      if (generation !== this.#snapshotsBegun) return;
      this.#nextCursor = page.nextCursor;
      this.truncated = page.truncated;
      this.#emit(this.store.addPage(page.features, token));
    } catch (error) {
      this.error = error instanceof ApiError ? error.message : String(error);
    } finally {
      this.loadingOlder = false;
    }
  }

  /** A map source to keep current; it first receives everything shown. Returns a detach. */
  attach(sink: SourceSink): () => void {
    this.#sinks.add(sink);
    sink.replace(this.store.mapFeatures());
    return () => this.#sinks.delete(sink);
  }

  onCreated(listener: CreatedListener): () => void {
    this.#createdListeners.add(listener);
    return () => this.#createdListeners.delete(listener);
  }

  async #subscribe(): Promise<void> {
    if (!this.#stream || !this.#bbox) return;
    const categories = categoryList(this.store.filter);
    const ack = await this.#stream.subscribe({
      bbox: this.#bbox,
      layers: ['incidents'],
      ...(categories && { categories }),
    });
    if (!ack.ok && ack.error !== 'closed') this.error = ack.message;
  }

  #applyEvents(batch: StreamEvent[]): void {
    const { diff, created } = this.store.applyEvents(batch);
    this.eventsReceived = this.#stream?.eventsReceived ?? this.eventsReceived + batch.length;
    this.#emit(diff);
    if (created.length > 0) for (const listener of this.#createdListeners) listener(created);
  }

  #emit(diff: SourceDiff): void {
    if (diff.add.length === 0 && diff.remove.length === 0) return;
    for (const sink of this.#sinks) sink.apply(diff);
    this.version++;
  }
}
