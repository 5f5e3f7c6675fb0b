/**
 * `npm run bench:verify`: the verifiable record at scale, on a scratch database.
 * - write cost of the Merkle tree: appending events with the tree's trigger (migration 026)
 *   against the same appends with it switched off, in a database of its own;
 * - `npm run verify` (the real CLI, a child process) per 100,000 events, against only
 *   downloading the same pages with the same parallelism (no checks): both times and the ratio
 *   (goal: the check costs little over the download, ratio ≤ 1.5);
 * - inclusion-proof latency at 1,000,000 events: GET /api/v1/audit/proof/inclusion of random
 *   events in random heads, one at a time over HTTP keep-alive, p50/p99 (goal p99 < 10 ms).
 *
 * Settings (flag or environment variable): --events/EVENTS (1000000), --verify-events/
 * VERIFY_EVENTS (100000), --proofs/PROOFS (2000), --rounds/ROUNDS (2), --write-events/
 * WRITE_EVENTS (50000, 0 skips the write cost). TEST_DATABASE_URL names the PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import pg from 'pg';
import { migrate } from '../server/db/migrate.js';
import { AuditClient, eventPages } from '../server/cli/verify/audit-client.js';
import { appendSyntheticEvents } from '../tests/support/synthetic-events.js';
import { startOpenbeatServer, REPO_ROOT } from './support/child-server.js';
import { cleanUpOnSignals } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median, percentile } from './support/stats.js';

const RATIO_GOAL = 1.5;
const P99_GOAL_MS = 10;
const PARALLEL = 4;

function readSettings() {
  return readIntegerSettings({
    events: { env: 'EVENTS', fallback: 1_000_000, min: 1_000 },
    'verify-events': { env: 'VERIFY_EVENTS', fallback: 100_000, min: 1_000 },
    proofs: { env: 'PROOFS', fallback: 2_000, min: 1_000 },
    rounds: { env: 'ROUNDS', fallback: 2, min: 1 },
    'write-events': { env: 'WRITE_EVENTS', fallback: 50_000, min: 0 },
  });
}

async function scratchPool(prefix: string): Promise<pg.Pool> {
  const db = await createBenchDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  await migrate(pool);
  return pool;
}

/** Events per second appended with and without the tree's trigger. */
async function writeCost(count: number): Promise<string[][]> {
  const rows: string[][] = [];
  for (const withTree of [true, false]) {
    const pool = await scratchPool('bench_verify_write');
    try {
      if (!withTree) await pool.query('ALTER TABLE events DISABLE TRIGGER events_merkle_nodes');
      const started = performance.now();
      await appendSyntheticEvents(pool, count, 5_000);
      const seconds = (performance.now() - started) / 1000;
      rows.push([
        withTree ? 'with the tree' : 'without',
        String(count),
        (count / seconds).toFixed(0),
      ]);
    } finally {
      await pool.end();
    }
  }
  return rows;
}

/** `npm run verify -- --url` as a child process: its wall time and the time it reports. */
function runVerify(url: string): Promise<{ wallMs: number; ownMs: number; line: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli/verify-audit.ts', '--url', url],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const own = /verified .* in ([\d.]+) s/.exec(out);
      if (code !== 0 || !own?.[1]) {
        reject(new Error(`verify exited ${String(code)}: ${out}`));
        return;
      }
      resolve({ wallMs, ownMs: Number(own[1]) * 1000, line: out.split('\n')[0] ?? '' });
    });
  });
}

/** Only the download: the verifier's pages, parallelism and JSON parsing, nothing checked. */
async function downloadOnly(url: string, size: number): Promise<number> {
  const started = performance.now();
  let count = 0;
  for await (const page of eventPages(new AuditClient(new URL(url)), size, PARALLEL)) {
    count += page.length;
  }
  if (count !== size) throw new Error(`downloaded ${count} events of ${size}`);
  return performance.now() - started;
}

