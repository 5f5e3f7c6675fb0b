/**
 * `npm run bench:ingest`: incidents/s through POST /api/v1/incidents of the real Openbeat server
 * (own PostgreSQL database, child process) against two baselines measured in the same run on the
 * same machine, rounds alternating (openbeat, bare pg, bare Fastify, …):
 * - bare pg (bench/support/bare-pg-ingest.ts): the same incident rows and chained events that
 *   Openbeat wrote in its round, inserted through `pg` into a database of their own with the
 *   same batching (the batches of Openbeat's group commit, two in flight, one INSERT of the rows
 *   plus append_events() of their events per batch): what our rules and framework cost;
 * - a bare Fastify POST route (bench/support/bare-fastify.ts, child process): what HTTP costs.
 * Prints each round, the medians and the ratios.
 *
 * Settings (flag or environment variable): --rounds/ROUNDS (per target, default 3),
 * --duration/DURATION (seconds per round, 10), --connections/CONNECTIONS (32),
 * --warmup/WARMUP (seconds per target before the rounds, 3). TEST_DATABASE_URL names the
 * PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres); DB_POOL_MAX is passed on.
 */
import pg from 'pg';
import { createApiKey } from '../server/auth/api-keys.service.js';
import { migrate } from '../server/db/migrate.js';
import { readWrittenBatches, replayBatches, type ReplayBatch } from './support/bare-pg-ingest.js';
import { startChildServer, startOpenbeatServer, type ChildServer } from './support/child-server.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { createBenchDatabase } from './support/database.js';
import { runLoad, type LoadResult } from './support/load.js';
import { formatTable, median } from './support/stats.js';
import { readIntegerSettings } from './support/settings.js';
import { variedIncidentBody } from '../tests/support/incident-factory.js';

const GOAL_RATIO_PG = 0.5;
const GOAL_RATIO_HTTP = 0.25;
// Batches Openbeat's group commit keeps in flight (BatchQueue's default), and so the floor.
const BATCHES_IN_FLIGHT = 2;
const PATH = '/api/v1/incidents';
// The most config.ts accepts: the limiter still runs on every write but never refuses one.
const WRITE_RATE_LIMIT_PER_MINUTE = '100000000';

function readSettings() {
  return readIntegerSettings({
    rounds: { env: 'ROUNDS', fallback: 3, min: 1 },
    duration: { env: 'DURATION', fallback: 10, min: 1 },
    connections: { env: 'CONNECTIONS', fallback: 32, min: 1 },
    warmup: { env: 'WARMUP', fallback: 3, min: 0 },
  });
}

// Bodies vary per request, as a dispatch feed's do: a category of every public policy, a
// priority, a summary and a point somewhere in Chicago.
const incidentBody = () => JSON.stringify(variedIncidentBody());

interface Target {
  name: 'openbeat' | 'bare';
  server: ChildServer;
}

interface Round {
  round: number;
  target: Target['name'];
  result: LoadResult;
}

/** A bare-pg round: Openbeat's batches of the same round, written again. */
interface FloorRound {
  round: number;
  rows: number;
  batches: number;
  seconds: number;
  rate: number;
}

function codesOf(result: LoadResult): string {
  const codes = Object.entries(result.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, count]) => `${code}×${count}`);
  return codes.length > 0 ? codes.join(' ') : '-';
}

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function batchSizes(batches: readonly ReplayBatch[]): string {
  const sizes = batches.map((batch) => batch.rows.length).sort((a, b) => a - b);
  const at = (q: number) => sizes[Math.min(sizes.length - 1, Math.floor(q * sizes.length))] ?? 0;
  return `${sizes.length} batches, rows per batch median ${median(sizes)}, p90 ${at(0.9)}, max ${at(1)}`;
}

