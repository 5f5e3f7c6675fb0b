/**
 * `npm run bench:page`: what a first visit to the live map costs, in headless Chromium against
 * the real server (the whole app in this process, on a PostgreSQL database of its own), for
 * three pages side by side:
 *
 * - before: the client of commit 484a2c1, before the basemap had streets and labels (built from
 *   that commit's sources into a temporary directory);
 * - offline: today's client and its offline basemap (Vancouver streets, names, lakes, glyphs);
 * - pmtiles: today's client on a PMTiles basemap served by the server (BASEMAP_PMTILES; the
 *   Florence fixture of ../shared unless --pmtiles/PAGE_BENCH_PMTILES names another archive).
 *
 * Each visit is a new browser context (empty cache) opening a city view at zoom 13 (Vancouver
 * for before and offline, the archive's centre for pmtiles; the database holds the same number
 * of incidents around each). Counted: the bytes on the wire of every response (headers and
 * compressed body, as Chromium received them; websocket frames as data) by type — script (JS),
 * style (CSS), basemap (/basemap/, glyphs, the archive), data (API, live stream, incident
 * tiles, client config), page (HTML, icon) — until the network has been quiet for a second,
 * and the time from navigation to the first incidents drawn. Printed: the medians of the runs
 * per page, and what the offline basemap adds to the page before (goal: streets and labels add
 * at most 600 KB compressed). Settings: --runs/PAGE_BENCH_RUNS (3), --incidents/
 * PAGE_BENCH_INCIDENTS (per city, 1000). TEST_DATABASE_URL names the PostgreSQL server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Request } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../server/app.js';
import { openDatabase } from '../server/db/database.js';
import { incidentRecord, insertIncidentRecords } from '../tests/support/incident-factory.js';
import type { CategorySlug } from '../shared/categories.js';
import { seededRandom } from '../shared/random.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** The last commit before issue 11's basemap work. */
const BEFORE_COMMIT = '484a2c1';
const FLORENCE_PMTILES = fileURLToPath(
  new URL('../tests/fixtures/basemap/firenze-2023.pmtiles', import.meta.url),
);
const VANCOUVER = { lon: -123.12, lat: 49.275 };
const FLORENCE = { lon: 11.255, lat: 43.771 };
const ZOOM = 13;
const GOAL_ADDED_BYTES = 600 * 1024;
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
const QUIET_MS = 1_000;
const VISIT_TIMEOUT_MS = 180_000;
const KINDS = ['script', 'style', 'basemap', 'data', 'page'] as const;
type Kind = (typeof KINDS)[number];

interface Variant {
  name: 'before' | 'offline' | 'pmtiles';
  url: string;
  centre: { lon: number; lat: number };
}

interface Visit {
  bytes: Record<Kind, number>;
  requests: number;
  firstIncidentsMs: number;
  elsewhere: string[];
}

function readSettings() {
  return readIntegerSettings({
    runs: { env: 'PAGE_BENCH_RUNS', fallback: 3, min: 1 },
    incidents: { env: 'PAGE_BENCH_INCIDENTS', fallback: 1000, min: 1 },
  });
}

/** --pmtiles <file> or PAGE_BENCH_PMTILES, else the Florence fixture. */
function pmtilesArchive(): string {
  const flag = process.argv.indexOf('--pmtiles');
  const given = flag >= 0 ? process.argv[flag + 1] : process.env.PAGE_BENCH_PMTILES;
  return given ? path.resolve(given) : FLORENCE_PMTILES;
}

async function temporaryDirectory(prefix: string): Promise<string> {
  const directory = await mkdtemp(path.join(os.tmpdir(), prefix));
  onCleanup(`remove ${directory}`, () => rm(directory, { recursive: true, force: true }));
  return directory;
}

