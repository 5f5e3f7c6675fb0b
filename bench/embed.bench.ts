/**
 * `npm run bench:embed`: what an embed costs, against the full live map, in one run.
 *
 * 1. Pages, in headless Chromium against the real server (the whole app in this process, today's
 *    client built into a temporary directory, a PostgreSQL database of its own holding incidents
 *    around one district of Chicago): first visits (empty cache) of the map embed
 *    `/embed?district=…` (640 × 480, the embed's default size), the stats panel
 *    `/embed/stats?district=…` (480 × 560) and the full map `/#13/lat/lon` (1280 × 800). Counted:
 *    bytes on the wire by type (bench/support/page-visit.ts) and the time to first incidents
 *    drawn (the map: `globalThis.openbeatMap` draws a layer `incidents…`; the stats panel: its
 *    root `#embed` gets `data-state="ready"`). Medians of the runs.
 * 2. Sockets: the server's cost of N open embeds of one article watching that district
 *    (anonymous handshake, the district's bbox, the incidents layer: what the map embed sends)
 *    against N full-map clients (one socket per layer the live map shows by default —
 *    incidents, responses, observations — as client/src/api/live-stream.ts opens one per layer
 *    feed, each on its own 1280 × 800 view at zoom 13 somewhere in the city), while incidents and
 *    their first response steps are written (a quarter in the district, the rest over the city) (bench/support/socket-cost.ts):
 *    server CPU per write and per delivered event, memory per client, sockets that fell behind.
 *
 * Settings (flag or environment variable): --runs/EMBED_BENCH_RUNS (3), --incidents/
 * EMBED_BENCH_INCIDENTS (in the database for the pages, 500), --clients/EMBED_BENCH_CLIENTS
 * (1000), --writes/EMBED_BENCH_WRITES (incidents written per socket phase, 200), --rate/
 * EMBED_BENCH_RATE (incidents/s, 20), --timeout/EMBED_BENCH_TIMEOUT (seconds a page may take to
 * be ready, 60). A page that is not ready in time (an embed that is still a placeholder) is
 * reported as such and the rest goes on. TEST_DATABASE_URL names the PostgreSQL server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { build } from 'vite';
import { buildApp } from '../server/app.js';
import { createApiKey } from '../server/auth/api-keys.service.js';
import { openDatabase } from '../server/db/database.js';
import { incidentRecord, insertIncidentRecords } from '../tests/support/incident-factory.js';
import { seededRandom } from '../shared/random.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import {
  KINDS,
  launchBrowser,
  totalBytes,
  visit,
  type ReadyCheck,
  type Visit,
} from './support/page-visit.js';
import { forkClientLoad, type Bbox } from './support/realtime-clients.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import {
  measureKind,
  startStreamServers,
  type ClientKind,
  type Cost,
} from './support/socket-cost.js';
import { formatTable, median } from './support/stats.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const DISTRICT = 'Bench District';
const CENTRE = { lon: -87.6298, lat: 41.8781 };
/** The district: a 0.04° × 0.03° box (about 3.3 × 3.3 km) around the centre. */
const DISTRICT_BBOX: Bbox = [
  CENTRE.lon - 0.02,
  CENTRE.lat - 0.015,
  CENTRE.lon + 0.02,
  CENTRE.lat + 0.015,
];
const ZOOM = 13;
const FULL_VIEWPORT = { width: 1280, height: 800 };
/** Chicago, where the writes of the socket phases fall and the full-map clients look. */
const CITY: Bbox = [-87.94, 41.64, -87.52, 42.02];

/** The full map's view at ZOOM around a centre: 1280 × 800 px of 512 px tiles, ~0.11° × 0.05°. */
function fullMapView(centre: { lon: number; lat: number }): Bbox {
  const lonSpan = (FULL_VIEWPORT.width / (512 * 2 ** ZOOM)) * 360;
  const latSpan =
    lonSpan * (FULL_VIEWPORT.height / FULL_VIEWPORT.width) * Math.cos((centre.lat * Math.PI) / 180);
  return [
    centre.lon - lonSpan / 2,
    centre.lat - latSpan / 2,
    centre.lon + lonSpan / 2,
    centre.lat + latSpan / 2,
  ];
}
const FULL_BBOX = fullMapView(CENTRE);

interface PageSpec {
  name: 'embed' | 'embed/stats' | 'full map';
  path: string;
  ready: ReadyCheck;
  viewport: { width: number; height: number };
}

const PAGES: PageSpec[] = [
  {
    name: 'embed',
    path: `/embed?district=${encodeURIComponent(DISTRICT)}`,
    ready: 'incidents',
    viewport: { width: 640, height: 480 },
  },
  {
    name: 'embed/stats',
    path: `/embed/stats?district=${encodeURIComponent(DISTRICT)}`,
    ready: 'stats',
    viewport: { width: 480, height: 560 },
  },
  {
    name: 'full map',
    path: `/#${ZOOM}/${CENTRE.lat}/${CENTRE.lon}`,
    ready: 'incidents',
    viewport: FULL_VIEWPORT,
  },
];

