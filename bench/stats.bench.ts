/**
 * `npm run bench:stats`: the accountability statistics (server/accountability) at scale.
 * 1,000,000 incidents over a year, each with its response timeline, across 20 districts, 1 % of
 * calls without a place, 10 % officer-initiated, and 100,000 ratings, generated in SQL
 * (generate_series) in a scratch database. Measures, alternating which goes first each round:
 *
 *   service   computeAccountability for a 30-day window ending now: its queries (this window and
 *             the one before: responses per district × priority and per priority for the whole
 *             area, incidents per district × category, ratings per district × rating), the
 *             suppression and the JSON it returns;
 *   plain SQL the same figures by straightforward queries written here (percentile_cont grouped
 *             by window, district and priority; the whole area grouped apart; counts grouped),
 *             run side by side on the pool as the service runs its own, without suppression.
 *
 * Prints each round, both medians and the ratio (goal ≤ 1.5×), and checks that every median
 * the service published equals the plain query's.
 *
 * Settings (flag or environment variable): --rounds/ROUNDS (default 9, at least 9 for the
 * median the issue asks for), --incidents/INCIDENTS (1,000,000), --districts/DISTRICTS (20).
 * TEST_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { computeAccountability } from '../server/accountability/accountability.service.js';
import { DEFAULT_RESPONSE_TARGETS } from '../server/config.js';
import { migrate } from '../server/db/migrate.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';

const DAY_MS = 86_400_000;

/** Districts: a grid of 0.05° squares, five per row, from (10, 50). */
const CREATE_DISTRICTS = `
  INSERT INTO districts (name, source, geometry)
  SELECT 'District ' || lpad(i::text, 2, '0'), 'bench',
    ST_Multi(ST_MakeEnvelope(10 + (i % 5) * 0.05, 50 + (i / 5) * 0.05,
                             10.05 + (i % 5) * 0.05, 50.05 + (i / 5) * 0.05, 4326))
  FROM generate_series(0, $1::int - 1) AS i`;

/**
 * Incidents over the year before $2, district by the grid (the trigger's answer, computed
 * directly: triggers and foreign keys are off for the load, session_replication_role = replica).
 */
const CREATE_INCIDENTS = `
  INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
    reported_at, location, visibility, public_location, source, external_ref, created_at,
    updated_at, district_id, officer_initiated)
  SELECT g.id, category, priority, 'resolved', 'Bench', 'Bench', at, at, point, 'point', point,
    'bench', n::text, at, at, d.id, n % 10 = 0
  FROM (
    SELECT n, md5(n::text)::uuid AS id,
      (SELECT array_agg(slug ORDER BY slug) FROM categories)[1 + (hashint4(n) & 2147483647) % 25]
        AS category,
      1 + (hashint4(n + 1) & 2147483647) % 5 AS priority,
      $2::timestamptz - make_interval(secs => ((hashint4(n + 2) & 2147483647) % 31536000)) AS at,
      (hashint4(n + 3) & 2147483647) % $3::int AS cell
    FROM generate_series(1, $1::int) AS n
  ) AS g
  JOIN districts AS d ON d.name = 'District ' || lpad(g.cell::text, 2, '0'),
  LATERAL (SELECT ST_SetSRID(ST_MakePoint(10.025 + (cell % 5) * 0.05,
                                          50.025 + (cell / 5) * 0.05), 4326) AS point) AS p`;

/**
 * One response per incident, and 1 % more published without a place. Times to dispatch, to
 * scene and on scene grow with the priority number; a few calls never reach the scene.
 */
const CREATE_RESPONSES = `
  INSERT INTO responses (id, incident_id, district_id, category, priority, officer_initiated,
    state, received_at, dispatched_at, on_scene_at, cleared_at, source, external_ref,
    created_at, updated_at)
  SELECT md5('r' || n)::uuid, incident_id, district_id, category, priority, officer_initiated,
    'cleared', at, at + dispatch, at + dispatch + travel, at + dispatch + travel + scene,
    'bench', n::text, at, at
  FROM (
    SELECT row_number() OVER () AS n, i.id AS incident_id, i.district_id, i.category,
      i.priority, i.officer_initiated, i.occurred_at AS at
    FROM incidents AS i
    UNION ALL
    SELECT 2000000 + n, NULL, NULL, 'other', 1 + n % 5, false,
      $1::timestamptz - make_interval(secs => ((hashint4(n) & 2147483647) % 31536000))
    FROM generate_series(1, $2::int) AS n
  ) AS calls,
  LATERAL (SELECT
    make_interval(secs => ((hashint4(n::int + 7) & 2147483647) % (60 * priority))) AS dispatch,
    make_interval(secs => 60 + ((hashint4(n::int + 8) & 2147483647) % (400 * priority))) AS travel,
    make_interval(secs => 300 + ((hashint4(n::int + 9) & 2147483647) % 3600)) AS scene) AS t`;