/** Latencies of `count` GETs one at a time (after 100 that warm caches and the connection). */
async function latencies(count: number, nextPath: () => string): Promise<number[]> {
  const measured: number[] = [];
  for (let i = 0; i < count + 100; i += 1) {
    const path = nextPath();
    const started = performance.now();
    const response = await fetch(path);
    await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    if (i >= 100) measured.push(elapsed);
  }
  return measured.sort((a, b) => a - b);
}

/** Random events in the latest head, or (every other one) in one of the 1,000 heads before. */
function randomProof(url: string, size: number): () => string {
  let i = 0;
  return () => {
    i += 1;
    const head = size - Math.floor(Math.random() * Math.min(size, 1000) * (i % 2));
    const event = 1 + Math.floor(Math.random() * head);
    return `${url}/api/v1/audit/proof/inclusion?event=${event}&head=${head}`;
  };
}

async function main(): Promise<void> {
  cleanUpOnSignals();
  const settings = readSettings();
  const problems: string[] = [];
  console.log(machineLine());

  if (settings['write-events'] > 0) {
    console.log(`\nwrite cost: ${settings['write-events']} events appended in batches of 5,000`);
    const rows = await writeCost(settings['write-events']);
    console.log(formatTable([['append_events', 'events', 'events/s'], ...rows], 'lrr'));
  }

  const pool = await scratchPool('bench_verify');
  const db = (await pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db;
  const url = new URL(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  url.pathname = `/${db ?? ''}`;
  let loaded = 0;
  const loadTo = async (target: number) => {
    const started = performance.now();
    loaded = await appendSyntheticEvents(pool, target - loaded, 10_000);
    console.log(`loaded ${loaded} events (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  };

  await loadTo(settings['verify-events']);
  const server = await startOpenbeatServer(url.toString());
  const verifyRows: (string | number)[][] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= settings.rounds; round += 1) {
    const downloadMs = await downloadOnly(server.url, loaded);
    const verify = await runVerify(server.url);
    ratios.push(verify.ownMs / downloadMs);
    verifyRows.push([
      round,
      loaded,
      downloadMs.toFixed(0),
      verify.ownMs.toFixed(0),
      verify.wallMs.toFixed(0),
      (verify.ownMs / downloadMs).toFixed(2),
    ]);
  }
  console.log(`\nnpm run verify against the download alone (${PARALLEL} pages of 1,000 in flight)`);
  console.log(
    formatTable(
      [
        [
          'round',
          'events',
          'download ms',
          'verify ms',
          'verify wall ms (with start-up)',
          'verify/download',
        ],
        ...verifyRows,
      ],
      'rrrrrr',
    ),
  );
  const ratio = median(ratios);
  console.log(`median ratio ${ratio.toFixed(2)} (goal ≤ ${RATIO_GOAL})`);
  if (ratio > RATIO_GOAL) problems.push(`verify/download ${ratio.toFixed(2)} > ${RATIO_GOAL}`);

  await loadTo(settings.events);
  await pool.query('ANALYZE merkle_nodes');
  const proofs = await latencies(settings.proofs, randomProof(server.url, loaded));
  // The floor of one request on this machine now: a route that asks the database one SELECT 1.
  const floor = await latencies(settings.proofs, () => `${server.url}/healthz`);
  const p99 = percentile(proofs, 0.99);
  const row = (name: string, values: number[]) => [
    name,
    percentile(values, 0.5).toFixed(2),
    percentile(values, 0.99).toFixed(2),
    (values.at(-1) ?? Number.NaN).toFixed(2),
  ];
  console.log(`\n${settings.proofs} requests each over HTTP keep-alive at ${loaded} events`);
  console.log(
    formatTable(
      [
        ['GET', 'p50 ms', 'p99 ms', 'max ms'],
        row('inclusion proof (random event, head)', proofs),
        row('/healthz (floor)', floor),
      ],
      'lrrr',
    ),
  );
  if (p99 >= P99_GOAL_MS)
    problems.push(`inclusion proof p99 ${p99.toFixed(2)} ms ≥ ${P99_GOAL_MS} ms`);
  await server.stop();
  await pool.end();
  reportProblems(problems);
}

void runBenchmark('bench:verify', main);
