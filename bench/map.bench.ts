/**
 * `npm run bench:map`: the live map under a stream, in headless Chromium. The bench page
 * (bench/map/, built with Vite from the client's real map modules: IncidentStore, FrameBatcher,
 * geojsonSink, the incidents layer's source and styles, the offline basemap) shows a 1280×800
 * map over Chicago holding F features (real Chicago incidents from ../shared/data), then takes
 * R incidents/s (80% new, 15% updates and 5% removals of recent ones) for T seconds. Two kinds of
 * phase, alternating in the same run and the same page (A, B, A, B, …), each after reloading
 * the same F features and each streaming the same events:
 *
 * - diff: each frame's batch goes store.applyEvents → geojsonSink.apply → MapLibre updateData,
 *   as in the live client;
 * - setData: each frame's batch goes store.applyEvents → a full setData of store.mapFeatures().
 *
 * Printed per phase: main-thread long tasks over 50 ms (count, total, longest), frame times
 * (p50/p95/p99 of requestAnimationFrame gaps) and per-batch times: the update call alone, the
 * main thread in all (the call plus MapLibre's deferred message building and posting), until
 * MapLibre's worker has indexed the batch and until the first frame drawn with it (see
 * bench/map/bench-page.ts). After each round, the same frame and long-task figures for the map
 * redrawn every frame with no stream at all: what drawing alone costs in this browser (headless
 * with --disable-gpu draws WebGL in software, and the page's main thread waits for it). Then
 * medians over the rounds and the setData/diff ratios (goal: diffs ≥ 5× faster; no long task).
 * Then the production bundle of the real map page (client/, built
 * into a temporary directory): every file of assets/ and basemap/ with its gzip size.
 *
 * Settings (flag or environment variable): --seconds/MAP_BENCH_SECONDS (stream per phase, 30),
 * --features/MAP_BENCH_FEATURES (loaded features, 100000), --rounds/MAP_BENCH_ROUNDS (1 round =
 * one phase of each kind, 2), --rate/MAP_BENCH_RATE (incidents/s, 200), --warmup/MAP_BENCH_WARMUP
 * (seconds of an uncounted first phase of each kind, 5; 0 for none). Nothing is fetched beyond
 * the loopback server; a request elsewhere is refused and reported.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import type {
  BenchRows,
  MapBenchApi,
  PageInfo,
  PageSetup,
  PhaseResult,
  RedrawResult,
  UpdateMode,
} from './map/protocol.js';
import { DATA_PATH } from './map/protocol.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median, percentile } from './support/stats.js';

const GOAL_SPEEDUP = 5;
const REPO = fileURLToPath(new URL('..', import.meta.url));
const CHICAGO_ROWS = fileURLToPath(
  new URL('../../shared/data/chicago_aggravated_assaults.csv.gz', import.meta.url),
);
/** Near 47th and Halsted: dense enough for clusters, with single points between them. */
const VIEW = { center: [-87.655, 41.805] as [number, number], zoom: 13 };
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
/** Seconds of the redraw-only measurement after each round (at most the stream's). */
const REDRAW_SECONDS = 10;
/** A 30 s phase, its load and its drain take about a minute; far more means something hangs. */
const PHASE_TIMEOUT_MS = 10 * 60_000;