const CREATE_USERS = `
  INSERT INTO users (id, email, password_hash)
  SELECT md5('u' || n)::uuid, 'bench' || n || '@example.test', 'x'
  FROM generate_series(1, 1000) AS n`;

/** A rating on every tenth response, given an hour after the call; 2 % hidden by moderation. */
const CREATE_FEEDBACK = `
  INSERT INTO feedback (id, response_id, user_id, rating, moderation, created_at, updated_at)
  SELECT md5('f' || r.id)::uuid, r.id, md5('u' || (1 + (hashint4(e) & 2147483647) % 1000))::uuid,
    1 + (hashint4(e + 1) & 2147483647) % 5,
    CASE WHEN (hashint4(e + 2) & 2147483647) % 50 = 0 THEN 'hidden' ELSE 'none' END,
    r.received_at + interval '1 hour', r.received_at + interval '1 hour'
  FROM (SELECT id, received_at, hashint4(external_ref::int) AS e FROM responses
        WHERE external_ref::int % 10 = 0) AS r`;

/**
 * The plain queries: $1 the previous window's start, $2 this window's start, $3 its end.
 * Response figures per window, district and priority; the whole area per window and priority.
 */
const PLAIN_RESPONSES = (grouping: string) => `
  SELECT received_at >= $2 AS current, ${grouping} priority,
    count(*) FILTER (WHERE NOT officer_initiated) AS measured,
    count(*) FILTER (WHERE officer_initiated) AS officer_initiated,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at))
      FILTER (WHERE NOT officer_initiated) AS to_dispatch_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM dispatched_at - received_at))
      FILTER (WHERE NOT officer_initiated) AS to_dispatch_p90,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM on_scene_at - received_at))
      FILTER (WHERE NOT officer_initiated) AS to_scene_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM on_scene_at - received_at))
      FILTER (WHERE NOT officer_initiated) AS to_scene_p90,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM cleared_at - on_scene_at))
      FILTER (WHERE NOT officer_initiated) AS on_scene_median,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM cleared_at - on_scene_at))
      FILTER (WHERE NOT officer_initiated) AS on_scene_p90,
    count(*) FILTER (WHERE NOT officer_initiated AND on_scene_at - received_at
      <= make_interval(secs => ($4::int[])[priority])) AS within_target
  FROM responses WHERE received_at >= $1 AND received_at < $3
  GROUP BY 1, ${grouping} priority`;
const PLAIN_INCIDENTS = `
  SELECT occurred_at >= $2 AS current, district_id, category, count(*)
  FROM incidents WHERE occurred_at >= $1 AND occurred_at < $3 GROUP BY 1, 2, 3`;
const PLAIN_RATINGS = `
  SELECT f.created_at >= $2 AS current, r.district_id, f.rating, count(*)
  FROM feedback AS f JOIN responses AS r ON r.id = f.response_id
  WHERE f.created_at >= $1 AND f.created_at < $3 AND f.moderation NOT IN ('hidden', 'withdrawn')
  GROUP BY 1, 2, 3`;

type Variant = 'service' | 'plain SQL';

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

