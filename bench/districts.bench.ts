/**
 * `node --import tsx bench/districts.bench.ts`: what the district trigger (migrations/009_districts.sql,
 * BEFORE INSERT, ST_Covers on the GiST index) costs the batched create path. Incidents/s through
 * createIncidents (the service the API batches into: one INSERT … FROM unnest plus its events
 * per batch) with the trigger enabled against the same with it disabled, one batch each per
 * round, alternating which goes first (fine-grained, so that the load of a busy machine drifts
 * through both alike), on one database holding the 14 detailed Lancashire district shapes; points
 * fall inside their bbox (most inside a district). Prints each round, the medians and the ratio.
 *
 * Settings (flag or environment variable): --rounds/ROUNDS (default 40),
 * --batch/BATCH (incidents per batch, 1000).
 * TEST_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate } from '../server/db/migrate.js';
import { importDistricts } from '../server/districts/import-districts.js';
import {
  createIncidents,
  type CreateRequest,
} from '../server/incidents/incident-create.service.js';
import { CommitSignal } from '../server/record/commit-signal.js';
import { RecordWriter } from '../server/record/record-writer.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';
import { incidentBody } from '../tests/support/incident-factory.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DISTRICTS = path.resolve(REPO_ROOT, '../shared/data/lancashire_districts.geojson');
const TRIGGER = 'incidents_assign_district';

type Variant = 'trigger' | 'no trigger';

interface Round {
  round: number;
  variant: Variant;
  incidents: number;
  seconds: number;
}

async function main() {
  const settings = readIntegerSettings({
    rounds: { env: 'ROUNDS', fallback: 40, min: 1 },
    batch: { env: 'BATCH', fallback: 1000, min: 1 },
  });
  cleanUpOnSignals();
  console.log('Openbeat district trigger benchmark: batched creates with and without it');
  console.log(machineLine());
  const database = await createBenchDatabase('openbeat_districts_bench');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const records = new RecordWriter(pool, new CommitSignal());
  pool.on('error', () => undefined);
  onCleanup('close the benchmark pool', async () => {
    if (!pool.ended) await pool.end();
  });
  await migrate(pool);
  const loaded = await importDistricts(pool, fs.readFileSync(DISTRICTS, 'utf8'), {
    nameProperty: 'district',
    source: 'lancashire',
  });
  const shape = await pool.query<{
    points: number;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    version: string;
  }>(
    `SELECT sum(ST_NPoints(geometry))::int AS points, ST_XMin(e) AS x0, ST_YMin(e) AS y0,
       ST_XMax(e) AS x1, ST_YMax(e) AS y1, current_setting('server_version') AS version
     FROM districts, (SELECT ST_Extent(geometry)::geometry AS e FROM districts) AS x GROUP BY e`,
  );
  const box = shape.rows[0];
  if (!box) throw new Error('no districts loaded');
  console.log(
    `database: ${database.name} on ${database.server} (PostgreSQL ${box.version}, dropped at the end); ` +
      `${loaded.inserted} Lancashire districts, ${box.points} vertices in all`,
  );
  console.log(
    `${settings.rounds} rounds (after one warm-up), each one batch of ${settings.batch} incidents ` +
      'through createIncidents per variant, the first variant alternating',
  );

  let sequence = 0;
  const batch = (): CreateRequest[] =>
    Array.from({ length: settings.batch }, () => {
      sequence += 1;
      return {
        author: { keyId: 'bench', source: 'bench' },
        input: incidentBody({
          summary: `Bench incident ${sequence}`,
          location: {
            lon: box.x0 + Math.random() * (box.x1 - box.x0),
            lat: box.y0 + Math.random() * (box.y1 - box.y0),
          },
        }),
        idempotencyKey: undefined,
        request: undefined,
      };
    });

  const problems: string[] = [];
  const rounds: Round[] = [];
  const variants: Variant[] = ['trigger', 'no trigger'];
  for (let round = 0; round <= settings.rounds; round += 1) {
    for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
      await pool.query(
        `ALTER TABLE incidents ${variant === 'trigger' ? 'ENABLE' : 'DISABLE'} TRIGGER ${TRIGGER}`,
      );
      const requests = batch();
      const started = process.hrtime.bigint();
      let created = 0;
      const outcomes = await createIncidents(records, requests);
      created += outcomes.filter((o) => o.ok).length;
      const failed = outcomes.find((o) => !o.ok);
      if (failed?.ok === false) problems.push(`${variant}: ${String(failed.error)}`);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Round 0 warms both variants up and is not counted.
      if (round > 0) rounds.push({ round, variant, incidents: created, seconds });
    }
  }
  const assigned = await pool.query<{ total: number; with_district: number }>(
    'SELECT count(*)::int AS total, count(district_id)::int AS with_district FROM incidents',
  );

  const rate = (r: Round) => r.incidents / r.seconds;
  const rateOf = (round: number, variant: Variant) => {
    const found = rounds.find((r) => r.round === round && r.variant === variant);
    return found ? rate(found) : Number.NaN;
  };
  console.log(
    '\n' +
      formatTable(
        [
          ['round', 'trigger /s', 'no trigger /s', 'ratio'],
          ...Array.from({ length: settings.rounds }, (_, i) => {
            const on = rateOf(i + 1, 'trigger');
            const off = rateOf(i + 1, 'no trigger');
            return [i + 1, on.toFixed(0), off.toFixed(0), (on / off).toFixed(2)];
          }),
        ],
        'rrrr',
      ),
  );
  const withTrigger = median(rounds.filter((r) => r.variant === 'trigger').map(rate));
  const without = median(rounds.filter((r) => r.variant === 'no trigger').map(rate));
  console.log(
    `\nmedian incidents/s: with the trigger ${withTrigger.toFixed(0)}, without ${without.toFixed(0)}; ` +
      `ratio of the medians ${(withTrigger / without).toFixed(2)}, median of the per-round ratios ` +
      `${median(Array.from({ length: settings.rounds }, (_, i) => rateOf(i + 1, 'trigger') / rateOf(i + 1, 'no trigger'))).toFixed(2)} (1.00 = free)`,
  );
  console.log(
    `incidents given a district: ${assigned.rows[0]?.with_district ?? 0} of ${assigned.rows[0]?.total ?? 0} ` +
      '(the rest were written with the trigger off, or fell in the bbox outside every district)',
  );
  if ((assigned.rows[0]?.with_district ?? 0) === 0) problems.push('no incident got a district');
  reportProblems(problems);
}

void runBenchmark('districts benchmark', main);
