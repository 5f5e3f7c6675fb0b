/**
 * `npm run bench:tiles`: incident vector tiles per second over a fixed list of tiles from zoom
 * 10 to 16, with 1,000,000 incidents in the database, through GET /tiles/incidents/… of the
 * real server (child process) against the bare ST_AsMVT statement of the same tiles sent
 * through pg from this process, at the same fixed concurrency, in alternating rounds of the
 * same run. Prints tiles/s per round, the medians and their ratio (goal ≥ 0.8).
 *
 * The list: for each zoom, the distinct tiles that hold sampled incidents, shuffled with a fixed
 * seed, an equal share per zoom (a zoom with fewer distinct tiles gives what it has and the
 * higher zooms make up the rest).
 *
 * Settings (flag or environment variable): --rows/ROWS (1000000), --tiles/TILES (2000),
 * --rounds/ROUNDS (3), --concurrency/CONCURRENCY (8). TEST_DATABASE_URL names the server.
 */
import pg from 'pg';
import { buildMvtQuery } from '../server/tiles/tiles.queries.js';
import { startOpenbeatServer } from './support/child-server.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';
import { CITIES, loadSyntheticIncidents } from './support/synthetic-incidents.js';
import { seededRandom } from '../shared/random.js';

const GOAL_RATIO = 0.8;
const MIN_ZOOM = 10;
const MAX_ZOOM = 16;
const UNTIL = new Date('2026-11-20T00:00:00Z');

function readSettings() {
  return readIntegerSettings({
    rows: { env: 'ROWS', fallback: 1_000_000, min: 1_000 },
    tiles: { env: 'TILES', fallback: 2_000, min: 1 },
    rounds: { env: 'ROUNDS', fallback: 3, min: 1 },
    concurrency: { env: 'CONCURRENCY', fallback: 8, min: 1 },
  });
}

interface Tile {
  z: number;
  x: number;
  y: number;
}

function tileOf(lon: number, lat: number, z: number): Tile {
  const scale = 2 ** z;
  const sin = Math.sin((lat * Math.PI) / 180);
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * scale),
    y: Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale),
  };
}

