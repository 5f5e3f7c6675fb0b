/**
 * `npm run bench:history`: the public list of a city viewport over 30 days, with 1,000,000
 * incidents in the database, three ways in alternating rounds of the same run:
 * - http: GET /api/v1/incidents?bbox&from&to&limit=100 of the real server (child process),
 *   one request at a time, timed from request to the last byte of the body;
 * - psql: the same SQL (built by the real query builder, values inlined) in one psql session,
 *   as `\timing` reports it: the floor for the database work plus one round trip;
 * - seq scan: the same in psql with index and bitmap scans switched off.
 * Prints median and p95 of each, and the ratios http/psql (goal ≤ 1.3) and seq/index (goal ≥ 100).
 *
 * Settings (flag or environment variable): --rows/ROWS (1000000), --rounds/ROUNDS (3),
 * --requests/REQUESTS (queries per round for http and psql, 100), --seq-requests/SEQ_REQUESTS
 * (per round for the sequential scan, 10). TEST_DATABASE_URL names the PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { buildListQuery } from '../server/incidents/incidents.queries.js';
import { startOpenbeatServer } from './support/child-server.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median, percentile } from './support/stats.js';
import { CITIES, cityViewport, loadSyntheticIncidents } from './support/synthetic-incidents.js';

const HTTP_GOAL = 1.3;
const SEQ_GOAL = 100;
const UNTIL = new Date('2026-11-20T00:00:00Z');
const WINDOW_MS = 30 * 86_400_000;
const LIMIT = 100;

function readSettings() {
  return readIntegerSettings({
    rows: { env: 'ROWS', fallback: 1_000_000, min: 1_000 },
    rounds: { env: 'ROUNDS', fallback: 3, min: 1 },
    requests: { env: 'REQUESTS', fallback: 100, min: 1 },
    'seq-requests': { env: 'SEQ_REQUESTS', fallback: 10, min: 1 },
  });
}

interface ViewportQuery {
  city: string;
  path: string;
  sql: string;
}

/** Inlines the parameters as SQL literals, so psql runs exactly what the server sends. */
function inlineValues(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_match, index: string) => {
    const value = values[Number(index) - 1];
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
    throw new Error(`cannot inline ${typeof value}`);
  });
}

function viewportQueries(): ViewportQuery[] {
  const from = new Date(UNTIL.getTime() - WINDOW_MS).toISOString();
  const to = UNTIL.toISOString();
  return CITIES.map((city) => {
    const bbox = cityViewport(city);
    const { text, values } = buildListQuery({ exact: false, bbox, from, to, limit: LIMIT });
    const query = new URLSearchParams({ bbox: bbox.join(','), from, to, limit: String(LIMIT) });
    return {
      city: city.name,
      path: `/api/v1/incidents?${query.toString()}`,
      sql: inlineValues(text, values),
    };
  });
}

/** Runs the statements in one psql session and returns the `\timing` of each, in ms. */
function psqlTimings(url: string, setup: string, statements: readonly string[]): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', url], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`psql exited with ${code}: ${err.trim()}`));
        return;
      }
      const times = [...out.matchAll(/^Time: ([\d.]+) ms/gm)].map((m) => Number(m[1]));
      resolve(times.slice(times.length - statements.length));
    });
    child.stdin.end(
      `${setup}\n\\o /dev/null\n\\timing on\n${statements.map((s) => `${s};`).join('\n')}\n`,
    );
  });
}

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

type Target = 'http' | 'psql' | 'seq scan';