async function main() {
  const settings = readIntegerSettings({
    rounds: { env: 'ROUNDS', fallback: 9, min: 1 },
    incidents: { env: 'INCIDENTS', fallback: 1_000_000, min: 1000 },
    districts: { env: 'DISTRICTS', fallback: 20, min: 1 },
  });
  cleanUpOnSignals();
  console.log('Openbeat accountability statistics benchmark: the service against plain SQL');
  console.log(machineLine());
  const database = await createBenchDatabase('openbeat_stats_bench');
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });
  await migrate(pool);

  const now = new Date();
  const loadStart = performance.now();
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(CREATE_DISTRICTS, [settings.districts]);
    await client.query(CREATE_INCIDENTS, [settings.incidents, now, settings.districts]);
    await client.query(CREATE_RESPONSES, [now, Math.round(settings.incidents / 100)]);
    await client.query(CREATE_USERS);
    await client.query(CREATE_FEEDBACK);
    await client.query(`SET session_replication_role = origin`);
    await client.query('VACUUM ANALYZE incidents');
    await client.query('VACUUM ANALYZE responses');
    await client.query('VACUUM ANALYZE feedback');
  } finally {
    client.release();
  }
  const sizes = (
    await pool.query<{ incidents: number; responses: number; feedback: number }>(
      `SELECT (SELECT count(*) FROM incidents)::int AS incidents,
         (SELECT count(*) FROM responses)::int AS responses,
         (SELECT count(*) FROM feedback)::int AS feedback`,
    )
  ).rows[0];
  console.log(
    `database: ${database.server}; loaded ${sizes?.incidents} incidents, ${sizes?.responses} responses, ` +
      `${sizes?.feedback} ratings, ${settings.districts} districts in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`,
  );

  const to = now;
  const from = new Date(to.getTime() - 30 * DAY_MS);
  const previousFrom = new Date(from.getTime() - 30 * DAY_MS);
  const options = { k: 5, targets: DEFAULT_RESPONSE_TARGETS };
  const targets = [1, 2, 3, 4, 5].map((p) => DEFAULT_RESPONSE_TARGETS[p] ?? 0);
  const bounds = [previousFrom, from, to];
  const service = () =>
    computeAccountability(pool, { from: from.toISOString(), to: to.toISOString() }, options, now);
  const plain = () =>
    Promise.all([
      pool.query<PlainRow>(PLAIN_RESPONSES('district_id,'), [...bounds, targets]),
      pool.query(PLAIN_RESPONSES(''), [...bounds, targets]),
      pool.query(PLAIN_INCIDENTS, bounds),
      pool.query(PLAIN_RATINGS, bounds),
    ]);

  // One warm-up of each: the first reads the tables from disk into the cache.
  const warm = await service();
  const warmPlain = await plain();
  const problems = compareMedians(warm, warmPlain[0].rows);

  const times: Record<Variant, number[]> = { service: [], 'plain SQL': [] };
  const rows: (string | number)[][] = [['round', 'first', 'service ms', 'plain SQL ms']];
  for (let round = 1; round <= settings.rounds; round++) {
    const order: Variant[] = round % 2 === 1 ? ['service', 'plain SQL'] : ['plain SQL', 'service'];
    const ms: Record<Variant, number> = { service: 0, 'plain SQL': 0 };
    for (const variant of order) {
      const work: () => Promise<unknown> = variant === 'service' ? service : plain;
      ms[variant] = (await timed(work)).ms;
      times[variant].push(ms[variant]);
    }
    rows.push([round, order[0] ?? '', ms.service.toFixed(1), ms['plain SQL'].toFixed(1)]);
  }
  console.log(formatTable(rows, 'rlrr'));
  const serviceMedian = median(times.service);
  const plainMedian = median(times['plain SQL']);
  const ratio = serviceMedian / plainMedian;
  console.log(
    `\n30-day window, ${settings.rounds} rounds: service median ${serviceMedian.toFixed(1)} ms, ` +
      `plain SQL median ${plainMedian.toFixed(1)} ms, ratio ${ratio.toFixed(2)}× (goal ≤ 1.5×)`,
  );
  if (ratio > 1.5) console.log('The goal is not met on this run.');
  reportProblems(problems);
}

interface PlainRow {
  current: boolean;
  district_id: string | null;
  priority: number;
  to_scene_median: number | null;
  to_scene_p90: number | null;
}

/** Every median and p90 of time to scene the service published equals the plain query's. */
function compareMedians(
  answer: Awaited<ReturnType<typeof computeAccountability>>,
  plainRows: PlainRow[],
): string[] {
  const problems: string[] = [];
  let compared = 0;
  for (const district of answer.districts) {
    for (const figures of district.current.responses) {
      if (figures.toScene.median === null) continue;
      const number = Number(district.district?.slice('District '.length));
      const row = plainRows.find(
        (r) =>
          r.current &&
          r.priority === figures.priority &&
          r.district_id !== null &&
          Number(r.district_id) === number + 1,
      );
      compared++;
      if (
        !row ||
        Math.abs(Number(row.to_scene_median) - figures.toScene.median) > 1e-6 ||
        Math.abs(Number(row.to_scene_p90) - (figures.toScene.p90 ?? NaN)) > 1e-6
      ) {
        problems.push(
          `${district.district} priority ${figures.priority}: service ${figures.toScene.median}/${figures.toScene.p90}, plain ${row?.to_scene_median}/${row?.to_scene_p90}`,
        );
      }
    }
  }
  console.log(
    `checked: ${compared} published medians and p90s of time to scene equal the plain query's`,
  );
  return problems;
}

await runBenchmark('stats benchmark', main);