async function tileList(pool: pg.Pool, size: number): Promise<Tile[]> {
  const sample = await pool.query<{ lon: number; lat: number }>(
    `SELECT ST_X(public_location) AS lon, ST_Y(public_location) AS lat
     FROM incidents TABLESAMPLE SYSTEM (5) REPEATABLE (42)
     WHERE visibility IN ('point', 'coarse') LIMIT 50000`,
  );
  const random = seededRandom(42);
  const zooms = MAX_ZOOM - MIN_ZOOM + 1;
  const list: Tile[] = [];
  for (let z = MIN_ZOOM; z <= MAX_ZOOM; z += 1) {
    const distinct = new Map<string, Tile>();
    for (const { lon, lat } of sample.rows) {
      const tile = tileOf(lon, lat, z);
      distinct.set(`${tile.x}/${tile.y}`, tile);
    }
    const tiles = [...distinct.values()];
    for (let i = tiles.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [tiles[i], tiles[j]] = [tiles[j] as Tile, tiles[i] as Tile];
    }
    const share = Math.ceil((size - list.length) / (MAX_ZOOM - z + 1));
    list.push(...tiles.slice(0, share));
  }
  if (list.length < size) throw new Error(`only ${list.length} tiles hold data (${zooms} zooms)`);
  // Interleave zooms, so that every stretch of a round has the same mix.
  return list
    .map((tile) => ({ tile, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((t) => t.tile);
}

/** Runs `work` over every tile, `concurrency` at a time; tiles/s and the bytes sent. */
async function runTiles(
  tiles: readonly Tile[],
  concurrency: number,
  work: (tile: Tile) => Promise<number>,
): Promise<{ perSecond: number; seconds: number; bytes: number }> {
  let next = 0;
  let bytes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tiles.length) {
        const tile = tiles[next] as Tile;
        next += 1;
        const sent = await work(tile);
        bytes += sent;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: tiles.length / seconds, seconds, bytes };
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

type Target = 'http' | 'sql';

async function main() {
  const settings = readSettings();
  cleanUpOnSignals();
  console.log(
    'Openbeat tiles benchmark: GET /tiles/incidents/{z}/{x}/{y}.mvt against bare ST_AsMVT SQL',
  );
  console.log(machineLine());
  const database = await createBenchDatabase('openbeat_tiles');
  console.log(`database: ${database.name} on ${database.server} (dropped at the end)`);
  const server = await startOpenbeatServer(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: settings.concurrency });
  pool.on('error', () => undefined);
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });
  const loadMs = await loadSyntheticIncidents(pool, { count: settings.rows, until: UNTIL });
  const versions = await pool.query<{ postgres: string; postgis: string }>(
    "SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis",
  );
  console.log(
    `loaded ${settings.rows} incidents over ${CITIES.length} cities in ${fixed(loadMs / 1000)} s; ` +
      `PostgreSQL ${versions.rows[0]?.postgres ?? '?'} + PostGIS ${versions.rows[0]?.postgis ?? '?'}`,
  );
  const tiles = await tileList(pool, settings.tiles);
  const perZoom = new Map<number, number>();
  for (const tile of tiles) perZoom.set(tile.z, (perZoom.get(tile.z) ?? 0) + 1);
  console.log(
    `tiles: ${tiles.length} (${[...perZoom]
      .sort((a, b) => a[0] - b[0])
      .map(([z, n]) => `z${z} ${n}`)
      .join(', ')}), ` +
      `${settings.concurrency} at a time; http: openbeat pid ${server.pid} (DB_POOL_MAX ${process.env.DB_POOL_MAX ?? '10'}), ` +
      `sql: pg pool of ${settings.concurrency} in this process`,
  );

  const problems: string[] = [];
  const http = async (tile: Tile) => {
    const response = await fetch(`${server.url}/tiles/incidents/${tile.z}/${tile.x}/${tile.y}.mvt`);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200 && response.status !== 204) {
      problems.push(`http ${tile.z}/${tile.x}/${tile.y}: status ${response.status}`);
    }
    return body.length;
  };
  const sql = async (tile: Tile) => {
    const { text, values } = buildMvtQuery(tile);
    const result = await pool.query<{ tile: Buffer | null }>(text, values);
    return result.rows[0]?.tile?.length ?? 0;
  };
  const work: Record<Target, (tile: Tile) => Promise<number>> = { http, sql };

  const warm = tiles.slice(0, Math.min(tiles.length, 200));
  for (const target of ['http', 'sql'] as const) {
    const result = await runTiles(warm, settings.concurrency, work[target]);
    console.log(`warm-up ${target}: ${warm.length} tiles, ${fixed(result.perSecond)} tiles/s`);
  }

  const rounds: {
    round: number;
    target: Target;
    perSecond: number;
    seconds: number;
    bytes: number;
  }[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const target of ['http', 'sql'] as const) {
      const result = await runTiles(tiles, settings.concurrency, work[target]);
      rounds.push({ round, target, ...result });
      console.log(
        `round ${round} ${target}: ${fixed(result.perSecond)} tiles/s (${fixed(result.seconds, 2)} s, ${fixed(result.bytes / 1e6, 1)} MB)`,
      );
    }
  }
  const of = (target: Target) => rounds.filter((r) => r.target === target);
  const httpRate = median(of('http').map((r) => r.perSecond));
  const sqlRate = median(of('sql').map((r) => r.perSecond));
  const bytesHttp = of('http')[0]?.bytes ?? 0;
  const bytesSql = of('sql')[0]?.bytes ?? 0;
  if (bytesHttp !== bytesSql)
    problems.push(`http sent ${bytesHttp} bytes of tiles, sql ${bytesSql}`);
  console.log('');
  console.log(
    formatTable(
      [
        ['round', 'target', 'tiles/s', 'seconds', 'MB'],
        ...rounds.map((r) => [
          r.round,
          r.target,
          fixed(r.perSecond),
          fixed(r.seconds, 2),
          fixed(r.bytes / 1e6, 2),
        ]),
        ['median', 'http', fixed(httpRate), '', ''],
        ['median', 'sql', fixed(sqlRate), '', ''],
      ],
      'llrrr',
    ),
  );
  const ratio = httpRate / sqlRate;
  const pairs = of('http').map((r, i) => r.perSecond / (of('sql')[i]?.perSecond ?? NaN));
  console.log('');
  console.log(
    `ratio http/sql (of the medians): ${fixed(ratio, 3)} — goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`,
  );
  console.log(`ratio per round pair: ${pairs.map((r) => fixed(r, 3)).join(', ')}`);
  if (!pool.ended) await pool.end();
  console.log(`stopped with SIGTERM: openbeat ${await server.stop()}`);
  reportProblems(problems);
}

await runBenchmark('bench:tiles', main);