/** Today's client, built into a temporary directory (client/dist is left alone). */
async function buildCurrentClient(): Promise<string> {
  const outDir = await temporaryDirectory('openbeat-page-now-');
  await build({
    configFile: path.join(REPO, 'client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** The client of BEFORE_COMMIT, from that commit's sources, with today's node_modules. */
async function buildClientBefore(): Promise<string> {
  const root = await temporaryDirectory('openbeat-page-before-');
  const paths = ['client', 'shared', 'package.json', 'tsconfig.json'];
  const archive = execFileSync('git', ['archive', BEFORE_COMMIT, ...paths], {
    cwd: REPO,
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', root], { input: archive });
  await symlink(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'));
  const outDir = path.join(root, 'dist');
  await build({
    configFile: path.join(root, 'client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** `count` open incidents of the last hours within ~2 km of a city centre. */
function incidentsAround(centre: { lon: number; lat: number }, count: number, seed: number) {
  const random = seededRandom(seed);
  const categories: CategorySlug[] = ['bicycle-theft', 'robbery', 'shoplifting', 'drugs'];
  return Array.from({ length: count }, (_, i) =>
    incidentRecord({
      category: categories[i % categories.length],
      summary: 'Bench incident',
      location: {
        lon: centre.lon + (random() - 0.5) * 0.05,
        lat: centre.lat + (random() - 0.5) * 0.03,
      },
      occurredAt: new Date(Date.now() - random() * 12 * 3_600_000),
      source: 'page-bench',
    }),
  );
}

function kindOf(request: Request): Kind {
  const { pathname } = new URL(request.url());
  if (/\.m?js$/.test(pathname)) return 'script';
  if (pathname.endsWith('.css')) return 'style';
  if (pathname.startsWith('/basemap/') || pathname.startsWith('/fonts/')) return 'basemap';
  if (/^\/(?:api|socket\.io|tiles)\/|^\/client-config\.json$/.test(pathname)) return 'data';
  return 'page';
}

/** One first visit: a new context, the city view, until the first incidents and a quiet network. */
async function visit(browser: Browser, variant: Variant): Promise<Visit> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    const own = new URL(variant.url).origin;
    const bytes = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<Kind, number>;
    const elsewhere: string[] = [];
    const pending = new Set<Request>();
    const counting: Promise<void>[] = [];
    let requests = 0;
    let lastActivity = Date.now();
    page.on('request', (request) => {
      requests += 1;
      lastActivity = Date.now();
      if (/^https?:/.test(request.url()) && new URL(request.url()).origin !== own) {
        elsewhere.push(request.url());
      }
      pending.add(request);
    });
    page.on('requestfinished', (request) => {
      lastActivity = Date.now();
      counting.push(
        request.sizes().then((sizes) => {
          bytes[kindOf(request)] += sizes.responseBodySize + sizes.responseHeadersSize;
          pending.delete(request);
        }),
      );
    });
    page.on('requestfailed', (request) => pending.delete(request));
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        bytes.data += typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      });
    });

    const { lon, lat } = variant.centre;
    await page.goto(`${variant.url}/#${ZOOM}/${lat}/${lon}`, { waitUntil: 'commit' });
    // Any layer of the incidents (points, clusters, stacks…), whatever the client calls them.
    const drawn = await page.waitForFunction(
      () => {
        type Rendered = { layer: { id: string } };
        const map = (
          globalThis as unknown as { openbeatMap?: { queryRenderedFeatures(): Rendered[] } }
        ).openbeatMap;
        if (!map) return false;
        const found = map.queryRenderedFeatures().some((f) => f.layer.id.startsWith('incidents'));
        return found ? performance.now() : false;
      },
      undefined,
      { polling: 50, timeout: VISIT_TIMEOUT_MS },
    );
    const firstIncidentsMs = Number(await drawn.jsonValue());
    const started = Date.now();
    while (pending.size > 0 || Date.now() - lastActivity < QUIET_MS) {
      if (Date.now() - started > VISIT_TIMEOUT_MS) throw new Error(`${variant.name}: never quiet`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await Promise.all(counting);
    return { bytes, requests, firstIncidentsMs, elsewhere };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

async function main() {
  cleanUpOnSignals();
  const settings = readSettings();
  const archive = pmtilesArchive();
  console.log(machineLine());
  console.log(
    `page bench: ${settings.runs} first visit(s) per page, ${settings.incidents} incidents around ` +
      `each city, view at zoom ${ZOOM}; PMTiles archive ${archive}`,
  );

  console.log(`building today's client and the client of ${BEFORE_COMMIT} …`);
  const nowDist = await buildCurrentClient();
  const beforeDist = await buildClientBefore();

  const db = await createBenchDatabase('openbeat_page_bench');
  const database = await openDatabase({ databaseUrl: db.url, dataDir: '', dbPoolMax: 8 });
  onCleanup('close the database pool', () => database.close());
  await insertIncidentRecords(database.pool, [
    ...incidentsAround(VANCOUVER, settings.incidents, 1),
    ...incidentsAround(FLORENCE, settings.incidents, 2),
  ]);

  const serve = async (options: { clientDistDir: string; basemapPmtiles?: string }) => {
    const app: FastifyInstance = await buildApp({
      ...options,
      pool: database.pool,
      writesPerMinute: 1_000_000,
      realtime: { listenUrl: db.url },
    });
    onCleanup('close a server', () => app.close());
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return url;
  };
  const variants: Variant[] = [
    { name: 'before', url: await serve({ clientDistDir: beforeDist }), centre: VANCOUVER },
    { name: 'offline', url: await serve({ clientDistDir: nowDist }), centre: VANCOUVER },
    {
      name: 'pmtiles',
      url: await serve({ clientDistDir: nowDist, basemapPmtiles: archive }),
      centre: FLORENCE,
    },
  ];

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  onCleanup('close the browser', () => browser.close());
  const visits = new Map<Variant['name'], Visit[]>(variants.map((v) => [v.name, []]));
  const problems: string[] = [];
  for (let run = 1; run <= settings.runs; run++) {
    for (const variant of variants) {
      const result = await visit(browser, variant);
      visits.get(variant.name)?.push(result);
      console.log(
        `run ${run} ${variant.name.padEnd(7)}: ${kb(sumOf(result.bytes))} KB in ` +
          `${result.requests} requests, first incidents at ${result.firstIncidentsMs.toFixed(0)} ms`,
      );
      if (result.elsewhere.length > 0) {
        problems.push(`${variant.name} asked another host: ${result.elsewhere.join(', ')}`);
      }
    }
  }

  const medians = (name: Variant['name']) => {
    const list = visits.get(name) ?? [];
    const byKind = Object.fromEntries(
      KINDS.map((kind) => [kind, median(list.map((v) => v.bytes[kind]))]),
    ) as Record<Kind, number>;
    return {
      byKind,
      total: median(list.map((v) => sumOf(v.bytes))),
      requests: median(list.map((v) => v.requests)),
      firstMs: median(list.map((v) => v.firstIncidentsMs)),
    };
  };
  const rows = variants.map((variant) => {
    const m = medians(variant.name);
    return [
      variant.name,
      ...KINDS.map((kind) => kb(m.byKind[kind])),
      kb(m.total),
      m.requests,
      m.firstMs.toFixed(0),
    ];
  });
  console.log(
    `\nFirst visit, medians of ${settings.runs} run(s): KB on the wire (headers and compressed ` +
      'bodies) by type, requests, ms to the first incidents drawn',
  );
  console.log(
    formatTable(
      [['page', ...KINDS, 'total', 'requests', 'first incidents ms'], ...rows],
      'lrrrrrrrr',
    ),
  );
  const added = medians('offline').byKind.basemap - medians('before').byKind.basemap;
  const verdict = added <= GOAL_ADDED_BYTES ? 'meets' : 'MISSES';
  console.log(
    `\nStreets, names, lakes and glyphs add ${kb(added)} KB of basemap to a first visit of ` +
      `Vancouver (goal ≤ ${kb(GOAL_ADDED_BYTES)} KB: ${verdict} it)`,
  );
  if (added > GOAL_ADDED_BYTES) problems.push('the offline basemap grew past the 600 KB goal');
  reportProblems(problems);
}

function sumOf(bytes: Record<Kind, number>): number {
  return KINDS.reduce((total, kind) => total + bytes[kind], 0);
}

void runBenchmark('bench:page', main);
