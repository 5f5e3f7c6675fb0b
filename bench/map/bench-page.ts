/**
 * The page of `npm run bench:map` (bench/map.bench.ts drives it in headless Chromium). A
 * 1280×800 map over Chicago with the live map's real incidents layer (source spec, styles and
 * icons from client/src/map/layers/incident-layer-style.ts, on the offline basemap), fed the
 * way the live client feeds it: an IncidentStore, a FrameBatcher delivering stream events once
 * per animation frame, and geojsonSink (client/src/map/source-sync.ts) turning each batch's
 * diff into MapLibre's updateData. A phase loads the features (one setData through the sink),
 * waits for the map to settle, then streams the same scripted events at a fixed rate, applying
 * each batch either as the client does ('diff') or with a full setData of every feature
 * ('setData'), and measures frames, long tasks and per-batch update times.
 *
 * The triple-slash references give this browser file the DOM where the root tsconfig.json (Node,
 * which includes bench/) type-checks it too; bench/map/tsconfig.json is its own, browser config.
 */
import { getVersion, Map as MapLibreMap, type GeoJSONSource } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import '../../client/src/map/maplibre-worker.js';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { FrameBatcher } from '../../client/src/api/event-batcher.js';
import { offlineBasemapStyle } from '../../client/src/map/basemap-style.js';
import {
  INCIDENT_SOURCE,
  incidentLayers,
  incidentSource,
  registerCategoryIcons,
} from '../../client/src/map/layers/incident-layer-style.js';
import { diffSize, geojsonSink } from '../../client/src/map/source-sync.js';
import type { IncidentFilter } from '../../client/src/state/incident-filter.js';
import { IncidentStore } from '../../client/src/state/incident-store.js';
import type { CategorySlug } from '../../shared/categories.js';
import type {
  PublicIncidentFeature,
  PublicIncidentProperties,
} from '../../shared/schemas/incident-feature.js';
import {
  DATA_PATH,
  type BenchRows,
  type MapBenchApi,
  type PageInfo,
  type PageSetup,
  type PhaseResult,
  type RedrawResult,
  type UpdateMode,
  type ViewCounts,
} from './protocol.js';
import { seededRandom } from '../../shared/random.js';

/** Stream mix: created, then updated, then removed (the rest); updates and removals hit recent incidents. */
const CREATED_SHARE = 0.8;
const UPDATED_SHARE = 0.15;
const RECENT = 300;
/** The stream's source pushes due events this often (a socket delivers messages as tasks). */
const PUSH_INTERVAL_MS = 10;
/** After the stream: how long to wait for every batch to be drawn. */
const DRAIN_LIMIT_MS = 30_000;
const SETTLE_LIMIT_MS = 120_000;
const STREAM_CATEGORIES: readonly CategorySlug[] = [
  'theft',
  'traffic',
  'criminal-damage',
  'vehicle-crime',
  'burglary',
  'robbery',
  'anti-social-behaviour',
  'drugs',
  'public-order',
  'violence',
];

const now = () => performance.now();
const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Public properties as the server sends them, at a point of the ~150 m grid. */
function publicProperties(
  fields: Omit<
    PublicIncidentProperties,
    'reportedAt' | 'createdAt' | 'locationPrecision' | 'precisionMetres' | 'district' | 'place'
  >,
): PublicIncidentProperties {
  return {
    ...fields,
    reportedAt: fields.occurredAt,
    createdAt: fields.occurredAt,
    locationPrecision: 'approximate',
    precisionMetres: 150,
    district: null,
    place: null,
  };
}

function row(rows: BenchRows, index: number): { lon: number; lat: number; occurredAtMs: number } {
  const i = index % rows.lon.length;
  const lon = rows.lon[i];
  const lat = rows.lat[i];
  const occurredAtMs = rows.occurredAtMs[i];
  if (lon === undefined || lat === undefined || occurredAtMs === undefined) {
    throw new Error(`no row ${i}`);
  }
  return { lon, lat, occurredAtMs };
}