function readSettings() {
  return readIntegerSettings({
    runs: { env: 'EMBED_BENCH_RUNS', fallback: 3, min: 1 },
    incidents: { env: 'EMBED_BENCH_INCIDENTS', fallback: 500, min: 1 },
    clients: { env: 'EMBED_BENCH_CLIENTS', fallback: 1000, min: 1 },
    writes: { env: 'EMBED_BENCH_WRITES', fallback: 200, min: 1 },
    rate: { env: 'EMBED_BENCH_RATE', fallback: 20, min: 1 },
    timeout: { env: 'EMBED_BENCH_TIMEOUT', fallback: 60, min: 1 },
  });
}
type Settings = ReturnType<typeof readSettings>;

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function placesIn(bbox: Bbox, count: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    lon: bbox[0] + random() * (bbox[2] - bbox[0]),
    lat: bbox[1] + random() * (bbox[3] - bbox[1]),
  }));
}

/** Where the socket phases write: every fourth place in the district (it is in the news), the rest over the city. */
function writePlaces(count: number, seed: number) {
  const inDistrict = placesIn(DISTRICT_BBOX, count, seed);
  const overCity = placesIn(CITY, count, seed + 100);
  return Array.from(
    { length: count },
    (_, i) => (i % 4 === 0 ? inDistrict[i] : overCity[i]) ?? CENTRE,
  );
}

