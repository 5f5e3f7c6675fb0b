/**
 * What bench/map.bench.ts (Node) and the bench page (bench/map/bench-page.ts, in Chromium) pass
 * each other: plain JSON only, no DOM or Node types.
 */

/** How a phase applies each batch of stream events to the map's source. */
export type UpdateMode = 'diff' | 'setData';

/** Real incident rows (Chicago), as columns: served to the page at DATA_PATH. */
export interface BenchRows {
  lon: number[];
  lat: number[];
  occurredAtMs: number[];
}

export const DATA_PATH = '/bench-data.json';

export interface PageSetup {
  /** Features loaded before each phase (the first rows; the stream's new incidents follow them). */
  features: number;
  /** Seconds of stream per phase, and incidents per second in it. */
  seconds: number;
  rate: number;
  center: [number, number];
  zoom: number;
}

export interface PageInfo {
  maplibre: string;
  renderer: string;
  width: number;
  height: number;
  devicePixelRatio: number;
  /** Stream events per phase and their mix. */
  events: number;
  created: number;
  updated: number;
  removed: number;
  /** Cross-origin isolated: performance.now() to 5 µs rather than 100 µs. */
  crossOriginIsolated: boolean;
  /** Whether the browser reports long tasks (PerformanceObserver 'longtask'). */
  longTasksSupported: boolean;
}

/** What the view shows once the features are loaded: both clusters and single points. */
export interface ViewCounts {
  clusters: number;
  points: number;
  /** Incidents inside the clusters in view. */
  clusteredIncidents: number;
}

export interface PhaseResult {
  mode: UpdateMode;
  /** Loading the features (store snapshot + one setData) until the map was idle again. */
  loadMs: number;
  view: ViewCounts;
  /** Wall time of the stream, first event to last. */
  streamMs: number;
  events: number;
  /** One per frame in which the FrameBatcher delivered events. */
  batches: number;
  /** Per batch: store.applyEvents. */
  storeMs: number[];
  /** Per batch: the synchronous map update call (sink.apply, or mapFeatures + setData). */
  applyMs: number[];
  /**
   * Per batch: applyMs plus its share of the main-thread work MapLibre defers to a microtask
   * (building the worker message, serializing and posting it), split evenly between the batches
   * one worker update carries.
   */
  mainMs: number[];
  /** Per batch: from the update call until MapLibre's worker has indexed it (see bench-page.ts). */
  workerMs: number[];
  /** Per batch: from the update call until the first frame drawn with it (see bench-page.ts). */
  visibleMs: number[];
  /** Per worker update of the incidents source: main-thread ms to build and post its message. */
  sendMs: number[];
  /** Batches per worker update (updates arriving while the worker is busy are merged). */
  batchesPerUpdate: number[];
  /** Batches still not drawn when the phase gave up waiting (should be 0). */
  undrawn: number;
  /** Worker updates MapLibre abandoned (should be 0). */
  aborted: number;
  /** Gaps between consecutive requestAnimationFrame callbacks during the stream. */
  frameMs: number[];
  /** PerformanceObserver 'longtask' entries (all over 50 ms) that started during the stream. */
  longTaskMs: number[];
  /** Features expected at the end (loaded + created − removed), in the store and in the source. */
  expectedFeatures: number;
  storeFeatures: number;
  sourceFeatures: number;
}

/** The map redrawn every frame with no change to its data: what drawing alone costs. */
export interface RedrawResult {
  frameMs: number[];
  longTaskMs: number[];
}

/** The page's API, at `globalThis.mapBench` once the page has loaded. */
export interface MapBenchApi {
  setUp(setup: PageSetup): Promise<PageInfo>;
  /** After a phase (the features loaded): `seconds` of redrawing every frame, nothing else. */
  redrawOnly(seconds: number): Promise<RedrawResult>;
  /** A phase; `seconds` (at most the setup's) streams only the start of the events (warm-up). */
  runPhase(mode: UpdateMode, seconds?: number): Promise<PhaseResult>;
}