function readSettings() {
  return readIntegerSettings({
    seconds: { env: 'MAP_BENCH_SECONDS', fallback: 30, min: 1 },
    features: { env: 'MAP_BENCH_FEATURES', fallback: 100_000, min: 1 },
    rounds: { env: 'MAP_BENCH_ROUNDS', fallback: 2, min: 1 },
    rate: { env: 'MAP_BENCH_RATE', fallback: 200, min: 1 },
    warmup: { env: 'MAP_BENCH_WARMUP', fallback: 5, min: 0 },
  });
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function ascending(values: readonly number[]): number[] {
  return values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * The Chicago rows with coordinates, oldest first: `date,loc_cat,longitude,latitude,district`,
 * local times taken as Chicago standard time (UTC−6).
 */
async function readChicagoRows(): Promise<BenchRows> {
  const text = gunzipSync(await readFile(CHICAGO_ROWS)).toString('utf8');
  const rows: BenchRows = { lon: [], lat: [], occurredAtMs: [] };
  for (const line of text.split('\n').slice(1)) {
    const [date, , longitude, latitude] = line.split(',');
    if (date === undefined || longitude === undefined || latitude === undefined) continue;
    const lon = Number(longitude);
    const lat = Number(latitude);
    const occurredAtMs = Date.parse(`${date.replace(' ', 'T')}:00-06:00`);
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !Number.isFinite(occurredAtMs)) continue;
    if (lon === 0 || lat === 0) continue;
    rows.lon.push(lon);
    rows.lat.push(lat);
    rows.occurredAtMs.push(occurredAtMs);
  }
  return rows;
}

async function temporaryDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), prefix));
  onCleanup(`remove ${directory}`, () => rm(directory, { recursive: true, force: true }));
  return directory;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Cross-origin isolation, which the page does not otherwise need, gives it a finer
 * performance.now() (5 µs instead of 100 µs): some per-batch times are well under a millisecond.
 */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** The built page and the rows, from 127.0.0.1 on a free port. */