async function buildClient(): Promise<string> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'openbeat-embed-bench-'));
  onCleanup(`remove ${outDir}`, () => rm(outDir, { recursive: true, force: true }));
  await build({
    configFile: path.join(REPO, 'client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

async function addDistrict(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO districts (name, source, geometry)
     VALUES ($1, 'embed-bench', ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)))`,
    [DISTRICT, ...DISTRICT_BBOX],
  );
}

/** Part 1: first visits of the three pages, medians by page. */
async function benchPages(settings: Settings, problems: string[]): Promise<void> {
  console.log("building today's client …");
  const dist = await buildClient();
  const db = await createBenchDatabase('openbeat_embed_pages');
  const database = await openDatabase({ databaseUrl: db.url, dataDir: '', dbPoolMax: 8 });
  await addDistrict(database.pool);
  await insertIncidentRecords(
    database.pool,
    placesIn(FULL_BBOX, settings.incidents, 1).map((location, i) =>
      incidentRecord({
        category: i % 2 === 0 ? 'bicycle-theft' : 'robbery',
        summary: 'Embed bench incident',
        location,
        occurredAt: new Date(Date.now() - ((i % 120) + 1) * 60_000),
        source: 'embed-bench',
      }),
    ),
  );
  const app = await buildApp({
    pool: database.pool,
    writesPerMinute: 1_000_000,
    clientDistDir: dist,
    realtime: { listenUrl: db.url },
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  const visits = new Map<PageSpec['name'], Visit[]>(PAGES.map((page) => [page.name, []]));
  try {
    for (let run = 1; run <= settings.runs; run++) {
      for (const page of PAGES) {
        // Not ready once: a placeholder page, most likely; more runs would only wait again.
        if (visits.get(page.name)?.some((v) => v.readyMs === null)) continue;
        const result = await visit(browser, `${url}${page.path}`, page.ready, {
          viewport: page.viewport,
          timeoutMs: settings.timeout * 1000,
        });
        visits.get(page.name)?.push(result);
        const when =
          result.readyMs === null
            ? `NOT READY within ${settings.timeout} s`
            : `ready at ${result.readyMs.toFixed(0)} ms`;
        console.log(
          `run ${run} ${page.name.padEnd(11)}: ${kb(totalBytes(result.bytes))} KB in ${result.requests} requests, ${when}`,
        );
        if (result.elsewhere.length > 0)
          problems.push(`${page.name} asked another host: ${result.elsewhere.join(', ')}`);
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await database.close();
  }
  const rows = PAGES.map((page) => {
    const list = visits.get(page.name) ?? [];
    const ready = list.map((v) => v.readyMs).filter((ms): ms is number => ms !== null);
    return [
      page.name,
      ...KINDS.map((kind) => kb(median(list.map((v) => v.bytes[kind])))),
      kb(median(list.map((v) => totalBytes(v.bytes)))),
      median(list.map((v) => v.requests)),
      ready.length === list.length
        ? median(ready).toFixed(0)
        : `not ready (${list.length - ready.length}/${list.length})`,
    ];
  });
  console.log(
    `\nFirst visits, medians of ${settings.runs} run(s): KB on the wire (headers and compressed bodies) by type, requests, ms to first incidents drawn (stats: figures drawn)`,
  );
  console.log(
    formatTable([['page', ...KINDS, 'total', 'requests', 'ready ms'], ...rows], 'lrrrrrrrr'),
  );
  const notReady = PAGES.filter((page) =>
    (visits.get(page.name) ?? []).some((v) => v.readyMs === null),
  );
  if (notReady.length > 0) {
    console.log(
      `\nNot ready: ${notReady.map((p) => p.name).join(', ')}. An embed page that is still the placeholder ` +
        '(no openbeatMap drawing `incidents…` layers, no #embed[data-state="ready"]) cannot be timed: rerun once it is built.',
    );
  }
}

/** Part 2: the server's cost of N embeds against N full-map clients. */
async function benchSockets(settings: Settings): Promise<Cost[]> {
  const db = await createBenchDatabase('openbeat_embed_sockets');
  const servers = await startStreamServers(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });
  const { key } = await createApiKey(pool, { name: 'embed-bench', role: 'dispatcher' });
  const load = await forkClientLoad();
  const n = settings.clients;
  const embeds: ClientKind = {
    name: 'embeds',
    viewports: Array.from({ length: n }, () => DISTRICT_BBOX),
    streams: [{ layers: ['incidents'], anonymous: true }],
  };
  const kinds: ClientKind[] = [
    embeds,
    {
      name: 'full map',
      // People on the full map look at their own part of the city; the embeds of one article
      // all watch its district.
      viewports: placesIn(CITY, n, 3).map(fullMapView),
      streams: [{ layers: ['incidents'] }, { layers: ['responses'] }, { layers: ['observations'] }],
    },
  ];
  console.log(
    `\nsockets: ${n} clients per kind on pid ${servers.server.pid} (writes through pid ${servers.ingest.pid}); ` +
      `${settings.writes} incidents (+ a response step each) at ${settings.rate}/s per kind, a quarter in the district, the rest over the city; ` +
      'embeds all on the district, full-map clients on random 1280 × 800 views at zoom 13',
  );
  const costs: Cost[] = [];
  // A short warm-up (JIT, pools), not counted.
  await measureKind(
    servers,
    load,
    key,
    { ...embeds, viewports: embeds.viewports.slice(0, 50) },
    writePlaces(20, 9),
    settings.rate,
  );
  for (const [index, kind] of kinds.entries()) {
    const cost = await measureKind(
      servers,
      load,
      key,
      kind,
      writePlaces(settings.writes, 10 + index),
      settings.rate,
    );
    console.log(
      `${kind.name}: ${cost.sockets} sockets, ${cost.delivered} events delivered, ${cost.cpuSeconds.toFixed(2)} CPU s`,
    );
    costs.push(cost);
  }
  await load.stop();
  return costs;
}

function printCosts(costs: Cost[]): void {
  const perWrite = (c: Cost) => (c.cpuSeconds * 1e3) / c.written;
  const perDelivery = (c: Cost) =>
    c.delivered > 0 ? (c.cpuSeconds * 1e6) / c.delivered : Number.NaN;
  const rows = costs.map((c) => [
    c.name,
    c.clients,
    c.sockets,
    c.delivered,
    c.lost,
    c.cpuSeconds.toFixed(2),
    perWrite(c).toFixed(2),
    perDelivery(c).toFixed(1),
    kb(c.rssPerClient),
    c.heapPerClient === undefined ? 'n/a' : kb(c.heapPerClient),
  ]);
  const [embeds, full] = costs;
  if (embeds && full) {
    const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`);
    rows.push([
      'full map / embeds',
      '',
      ratio(full.sockets, embeds.sockets),
      ratio(full.delivered, embeds.delivered),
      '',
      ratio(full.cpuSeconds, embeds.cpuSeconds),
      ratio(perWrite(full), perWrite(embeds)),
      ratio(perDelivery(full), perDelivery(embeds)),
      ratio(full.rssPerClient, embeds.rssPerClient),
      full.heapPerClient !== undefined && embeds.heapPerClient !== undefined
        ? ratio(full.heapPerClient, embeds.heapPerClient)
        : 'n/a',
    ]);
  }
  console.log(
    '\nServer cost of open clients (CPU: from the first write to the last delivery + 3 s quiet; memory: growth after a full GC, per client)',
  );
  console.log(
    formatTable(
      [
        [
          'clients',
          'n',
          'sockets',
          'delivered',
          'resynced/dropped',
          'CPU s',
          'CPU ms/write',
          'CPU µs/delivery',
          'RSS KB/client',
          'heap KB/client',
        ],
        ...rows,
      ],
      'lrrrrrrrrr',
    ),
  );
}

async function main() {
  cleanUpOnSignals();
  const settings = readSettings();
  console.log(machineLine());
  console.log(
    `embed bench: ${settings.runs} first visit(s) per page, ${settings.incidents} incidents around ${DISTRICT} ` +
      `[${DISTRICT_BBOX.map((v) => v.toFixed(4)).join(',')}]; ${settings.clients} socket clients per kind`,
  );
  const problems: string[] = [];
  await benchPages(settings, problems);
  const costs = await benchSockets(settings);
  printCosts(costs);
  for (const cost of costs) {
    if (cost.lost > 0) {
      problems.push(`${cost.name}: ${cost.lost} sockets fell behind or closed; lower the rate`);
    }
  }
  reportProblems(problems);
}

void runBenchmark('bench:embed', main);