async function main() {
  const settings = readSettings();
  cleanUpOnSignals();
  console.log('Openbeat history benchmark: city viewport + 30 days, newest 100, at scale');
  console.log(machineLine());
  const database = await createBenchDatabase('openbeat_history');
  console.log(`database: ${database.name} on ${database.server} (dropped at the end)`);
  const server = await startOpenbeatServer(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });

  const loadMs = await loadSyntheticIncidents(pool, { count: settings.rows, until: UNTIL });
  const versions = await pool.query<{ postgres: string; postgis: string; pages: string }>(
    `SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis,
       pg_size_pretty(pg_total_relation_size('incidents')) AS pages`,
  );
  const v = versions.rows[0];
  console.log(
    `loaded ${settings.rows} incidents over ${CITIES.length} cities and a year in ${fixed(loadMs / 1000, 1)} s ` +
      `(indexes rebuilt, ANALYZE); table + indexes ${v?.pages ?? '?'}; PostgreSQL ${v?.postgres ?? '?'} + PostGIS ${v?.postgis ?? '?'}`,
  );
  console.log(`openbeat: pid ${server.pid} at ${server.url}, LOG_LEVEL=warn`);

  const queries = viewportQueries();
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const query of queries) {
    const rows = await pool.query(query.sql);
    counts.set(query.city, rows.rowCount ?? 0);
  }
  console.log(
    `queries: ${queries.length} city viewports (about 10 × 7 km), ${new Date(UNTIL.getTime() - WINDOW_MS).toISOString()} to ${UNTIL.toISOString()}, ` +
      `limit ${LIMIT} (rows returned per city: ${[...counts].map(([c, n]) => `${c} ${n}`).join(', ')})`,
  );
  const plan = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${queries[0]?.sql ?? ''}`);
  console.log(
    `plan (${queries[0]?.city}): ${plan.rows
      .map((r) => r['QUERY PLAN'].trim())
      .filter((l) => /Scan|BitmapAnd/.test(l))
      .join(' | ')}`,
  );

  const pick = (n: number) =>
    Array.from({ length: n }, (_, i) => queries[i % queries.length] as ViewportQuery);
  const http = async (n: number): Promise<number[]> => {
    const times: number[] = [];
    for (const query of pick(n)) {
      const started = performance.now();
      const response = await fetch(`${server.url}${query.path}`);
      const body = (await response.json()) as { features?: unknown[] };
      times.push(performance.now() - started);
      const expected = Math.min(LIMIT, counts.get(query.city) ?? 0);
      if (response.status !== 200 || body.features?.length !== expected) {
        problems.push(
          `http ${query.city}: status ${response.status}, ${body.features?.length} features, expected ${expected}`,
        );
      }
    }
    return times;
  };
  const psql = (n: number) =>
    psqlTimings(
      database.url,
      '',
      pick(n).map((q) => q.sql),
    );
  const seq = (n: number) =>
    psqlTimings(
      database.url,
      'SET enable_indexscan = off;\nSET enable_bitmapscan = off;',
      pick(n).map((q) => q.sql),
    );

  // Warm-up: caches filled and plans made for all three before any round counts.
  await http(queries.length);
  await psql(queries.length);
  await seq(queries.length);

  const samples: Record<Target, number[]> = { http: [], psql: [], 'seq scan': [] };
  const roundRows: (string | number)[][] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    const results: [Target, number[]][] = [
      ['http', await http(settings.requests)],
      ['psql', await psql(settings.requests)],
      ['seq scan', await seq(settings['seq-requests'])],
    ];
    for (const [target, times] of results) {
      samples[target].push(...times);
      const sorted = [...times].sort((a, b) => a - b);
      roundRows.push([
        round,
        target,
        times.length,
        fixed(median(times)),
        fixed(percentile(sorted, 0.95)),
      ]);
      console.log(
        `round ${round} ${target}: median ${fixed(median(times))} ms, p95 ${fixed(percentile(sorted, 0.95))} ms (${times.length} queries)`,
      );
    }
  }
  const summary = (target: Target) => {
    const sorted = [...samples[target]].sort((a, b) => a - b);
    return { median: median(sorted), p95: percentile(sorted, 0.95), n: sorted.length };
  };
  const h = summary('http');
  const p = summary('psql');
  const s = summary('seq scan');
  console.log('');
  console.log(
    formatTable(
      [
        ['round', 'target', 'queries', 'median ms', 'p95 ms'],
        ...roundRows,
        ...(['http', 'psql', 'seq scan'] as const).map((t) => {
          const x = summary(t);
          return ['all', t, x.n, fixed(x.median), fixed(x.p95)];
        }),
      ],
      'llrrr',
    ),
  );
  console.log('');
  const httpRatio = h.median / p.median;
  const seqRatio = s.median / p.median;
  console.log(
    `http / psql (medians): ${fixed(httpRatio)} (p95: ${fixed(h.p95 / p.p95)}) — goal ≤ ${HTTP_GOAL}: ${httpRatio <= HTTP_GOAL ? 'met' : 'NOT met'}`,
  );
  console.log(
    `seq scan / index (medians, both psql): ${fixed(seqRatio, 1)} (p95: ${fixed(s.p95 / p.p95, 1)}) — goal ≥ ${SEQ_GOAL}: ${seqRatio >= SEQ_GOAL ? 'met' : 'NOT met'}`,
  );
  if (!pool.ended) await pool.end();
  console.log(`stopped with SIGTERM: openbeat ${await server.stop()}`);
  reportProblems(problems);
}

await runBenchmark('bench:history', main);