/** The loaded incidents: the first rows (real Chicago aggravated assaults, all resolved). */
function loadedFeatures(rows: BenchRows, count: number): PublicIncidentFeature[] {
  const random = seededRandom(1);
  return Array.from({ length: count }, (_, index) => {
    const { lon, lat, occurredAtMs } = row(rows, index);
    const at = new Date(occurredAtMs).toISOString();
    return {
      type: 'Feature',
      id: crypto.randomUUID(),
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: publicProperties({
        category: 'violence',
        priority: 1 + Math.floor(random() * 5),
        status: 'resolved',
        occurredAt: at,
        updatedAt: at,
        summary: 'Aggravated assault',
        source: 'chicago-data-portal',
      }),
    };
  });
}

interface Script {
  events: StreamEvent[];
  /** Features at the end after the first n events: loaded + created − removed so far. */
  netAfter: number[];
}

/**
 * The stream, as the server would send it (shared/realtime/protocol.ts): new incidents at the
 * rows after the loaded ones, updates (status) and removals of recent ones.
 */
function streamScript(rows: BenchRows, setup: PageSetup): Script {
  const random = seededRandom(2);
  const count = setup.seconds * setup.rate;
  const startMs = Date.now();
  const recent: {
    id: string;
    coordinates: [number, number];
    category: CategorySlug;
    at: string;
  }[] = [];
  const events: StreamEvent[] = [];
  const netAfter = [0];
  let net = 0;
  let nextRow = setup.features;
  for (let i = 0; i < count; i += 1) {
    const at = new Date(startMs + (i * 1000) / setup.rate).toISOString();
    const roll = random();
    const k = recent.length - 1 - Math.floor(random() * Math.min(RECENT, recent.length));
    const target = recent[k];
    if (roll < CREATED_SHARE || !target) {
      const { lon, lat } = row(rows, nextRow);
      nextRow += 1;
      const incident = {
        id: crypto.randomUUID(),
        coordinates: [lon, lat] as [number, number],
        category: pick(STREAM_CATEGORIES, random),
        at,
      };
      recent.push(incident);
      net += 1;
      events.push({
        id: i + 1,
        layer: 'incidents',
        type: 'created',
        feature: {
          type: 'Feature',
          id: incident.id,
          geometry: { type: 'Point', coordinates: incident.coordinates },
          properties: publicProperties({
            category: incident.category,
            priority: 1 + Math.floor(random() * 5),
            status: 'open',
            occurredAt: at,
            updatedAt: at,
            summary: 'Reported by the bench stream',
            source: 'bench',
          }),
        },
      });
    } else if (roll < CREATED_SHARE + UPDATED_SHARE) {
      events.push({
        id: i + 1,
        layer: 'incidents',
        type: 'updated',
        feature: {
          type: 'Feature',
          id: target.id,
          geometry: { type: 'Point', coordinates: target.coordinates },
          properties: publicProperties({
            category: target.category,
            priority: 1 + Math.floor(random() * 5),
            status: random() < 0.5 ? 'responding' : 'resolved',
            occurredAt: target.at,
            updatedAt: at,
            summary: 'Reported by the bench stream',
            source: 'bench',
          }),
        },
      });
    } else {
      recent.splice(k, 1);
      net -= 1;
      events.push({
        id: i + 1,
        layer: 'incidents',
        type: 'removed',
        feature: { type: 'Feature', id: target.id, geometry: null, properties: {} },
      });
    }
    netAfter.push(net);
  }
  return { events, netAfter };
}

/** Until the map has nothing left to load or draw (sources, tiles, transitions). */
async function settled(map: MapLibreMap): Promise<void> {
  const deadline = now() + SETTLE_LIMIT_MS;
  while (!(map.loaded() && map.areTilesLoaded())) {
    if (now() > deadline) throw new Error(`the map did not settle in ${SETTLE_LIMIT_MS} ms`);
    await Promise.race([map.once('idle'), sleep(250)]);
  }
}