async function main() {
  const settings = readSettings();
  cleanUpOnSignals();
  console.log(
    'Openbeat ingest benchmark: POST /api/v1/incidents against the same rows and events through bare pg, and a bare Fastify POST route',
  );
  console.log(machineLine());
  console.log(
    `load: autocannon, ${settings.connections} connections, ${settings.rounds} rounds × ${settings.duration} s ` +
      `alternating (openbeat, bare pg replaying that round's batches, bare Fastify, …), after a ` +
      `${settings.warmup} s warm-up of each; every round drains (no request cut off)`,
  );

  const database = await createBenchDatabase('openbeat_bench');
  const floorDatabase = await createBenchDatabase('openbeat_bench_pg');
  console.log(
    `databases: ${database.name} (openbeat) and ${floorDatabase.name} (bare pg) on ${database.server} (dropped at the end)`,
  );

  const openbeat = await startOpenbeatServer(database.url, { WRITE_RATE_LIMIT_PER_MINUTE });
  const bare = await startChildServer({
    name: 'bare',
    script: 'bench/support/bare-fastify.ts',
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    readyLine: /Bare Fastify is running at https?:\/\/[^:\s]+:(\d+)/,
  });

  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  pool.on('error', () => undefined);
  const floorPool = new pg.Pool({
    connectionString: floorDatabase.url,
    max: BATCHES_IN_FLIGHT,
  });
  floorPool.on('error', () => undefined);
  onCleanup('close the benchmark pools', async () => {
    if (!pool.ended) await pool.end();
    if (!floorPool.ended) await floorPool.end();
  });
  await migrate(floorPool);
  const versions = await pool.query<{ postgres: string; postgis: string }>(
    "SELECT current_setting('server_version') AS postgres, postgis_lib_version() AS postgis",
  );
  const { key } = await createApiKey(pool, { name: 'bench-cad', role: 'dispatcher' });
  console.log(
    `openbeat: pid ${openbeat.pid} at ${openbeat.url}, PostgreSQL ${versions.rows[0]?.postgres ?? '?'} + ` +
      `PostGIS ${versions.rows[0]?.postgis ?? '?'}, LOG_LEVEL=warn, DB_POOL_MAX=${process.env.DB_POOL_MAX ?? '10 (default)'}, ` +
      `WRITE_RATE_LIMIT_PER_MINUTE=${WRITE_RATE_LIMIT_PER_MINUTE} (raised so the limiter, which still runs, does not refuse the load)`,
  );
  console.log(
    `bare pg:  the rows and prepared events Openbeat wrote in the round before, one INSERT … FROM unnest ` +
      `+ append_events() statement per batch of Openbeat's, ${BATCHES_IN_FLIGHT} batches in flight, into a migrated database of its own`,
  );
  console.log(
    `bare:     pid ${bare.pid} at ${bare.url}, Fastify defaults, no logger, answers 201 {id, received}`,
  );

  const load = (target: Target, seconds: number) =>
    runLoad({
      url: target.server.url,
      path: PATH,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: incidentBody,
      connections: settings.connections,
      durationSeconds: seconds,
    });
  const targets: Target[] = [
    { name: 'openbeat', server: openbeat },
    { name: 'bare', server: bare },
  ];

  let openbeatOk = 0;
  let floorRows = 0;
  const problems: string[] = [];
  const check = (label: string, target: Target, result: LoadResult) => {
    if (target.name === 'openbeat') openbeatOk += result.ok;
    if (result.non2xx > 0)
      problems.push(`${label} ${target.name}: non-2xx answers ${codesOf(result)}`);
    if (result.errors > 0) {
      problems.push(
        `${label} ${target.name}: ${result.errors} connection errors (${result.timeouts} timeouts)`,
      );
    }
    if (!result.drained)
      problems.push(`${label} ${target.name}: some requests were still unanswered at the end`);
  };

  // Reads what Openbeat wrote since the last call and writes it again through bare pg.
  let lastEventId = 0;
  const floor = async (label: string) => {
    const read = await readWrittenBatches(pool, lastEventId);
    lastEventId = read.lastEventId;
    const replayed = await replayBatches(floorPool, read.batches, BATCHES_IN_FLIGHT);
    const expected = read.batches.reduce((sum, batch) => sum + batch.rows.length, 0);
    floorRows += replayed.rows;
    if (replayed.rows !== expected) {
      problems.push(`${label} bare pg: ${replayed.rows} rows written of ${expected}`);
    }
    return { ...replayed, batches: read.batches };
  };

  if (settings.warmup > 0) {
    for (const target of targets) {
      const result = await load(target, settings.warmup);
      check('warm-up', target, result);
      console.log(`warm-up ${target.name}: ${fixed(result.okPerSecond)} 2xx/s`);
      if (target.name === 'openbeat') {
        const replayed = await floor('warm-up');
        console.log(`warm-up bare pg: ${fixed(replayed.rows / replayed.seconds)} incidents/s`);
      }
    }
  }

  const rounds: Round[] = [];
  const floorRounds: FloorRound[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    for (const target of targets) {
      const result = await load(target, settings.duration);
      check(`round ${round}`, target, result);
      rounds.push({ round, target: target.name, result });
      process.stdout.write(
        `round ${round} ${target.name}: ${fixed(result.okPerSecond)} 2xx/s, p50 ${result.p50} ms, p99 ${result.p99} ms\n`,
      );
      if (target.name === 'openbeat') {
        const replayed = await floor(`round ${round}`);
        const rate = replayed.rows / replayed.seconds;
        floorRounds.push({
          round,
          rows: replayed.rows,
          batches: replayed.batches.length,
          seconds: replayed.seconds,
          rate,
        });
        process.stdout.write(
          `round ${round} bare pg: ${fixed(rate)} incidents/s (${batchSizes(replayed.batches)})\n`,
        );
      }
    }
  }

  const of = (name: Target['name']) => rounds.filter((r) => r.target === name).map((r) => r.result);
  const summary = (name: Target['name']) => {
    const results = of(name);
    return {
      rate: median(results.map((r) => r.okPerSecond)),
      p50: median(results.map((r) => r.p50)),
      p99: median(results.map((r) => r.p99)),
    };
  };
  const ob = summary('openbeat');
  const base = summary('bare');
  const floorRate = median(floorRounds.map((r) => r.rate));
  const ratioPg = ob.rate / floorRate;
  const ratioHttp = ob.rate / base.rate;
  const pairRatios = (baseline: (i: number) => number | undefined) =>
    Array.from({ length: settings.rounds }, (_, i) => {
      const a = of('openbeat')[i];
      const b = baseline(i);
      return a && b ? a.okPerSecond / b : Number.NaN;
    });
  const pgPairs = pairRatios((i) => floorRounds[i]?.rate);
  const httpPairs = pairRatios((i) => of('bare')[i]?.okPerSecond);

  console.log('');
  console.log(
    formatTable(
      [
        ['round', 'target', '2xx/s', '2xx', 'non-2xx', 'errors', 'seconds', 'p50 ms', 'p99 ms'],
        ...rounds.flatMap(({ round, target, result }) => {
          const line = [
            String(round),
            target,
            fixed(result.okPerSecond),
            result.ok,
            result.non2xx > 0 ? codesOf(result) : 0,
            result.errors,
            fixed(result.seconds, 2),
            result.p50,
            result.p99,
          ];
          const replayed = target === 'openbeat' && floorRounds.find((r) => r.round === round);
          if (!replayed) return [line];
          const floorLine = [
            String(round),
            'bare pg',
            fixed(replayed.rate),
            replayed.rows,
            '',
            '',
            fixed(replayed.seconds, 2),
            '',
            '',
          ];
          return [line, floorLine];
        }),
        ['median', 'openbeat', fixed(ob.rate), '', '', '', '', ob.p50, ob.p99],
        ['median', 'bare pg', fixed(floorRate), '', '', '', '', '', ''],
        ['median', 'bare', fixed(base.rate), '', '', '', '', base.p50, base.p99],
      ],
      'llrrrrrrr',
    ),
  );
  console.log('');
  console.log(
    `Openbeat POST ${PATH}: ${fixed(ob.rate)} incidents/s (median of ${settings.rounds} rounds)`,
  );
  console.log(
    `bare pg, the same rows, events and batches: ${fixed(floorRate)} incidents/s (median of ${settings.rounds} rounds)`,
  );
  console.log(
    `bare Fastify POST route: ${fixed(base.rate)} requests/s (median of ${settings.rounds} rounds)`,
  );
  console.log(
    `ratio openbeat/bare pg (of the medians): ${fixed(ratioPg, 3)}  — goal ≥ ${GOAL_RATIO_PG}: ${ratioPg >= GOAL_RATIO_PG ? 'met' : 'NOT met'}`,
  );
  console.log(
    `ratio per round pair: ${pgPairs.map((r) => fixed(r, 3)).join(', ')} (median ${fixed(median(pgPairs), 3)})`,
  );
  console.log(
    `ratio openbeat/bare Fastify (of the medians): ${fixed(ratioHttp, 3)}  — goal ≥ ${GOAL_RATIO_HTTP}: ${ratioHttp >= GOAL_RATIO_HTTP ? 'met' : 'NOT met'}`,
  );
  console.log(
    `ratio per round pair: ${httpPairs.map((r) => fixed(r, 3)).join(', ')} (median ${fixed(median(httpPairs), 3)})`,
  );
  console.log(
    `latency openbeat: p50 ${ob.p50} ms, p99 ${ob.p99} ms; bare: p50 ${base.p50} ms, p99 ${base.p99} ms (medians of the rounds)`,
  );

  const counts = await pool.query<{ incidents: string; events: string }>(
    'SELECT (SELECT count(*) FROM incidents) AS incidents, (SELECT count(*) FROM events) AS events',
  );
  const incidents = Number(counts.rows[0]?.incidents);
  const events = Number(counts.rows[0]?.events);
  const match = incidents === openbeatOk;
  console.log(
    `incidents in the database: ${incidents}; 2xx answers from Openbeat (warm-up + rounds): ${openbeatOk} ` +
      `→ ${match ? 'equal, nothing lost' : 'MISMATCH'} (audit events: ${events}; rows bare pg wrote again: ${floorRows})`,
  );
  if (!match) problems.push(`${incidents} incidents stored but ${openbeatOk} 2xx answers counted`);

  if (!pool.ended) await pool.end();
  if (!floorPool.ended) await floorPool.end();
  const stopped = await Promise.all(targets.map(async (t) => `${t.name} ${await t.server.stop()}`));
  console.log(`stopped with SIGTERM: ${stopped.join(', ')}`);

  reportProblems(problems);
}

await runBenchmark('bench:ingest', main);