async function serve(root: string, rows: Buffer): Promise<string> {
  const server: Server = createServer((request, response) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      if (pathname === DATA_PATH) {
        response.writeHead(200, { ...ISOLATION, 'content-type': 'application/json' }).end(rows);
        return;
      }
      const file = path.join(root, pathname === '/' ? 'index.html' : pathname);
      if (!file.startsWith(root + path.sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
        response.writeHead(200, { ...ISOLATION, 'content-type': type }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  onCleanup(
    'stop the page server',
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface BundleFile {
  file: string;
  kind: 'JS' | 'CSS' | 'basemap data' | 'other';
  bytes: number;
  gzip: number;
}

function kindOf(file: string): BundleFile['kind'] {
  if (/\.m?js$/.test(file)) return 'JS';
  if (file.endsWith('.css')) return 'CSS';
  if (file.endsWith('.geojson')) return 'basemap data';
  return 'other';
}

/**
 * The real map page's production build (client/vite.config.ts, outDir moved to a temporary
 * directory): each file of assets/ and basemap/ with its size gzipped at level 9. The build's
 * own .gz copies and the source maps are left out.
 */
async function bundleSizes(): Promise<BundleFile[]> {
  const outDir = await temporaryDirectory('openbeat-map-bundle-');
  await build({
    configFile: path.join(REPO, 'client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const files: BundleFile[] = [];
  for (const folder of ['assets', 'basemap']) {
    const entries = await readdir(path.join(outDir, folder), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const name = entry.name;
      if (/\.(?:gz|br|map)$/.test(name)) continue;
      // A folder of tiles (the streets) is one row: a visit loads only the tiles in view.
      const inside = entry.isDirectory()
        ? (await readdir(path.join(outDir, folder, name), { recursive: true })).filter((file) =>
            file.endsWith('.pbf'),
          )
        : [''];
      let [bytes, gzip] = [0, 0];
      for (const file of inside) {
        const content = await readFile(path.join(outDir, folder, name, file));
        bytes += content.length;
        gzip += gzipSync(content, { level: 9 }).length;
      }
      const label = entry.isDirectory() ? `${name}/ (${inside.length} tiles)` : name;
      const kind = entry.isDirectory() ? 'basemap data' : kindOf(name);
      files.push({ file: `${folder}/${label}`, kind, bytes, gzip });
    }
  }
  return files;
}

async function buildPage(): Promise<string> {
  const outDir = await temporaryDirectory('openbeat-map-bench-page-');
  await build({
    configFile: path.join(REPO, 'bench/map/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** One phase's figures, from the page's raw timings. */
interface PhaseSummary {
  round: number;
  mode: UpdateMode;
  result: PhaseResult;
  eventsPerBatch: number;
  applyP50: number;
  applyP95: number;
  mainP50: number;
  mainP95: number;
  /** Main-thread ms of map updates per second of stream (all batches' main time summed). */
  mainPerSecond: number;
  workerP50: number;
  visibleP50: number;
  visibleP95: number;
  sendP50: number;
  batchesPerUpdate: number;
  frameP50: number;
  frameP95: number;
  frameP99: number;
  longTasks: number;
  longTaskTotal: number;
  longTaskMax: number;
}

function summarize(round: number, result: PhaseResult): PhaseSummary {
  const p = (values: readonly number[], q: number) => percentile(ascending(values), q);
  return {
    round,
    mode: result.mode,
    result,
    eventsPerBatch: result.events / result.batches,
    applyP50: p(result.applyMs, 0.5),
    applyP95: p(result.applyMs, 0.95),
    mainP50: p(result.mainMs, 0.5),
    mainP95: p(result.mainMs, 0.95),
    mainPerSecond: sum(result.mainMs) / (result.streamMs / 1000),
    workerP50: p(result.workerMs, 0.5),
    visibleP50: p(result.visibleMs, 0.5),
    visibleP95: p(result.visibleMs, 0.95),
    sendP50: p(result.sendMs, 0.5),
    batchesPerUpdate: median(result.batchesPerUpdate),
    frameP50: p(result.frameMs, 0.5),
    frameP95: p(result.frameMs, 0.95),
    frameP99: p(result.frameMs, 0.99),
    longTasks: result.longTaskMs.length,
    longTaskTotal: sum(result.longTaskMs),
    longTaskMax: result.longTaskMs.length > 0 ? Math.max(...result.longTaskMs) : 0,
  };
}

function phaseLine(label: string, s: PhaseSummary): string {
  return (
    `${label} ${s.mode}: ${s.result.batches} batches (${fixed(s.eventsPerBatch)} events each), ` +
    `update call p50 ${fixed(s.applyP50, 2)} ms, main thread p50 ${fixed(s.mainP50, 2)} ms ` +
    `p95 ${fixed(s.mainP95, 2)} ms, drawn p50 ${fixed(s.visibleP50, 0)} ms; frames p95 ` +
    `${fixed(s.frameP95)} ms; long tasks ${s.longTasks} (${fixed(s.longTaskTotal, 0)} ms)`
  );
}

function checkPhase(label: string, result: PhaseResult, problems: string[]): void {
  if (result.undrawn > 0) {
    problems.push(`${label}: ${result.undrawn} batches never drawn within the drain limit`);
  }
  if (result.aborted > 0) problems.push(`${label}: ${result.aborted} worker updates abandoned`);
  if (result.sendMs.some((ms) => !Number.isFinite(ms))) {
    problems.push(`${label}: a worker update's message was not seen being posted`);
  }
  if (
    result.storeFeatures !== result.expectedFeatures ||
    result.sourceFeatures !== result.expectedFeatures
  ) {
    problems.push(
      `${label}: expected ${result.expectedFeatures} features at the end, the store has ` +
        `${result.storeFeatures} and the map source ${result.sourceFeatures}`,
    );
  }
  if (result.view.clusters === 0 || result.view.points === 0) {
    problems.push(
      `${label}: the view shows ${result.view.clusters} clusters and ${result.view.points} single points (want both)`,
    );
  }
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

async function main() {
  const settings = readSettings();
  cleanUpOnSignals();
  console.log('Openbeat map benchmark: a live stream into the map, diffs against full setData');
  console.log(machineLine());

  const rows = await readChicagoRows();
  const created = Math.ceil(settings.seconds * settings.rate * 0.8);
  const wraps = settings.features + created > rows.lon.length;
  console.log(
    `data: ${rows.lon.length} Chicago incidents with coordinates (${path.relative(REPO, CHICAGO_ROWS)}); ` +
      `the first ${settings.features} are loaded, the stream's new incidents take the next rows` +
      (wraps ? ' (wrapping around: fewer rows than needed, some places repeat)' : ''),
  );

  const problems: string[] = [];
  const [pageDir, bundle] = [await buildPage(), await bundleSizes()];
  const base = await serve(pageDir, Buffer.from(JSON.stringify(rows)));

  const browser = await launchBrowser();
  onCleanup('close Chromium', () => browser.close());
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const refused: string[] = [];
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    async (route) => {
      refused.push(route.request().url());
      await route.abort();
    },
  );
  const page = await context.newPage();
  page.setDefaultTimeout(PHASE_TIMEOUT_MS);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`page console error: ${message.text()}`);
  });
  await page.goto(`${base}/`);
  await page.waitForFunction(() => 'mapBench' in globalThis);

  const setup: PageSetup = {
    features: settings.features,
    seconds: settings.seconds,
    rate: settings.rate,
    center: VIEW.center,
    zoom: VIEW.zoom,
  };
  // These callbacks run in the page (serialized by Playwright): nothing from here is in scope.
  const info: PageInfo = await page.evaluate(
    async (s) => (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.setUp(s),
    setup,
  );
  console.log(
    `browser: Chromium ${browser.version()} (${CHROMIUM} ${CHROMIUM_ARGS.join(' ')}), ` +
      `WebGL: ${info.renderer}; MapLibre ${info.maplibre}`,
  );
  console.log(
    `map: ${info.width}×${info.height} px at devicePixelRatio ${info.devicePixelRatio}, ` +
      `zoom ${VIEW.zoom} over [${VIEW.center.join(', ')}], clustered GeoJSON source and styles ` +
      'of the live incidents layer, offline basemap; ' +
      (info.crossOriginIsolated ? 'timers to 5 µs (cross-origin isolated)' : 'timers to 100 µs'),
  );
  console.log(
    `stream per phase: ${info.events} events in ${settings.seconds} s (${settings.rate}/s: ` +
      `${info.created} created, ${info.updated} updated, ${info.removed} removed), batched per ` +
      'animation frame by FrameBatcher; every phase reloads the same features and streams the same events',
  );
  console.log(
    `phases: ${settings.warmup > 0 ? `an uncounted ${settings.warmup} s warm-up of each kind, then ` : ''}` +
      `${settings.rounds} rounds of diff, setData (alternating)`,
  );
  if (!info.longTasksSupported) problems.push('this Chromium does not report long tasks');

  const run = (mode: UpdateMode, seconds?: number) =>
    page.evaluate(
      async ([m, s]) =>
        (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.runPhase(m, s),
      [mode, seconds] as const,
    );

  if (settings.warmup > 0) {
    for (const mode of ['diff', 'setData'] as const) {
      const s = summarize(0, await run(mode, Math.min(settings.warmup, settings.seconds)));
      console.log(phaseLine('warm-up', s));
    }
  }

  const phases: PhaseSummary[] = [];
  const redrawSeconds = Math.min(REDRAW_SECONDS, settings.seconds);
  const redraws: ({ round: number; seconds: number } & RedrawResult)[] = [];
  let view: PhaseResult['view'] | undefined;
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const mode of ['diff', 'setData'] as const) {
      const result = await run(mode);
      checkPhase(`round ${round} ${mode}`, result, problems);
      view ??= result.view;
      const s = summarize(round, result);
      phases.push(s);
      console.log(phaseLine(`round ${round}`, s));
    }
    const redraw = await page.evaluate(
      async (s) => (globalThis as unknown as { mapBench: MapBenchApi }).mapBench.redrawOnly(s),
      redrawSeconds,
    );
    redraws.push({ round, seconds: redrawSeconds, ...redraw });
    console.log(
      `round ${round} redraw only: frames p95 ${fixed(percentile(ascending(redraw.frameMs), 0.95))} ms; ` +
        `long tasks ${redraw.longTaskMs.length} (${fixed(sum(redraw.longTaskMs), 0)} ms) in ${redrawSeconds} s`,
    );
  }
  await browser.close();
  if (refused.length > 0) {
    problems.push(
      `requests beyond the loopback server were refused: ${refused.slice(0, 3).join(', ')}`,
    );
  }

  if (view) {
    console.log(
      `view after loading: ${view.clusters} clusters (${view.clusteredIncidents} incidents) and ` +
        `${view.points} single points drawn; loading ${settings.features} features took ` +
        `${fixed(median(phases.map((s) => s.result.loadMs)), 0)} ms (median, store snapshot + setData until idle)`,
    );
  }

  console.log('\nPer batch (ms; p50/p95 within a phase)');
  console.log(
    formatTable(
      [
        [
          'round',
          'mode',
          'batches',
          'ev/batch',
          'store p50',
          'call p50',
          'call p95',
          'main p50',
          'main p95',
          'main ms/s',
          'worker p50',
          'drawn p50',
          'drawn p95',
          'updates',
          'batch/upd',
          'send p50',
        ],
        ...phases.map((s) => [
          String(s.round),
          s.mode,
          s.result.batches,
          fixed(s.eventsPerBatch),
          fixed(percentile(ascending(s.result.storeMs), 0.5), 2),
          fixed(s.applyP50, 2),
          fixed(s.applyP95, 2),
          fixed(s.mainP50, 2),
          fixed(s.mainP95, 2),
          fixed(s.mainPerSecond, 0),
          fixed(s.workerP50, 0),
          fixed(s.visibleP50, 0),
          fixed(s.visibleP95, 0),
          s.result.sendMs.length,
          fixed(s.batchesPerUpdate),
          fixed(s.sendP50, 2),
        ]),
      ],
      'llrrrrrrrrrrrrrr',
    ),
  );
  console.log(
    'call: the update call (sink.apply → updateData, or mapFeatures + setData); main: the call plus ' +
      "its share of MapLibre's deferred main-thread send (message built, serialized, posted); " +
      "main ms/s: all batches' main time per second of stream; " +
      "worker: until MapLibre's worker has indexed it; drawn: until the first frame drawn with it",
  );

  console.log('\nMain thread during the stream');
  console.log(
    formatTable(
      [
        [
          'round',
          'mode',
          'seconds',
          'frames',
          'frame p50',
          'p95',
          'p99',
          'long tasks',
          'total ms',
          'max ms',
        ],
        ...phases.map((s) => [
          String(s.round),
          s.mode,
          fixed(s.result.streamMs / 1000),
          s.result.frameMs.length,
          fixed(s.frameP50),
          fixed(s.frameP95),
          fixed(s.frameP99),
          s.longTasks,
          fixed(s.longTaskTotal, 0),
          fixed(s.longTaskMax, 0),
        ]),
        ...redraws.map((r) => {
          const frames = ascending(r.frameMs);
          return [
            String(r.round),
            'redraw only',
            fixed(r.seconds),
            frames.length,
            fixed(percentile(frames, 0.5)),
            fixed(percentile(frames, 0.95)),
            fixed(percentile(frames, 0.99)),
            r.longTaskMs.length,
            fixed(sum(r.longTaskMs), 0),
            fixed(r.longTaskMs.length > 0 ? Math.max(...r.longTaskMs) : 0, 0),
          ];
        }),
      ],
      'llrrrrrrrr',
    ),
  );
  console.log(
    'redraw only: the same map with the features loaded, redrawn every frame with no change to ' +
      'its data and no stream: what drawing alone costs in this browser',
  );

  const of = (mode: UpdateMode, pickValue: (s: PhaseSummary) => number) =>
    median(phases.filter((s) => s.mode === mode).map(pickValue));
  const both = (pickValue: (s: PhaseSummary) => number) => ({
    diff: of('diff', pickValue),
    setData: of('setData', pickValue),
  });
  const main50 = both((s) => s.mainP50);
  const main95 = both((s) => s.mainP95);
  const call50 = both((s) => s.applyP50);
  const drawn50 = both((s) => s.visibleP50);
  const drawn95 = both((s) => s.visibleP95);
  const frames = both((s) => s.frameP95);
  const longTasks = both((s) => s.longTasks);
  const longTotal = both((s) => s.longTaskTotal);
  const ratio = (figure: { diff: number; setData: number }) => figure.setData / figure.diff;
  const speedup = ratio(main50);

  console.log(`\nMedians over ${settings.rounds} rounds (diff | setData):`);
  console.log(
    `- main-thread long tasks over 50 ms: ${fixed(longTasks.diff, 1)} | ${fixed(longTasks.setData, 1)} per ` +
      `${settings.seconds} s phase (${fixed(longTotal.diff, 0)} | ${fixed(longTotal.setData, 0)} ms in all) ` +
      `— goal 0 with diffs: ${longTasks.diff === 0 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `- frame time p95: ${fixed(frames.diff)} | ${fixed(frames.setData)} ms ` +
      `(p50 ${fixed(of('diff', (s) => s.frameP50))} | ${fixed(of('setData', (s) => s.frameP50))}, ` +
      `p99 ${fixed(of('diff', (s) => s.frameP99))} | ${fixed(of('setData', (s) => s.frameP99))})`,
  );
  if (redraws.length > 0) {
    console.log(
      `- redraw only, no stream (median of ${redraws.length}): frame time p95 ` +
        `${fixed(median(redraws.map((r) => percentile(ascending(r.frameMs), 0.95))))} ms, ` +
        `${fixed(median(redraws.map((r) => (r.longTaskMs.length * settings.seconds) / r.seconds)), 1)} ` +
        `long tasks per ${settings.seconds} s`,
    );
  }
  console.log(
    `- main thread per batch: p50 ${fixed(main50.diff, 2)} | ${fixed(main50.setData, 2)} ms, ` +
      `p95 ${fixed(main95.diff, 2)} | ${fixed(main95.setData, 2)} ms ` +
      `(update call alone p50 ${fixed(call50.diff, 2)} | ${fixed(call50.setData, 2)} ms); ` +
      `${fixed(
        of('diff', (s) => s.mainPerSecond),
        0,
      )} | ${fixed(
        of('setData', (s) => s.mainPerSecond),
        0,
      )} ` +
      'ms per second of stream in all',
  );
  console.log(
    `- worker has indexed the batch after: p50 ${fixed(
      of('diff', (s) => s.workerP50),
      0,
    )} | ` +
      `${fixed(
        of('setData', (s) => s.workerP50),
        0,
      )} ms`,
  );
  console.log(
    `- batch drawn after: p50 ${fixed(drawn50.diff, 0)} | ${fixed(drawn50.setData, 0)} ms, ` +
      `p95 ${fixed(drawn95.diff, 0)} | ${fixed(drawn95.setData, 0)} ms`,
  );
  console.log(
    `ratio setData/diff, main thread per batch: p50 ${fixed(speedup)}×, p95 ${fixed(ratio(main95))}×; ` +
      `update call p50 ${fixed(ratio(call50))}×; drawn p50 ${fixed(ratio(drawn50))}× ` +
      `— goal diffs ≥ ${GOAL_SPEEDUP}× faster (main thread p50): ${speedup >= GOAL_SPEEDUP ? 'met' : 'NOT met'}`,
  );

  console.log('\nProduction bundle of the map page (client/, vite build; gzip -9 of each file)');
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const totals = (['JS', 'CSS', 'basemap data', 'other'] as const)
    .map((kind) => {
      const files = bundle.filter((f) => f.kind === kind);
      return {
        kind,
        count: files.length,
        bytes: sum(files.map((f) => f.bytes)),
        gzip: sum(files.map((f) => f.gzip)),
      };
    })
    .filter((total) => total.count > 0);
  console.log(
    formatTable(
      [
        ['file', 'kind', 'KiB', 'gzip KiB'],
        ...bundle.map((f) => [f.file, f.kind, kib(f.bytes), kib(f.gzip)]),
        ...totals.map((t) => [`total ${t.kind} (${t.count} files)`, '', kib(t.bytes), kib(t.gzip)]),
        ['total', '', kib(sum(bundle.map((f) => f.bytes))), kib(sum(bundle.map((f) => f.gzip)))],
      ],
      'llrr',
    ),
  );

  reportProblems(problems);
}

await runBenchmark('bench:map', main);