/** Clusters and single points of the incidents source inside the view, from its loaded tiles. */
function countView(map: MapLibreMap): ViewCounts {
  const bounds = map.getBounds();
  const seen = new Set<string>();
  const view: ViewCounts = { clusters: 0, points: 0, clusteredIncidents: 0 };
  for (const feature of map.querySourceFeatures(INCIDENT_SOURCE)) {
    if (feature.geometry.type !== 'Point') continue;
    const [lon, lat] = feature.geometry.coordinates;
    if (lon === undefined || lat === undefined || !bounds.contains([lon, lat])) continue;
    const count: unknown = feature.properties.point_count;
    const cluster = typeof count === 'number';
    // A feature near a tile's edge is in the buffer of its neighbours too.
    const key = `${cluster ? 'cluster' : 'point'} ${String(feature.id)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (cluster) {
      view.clusters += 1;
      view.clusteredIncidents += count;
    } else {
      view.points += 1;
    }
  }
  return view;
}

/** One batch the FrameBatcher delivered, and when MapLibre got through it. */
interface Batch {
  events: number;
  storeMs: number;
  applyStart: number;
  applyMs: number;
  /** Its share of the main-thread send of the worker update that carried it. */
  sendShareMs: number;
  workerAt: number | undefined;
  drawnAt: number | undefined;
}

interface WorkerUpdate {
  batches: Batch[];
  sendStart: number;
  sendMs: number | undefined;
  /** Once indexed: the tiles (uids) whose reload it started and that have not reloaded since. */
  staleTiles: Set<number>;
  /** The reloads it started have all been posted (a later task has run). */
  reloadsPosted: boolean;
}

/** A message MapLibre posts to its worker, as far as the tracker reads it. */
interface WorkerMessage {
  type?: unknown;
  data?: { source?: unknown; uid?: unknown };
}

/**
 * Follows each batch through MapLibre, with what MapLibre itself reports or posts:
 *
 * 1. The source's `dataloading` event is fired, synchronously, when MapLibre starts sending an
 *    update to its worker (GeoJSONSource#_sendWorkerUpdate). MapLibre sends one update at a
 *    time and merges (updateData) or replaces (setData) whatever arrives meanwhile, so an update
 *    carries every batch applied since the previous `dataloading` — a batch is registered before
 *    its update call, which may start the send itself.
 * 2. Building, serializing and posting the message happens a few microtasks later, still on the
 *    main thread: Worker#postMessage is wrapped to see the loadData ('LD') message go, and that
 *    time is shared between the batches the update carries (`mainMs` = call + share).
 * 3. The source's `data` event with `sourceDataType: 'content'` is fired when the worker has
 *    indexed the update (clustering included): the batch's `workerMs`. The source then reloads
 *    every tile in view (a clustered source always reloads them all): the reloadTile ('RT')
 *    messages posted in the microtasks that follow are its reloads.
 * 4. Each tile's reload ends in a `data` event carrying the tile. The worker handles messages in
 *    order, so a reload posted after the update was indexed serves a tile with the batch in it;
 *    reloads of one tile are matched to their `data` events in order. The batch is on screen
 *    at the first `render` (fired once a frame is drawn) after every tile in view has been
 *    reloaded so: `visibleMs`. Not `map.isSourceLoaded()`, which stays false while any later
 *    update is in the worker, nor "all tiles loaded", which a steady stream keeps from
 *    happening: both would measure the gaps in the stream rather than the batch.
 */
class UpdateTracker {
  readonly #unsent: Batch[] = [];
  readonly #inFlight: WorkerUpdate[] = [];
  /** Indexed by the worker, not yet drawn with fresh tiles, oldest first. */
  readonly #undrawn: WorkerUpdate[] = [];
  /** Per tile uid: the reloads posted and not yet back, oldest first, with the update that started each. */
  readonly #reloads = new Map<number, (WorkerUpdate | undefined)[]>();
  readonly #stops: (() => void)[] = [];
  #sending: WorkerUpdate | undefined;
  /** The update whose tile reloads are being posted (between its content event and the next task). */
  #reloading: WorkerUpdate | undefined;
  readonly updates: WorkerUpdate[] = [];
  aborted = 0;

  constructor(map: MapLibreMap, source: GeoJSONSource) {
    const subscriptions = [
      source.on('dataloading', (event) => {
        if (event.tile !== undefined) return;
        const update: WorkerUpdate = {
          batches: this.#unsent.splice(0),
          sendStart: now(),
          sendMs: undefined,
          staleTiles: new Set(),
          reloadsPosted: false,
        };
        this.#inFlight.push(update);
        this.updates.push(update);
        this.#sending = update;
      }),
      source.on('data', (event) => {
        if (event.tile !== undefined) {
          this.#tileReloaded(event.tile as { uid?: unknown });
          return;
        }
        if (event.sourceDataType !== 'content') return;
        const update = this.#inFlight.shift();
        if (!update) return;
        const at = now();
        const share = (update.sendMs ?? 0) / Math.max(1, update.batches.length);
        for (const batch of update.batches) {
          batch.sendShareMs = share;
          batch.workerAt = at;
        }
        this.#undrawn.push(update);
        this.#reloading = update;
        setTimeout(() => {
          update.reloadsPosted = true;
          if (this.#reloading === update) this.#reloading = undefined;
        }, 0);
      }),
      source.on('dataabort', (event) => {
        if (event.tile !== undefined) return;
        const update = this.#inFlight.shift();
        if (!update) return;
        this.aborted += 1;
        this.#unsent.unshift(...update.batches);
      }),
      map.on('render', () => {
        const at = now();
        for (let update = this.#undrawn[0]; update; update = this.#undrawn[0]) {
          if (!update.reloadsPosted || update.staleTiles.size > 0) break;
          for (const batch of update.batches) batch.drawnAt = at;
          this.#undrawn.shift();
        }
      }),
    ];
    for (const subscription of subscriptions) {
      this.#stops.push(() => {
        subscription.unsubscribe();
      });
    }
    const previous = onPosted;
    onPosted = (message) => {
      this.#posted(message);
    };
    this.#stops.push(() => {
      onPosted = previous;
    });
  }

  #posted(message: WorkerMessage): void {
    if (message.data?.source !== INCIDENT_SOURCE) return;
    if (message.type === 'LD' && this.#sending) {
      this.#sending.sendMs = now() - this.#sending.sendStart;
      this.#sending = undefined;
      return;
    }
    const uid = message.data.uid;
    if ((message.type !== 'RT' && message.type !== 'LT') || typeof uid !== 'number') return;
    const owner = this.#reloading;
    owner?.staleTiles.add(uid);
    const queue = this.#reloads.get(uid) ?? [];
    queue.push(owner);
    this.#reloads.set(uid, queue);
  }

  /** A tile's oldest outstanding reload is back: it is fresh for its update and every older one. */
  #tileReloaded(tile: { uid?: unknown }): void {
    if (typeof tile.uid !== 'number') return;
    const owner = this.#reloads.get(tile.uid)?.shift();
    if (!owner) return;
    for (const update of this.#undrawn) {
      update.staleTiles.delete(tile.uid);
      if (update === owner) break;
    }
  }

  /** Before the batch's update call. */
  expect(batch: Batch): void {
    this.#unsent.push(batch);
  }

  /** Batches not drawn yet. */
  get pending(): number {
    let count = this.#unsent.length;
    for (const update of [...this.#inFlight, ...this.#undrawn]) count += update.batches.length;
    return count;
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}

/** Set by the tracker of the running phase: a message MapLibre posted to a worker. */
let onPosted: ((message: WorkerMessage) => void) | undefined;

type PostMessage = (
  this: Worker,
  message: unknown,
  options?: StructuredSerializeOptions | Transferable[],
) => void;
const postMessage = Reflect.get(Worker.prototype, 'postMessage') as PostMessage;
Worker.prototype.postMessage = function (
  this: Worker,
  message: unknown,
  options?: StructuredSerializeOptions | Transferable[],
) {
  postMessage.call(this, message, options);
  if (onPosted && typeof message === 'object' && message !== null) {
    onPosted(message);
  }
};

/** Gaps between animation frames, from requestAnimationFrame's timestamps. */
class FrameRecorder {
  readonly gaps: number[] = [];
  #last: number | undefined;
  #running = true;

  constructor() {
    const frame = (time: number) => {
      if (!this.#running) return;
      if (this.#last !== undefined) this.gaps.push(time - this.#last);
      this.#last = time;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  stop(): void {
    this.#running = false;
  }
}

/** Long tasks (over 50 ms by definition) that started while recording. */
class LongTaskRecorder {
  readonly durations: number[] = [];
  readonly #from = now();
  #to = Number.POSITIVE_INFINITY;
  readonly #observer: PerformanceObserver | undefined;

  constructor() {
    if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) return;
    this.#observer = new PerformanceObserver((list) => {
      this.#take(list.getEntries());
    });
    this.#observer.observe({ type: 'longtask', buffered: false });
  }

  #take(entries: PerformanceEntryList): void {
    for (const entry of entries) {
      if (entry.startTime >= this.#from && entry.startTime <= this.#to) {
        this.durations.push(entry.duration);
      }
    }
  }

  async stop(): Promise<void> {
    this.#to = now();
    // A task's entry is queued once it ends; give the one that may be ending a moment.
    await sleep(100);
    if (!this.#observer) return;
    this.#take(this.#observer.takeRecords());
    this.#observer.disconnect();
  }
}

interface PageState {
  map: MapLibreMap;
  setup: PageSetup;
  loaded: PublicIncidentFeature[];
  script: Script;
}

let state: PageState | undefined;

function filter(): IncidentFilter {
  // Every category, every time: all loaded and streamed incidents are shown.
  return {
    categories: new Set(),
    range: { fromMs: 0, toMs: Date.now() + 86_400_000 },
    playbackHeadMs: null,
  };
}

function webglRenderer(map: MapLibreMap): string {
  const gl = map.getCanvas().getContext('webgl2');
  if (!gl) return 'unknown (no WebGL 2 context)';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}

async function setUp(setup: PageSetup): Promise<PageInfo> {
  const response = await fetch(DATA_PATH);
  if (!response.ok) throw new Error(`${DATA_PATH}: HTTP ${response.status}`);
  const rows = (await response.json()) as BenchRows;
  const container = document.getElementById('map');
  if (!container) throw new Error('no #map element');
  const map = new MapLibreMap({
    container,
    style: offlineBasemapStyle(),
    center: setup.center,
    zoom: setup.zoom,
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
  });
  await map.once('load');
  registerCategoryIcons(map);
  map.addSource(INCIDENT_SOURCE, incidentSource());
  for (const layer of incidentLayers(INCIDENT_SOURCE)) map.addLayer(layer);
  await settled(map);

  const script = streamScript(rows, setup);
  state = { map, setup, loaded: loadedFeatures(rows, setup.features), script };
  const count = (type: StreamEvent['type']) => script.events.filter((e) => e.type === type).length;
  return {
    maplibre: getVersion(),
    renderer: webglRenderer(map),
    width: container.clientWidth,
    height: container.clientHeight,
    devicePixelRatio: window.devicePixelRatio,
    events: script.events.length,
    created: count('created'),
    updated: count('updated'),
    removed: count('removed'),
    crossOriginIsolated: window.crossOriginIsolated,
    longTasksSupported: PerformanceObserver.supportedEntryTypes.includes('longtask'),
  };
}

async function runPhase(mode: UpdateMode, seconds?: number): Promise<PhaseResult> {
  if (!state) throw new Error('setUp first');
  const { map, setup, loaded, script } = state;
  const source = map.getSource<GeoJSONSource>(INCIDENT_SOURCE);
  if (!source) throw new Error(`no source ${INCIDENT_SOURCE}`);
  const events = script.events.slice(
    0,
    Math.min(script.events.length, (seconds ?? setup.seconds) * setup.rate),
  );

  // Load: a new store, its snapshot through the sink (one setData of every feature, as the
  // live client does for a snapshot), until the map has drawn it.
  const loadStart = now();
  const store = new IncidentStore(filter());
  const sink = geojsonSink(
    () => map.getSource<GeoJSONSource>(INCIDENT_SOURCE),
    () => store.mapFeatures(),
  );
  sink.apply(store.applySnapshot(loaded, store.beginSnapshot()));
  await settled(map);
  const loadMs = now() - loadStart;
  const view = countView(map);
  await sleep(1000);

  const tracker = new UpdateTracker(map, source);
  const batches: Batch[] = [];
  const batcher = new FrameBatcher<StreamEvent>((batch) => {
    const start = now();
    const { diff } = store.applyEvents(batch);
    const applyStart = now();
    const record: Batch = {
      events: batch.length,
      storeMs: applyStart - start,
      applyStart,
      applyMs: 0,
      sendShareMs: 0,
      workerAt: undefined,
      drawnAt: undefined,
    };
    batches.push(record);
    if (mode === 'diff') {
      // An empty diff changes nothing on the map: no update to follow.
      if (diffSize(diff) > 0) tracker.expect(record);
      sink.apply(diff);
    } else {
      tracker.expect(record);
      void source.setData({ type: 'FeatureCollection', features: store.mapFeatures() });
    }
    record.applyMs = now() - applyStart;
  });

  const frames = new FrameRecorder();
  const longTasks = new LongTaskRecorder();
  const streamStart = now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(
        events.length,
        Math.floor(((now() - streamStart) * setup.rate) / 1000) + 1,
      );
      for (; next < due; next += 1) {
        const event = events[next];
        if (event) batcher.push(event);
      }
      if (next >= events.length) {
        clearInterval(timer);
        resolve();
      }
    }, PUSH_INTERVAL_MS);
  });
  const streamMs = now() - streamStart;
  frames.stop();
  await longTasks.stop();

  const drainEnd = now() + DRAIN_LIMIT_MS;
  while ((batcher.pending > 0 || tracker.pending > 0) && now() < drainEnd) await sleep(50);
  tracker.stop();
  await settled(map);

  const data = await source.getData();
  const sourceFeatures = 'features' in data ? data.features.length : Number.NaN;
  const tracked = batches.filter((batch) => batch.drawnAt !== undefined);
  const since = (at: number | undefined, batch: Batch) =>
    at === undefined ? Number.NaN : at - batch.applyStart;
  return {
    mode,
    loadMs,
    view,
    streamMs,
    events: events.length,
    batches: batches.length,
    storeMs: batches.map((batch) => batch.storeMs),
    applyMs: batches.map((batch) => batch.applyMs),
    mainMs: batches.map((batch) => batch.applyMs + batch.sendShareMs),
    workerMs: tracked.map((batch) => since(batch.workerAt, batch)),
    visibleMs: tracked.map((batch) => since(batch.drawnAt, batch)),
    sendMs: tracker.updates.map((update) => update.sendMs ?? Number.NaN),
    batchesPerUpdate: tracker.updates.map((update) => update.batches.length),
    undrawn: tracker.pending,
    aborted: tracker.aborted,
    frameMs: frames.gaps,
    longTaskMs: longTasks.durations,
    expectedFeatures: loaded.length + (script.netAfter[events.length] ?? Number.NaN),
    storeFeatures: store.visibleCount,
    sourceFeatures,
  };
}

async function redrawOnly(seconds: number): Promise<RedrawResult> {
  if (!state) throw new Error('setUp first');
  const { map } = state;
  await settled(map);
  const redraw = () => {
    map.triggerRepaint();
  };
  map.on('render', redraw);
  const frames = new FrameRecorder();
  const longTasks = new LongTaskRecorder();
  map.triggerRepaint();
  await sleep(seconds * 1000);
  frames.stop();
  map.off('render', redraw);
  await longTasks.stop();
  await settled(map);
  return { frameMs: frames.gaps, longTaskMs: longTasks.durations };
}

const api: MapBenchApi = { setUp, runPhase, redrawOnly };
(globalThis as unknown as { mapBench: MapBenchApi }).mapBench = api;
