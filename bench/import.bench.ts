/**
 * `npm run bench:import`: rows/s importing `../shared/data/chicago_aggravated_assaults.csv.gz`
 * (148,636 rows) through the importer (server/import: csv-parse stream, geomask, redaction,
 * COPY into staging, INSERT … SELECT with the summary event) into a fresh migrated database,
 * against two baselines in the same run, rounds alternating:
 * - `psql \copy` of the same rows (decompressed to a temporary CSV) into a bare table with the
 *   file's columns: the floor of bulk loading, with no index, no geometry, no masking;
 * - a single-row INSERT loop: one parameterised INSERT into incidents per row (masked and
 *   redacted the same way, autocommit), on a sample, extrapolated to rows/s.
 * Prints each round, the medians and the ratios (goals: ≥ 0.8× \copy, ≥ 20× single-row).
 *
 * Settings (flag or environment variable): --rounds/ROUNDS (default 3), --sample/SAMPLE (rows
 * of the single-row loop, 5000), --limit/LIMIT (rows imported, 0 = the whole file).
 * TEST_DATABASE_URL names the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { findCategory } from '../shared/categories.js';
import { migrate } from '../server/db/migrate.js';
import { genericCsvFormat } from '../server/import/generic-csv-format.js';
import type { ImportOptions } from '../server/import/import-format.js';
import { decompressIfGzip } from '../server/import/input-stream.js';
import { runImport } from '../server/import/run-import.js';
import { publicLocation } from '../server/privacy/geomask.js';
import { redactText } from '../server/privacy/redact-text.js';
import { cleanUpOnSignals, onCleanup } from './support/cleanup.js';
import { ADMIN_DATABASE_URL, createBenchDatabase } from './support/database.js';
import { machineLine, reportProblems, runBenchmark } from './support/run.js';
import { readIntegerSettings } from './support/settings.js';
import { formatTable, median } from './support/stats.js';

const DATA_FILE = path.resolve(
  import.meta.dirname,
  '../../shared/data/chicago_aggravated_assaults.csv.gz',
);
const FILE_ROWS = 148_636;
const GOAL_VS_COPY = 0.8;
const GOAL_VS_SINGLE = 20;

const OPTIONS: ImportOptions = {
  source: 'chicago-tidy',
  lon: 'longitude',
  lat: 'latitude',
  time: 'date',
  timezone: 'America/Chicago',
  categoryCode: 'AGGRAVATED ASSAULT',
  summary: ['loc_cat'],
};

function readSettings() {
  return readIntegerSettings({
    rounds: { env: 'ROUNDS', fallback: 3, min: 1 },
    sample: { env: 'SAMPLE', fallback: 5000, min: 1 },
    limit: { env: 'LIMIT', fallback: 0, min: 0 },
  });
}

async function count(pool: pg.Pool, table: string): Promise<number> {
  const result = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return result.rows[0]?.n ?? -1;
}

/** A migrated template, cloned for every importer round so each one starts empty. */
async function freshDatabase(admin: pg.Pool, template: string, round: number) {
  const name = `${template}_r${round}_${Date.now().toString(36)}`;
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  onCleanup(`drop the database ${name}`, async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return new pg.Pool({ connectionString: url.toString(), max: 2 });
}

async function importerRound(pool: pg.Pool, limit: number) {
  const started = performance.now();
  const report = await runImport(pool, {
    format: genericCsvFormat,
    input: await decompressIfGzip(createReadStream(DATA_FILE)),
    options: OPTIONS,
    ...(limit > 0 ? { limit } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  return { rows: report.imported, seconds, report, stored: await count(pool, 'incidents') };
}

function runPsql(url: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`psql exited ${String(code)}: ${stderr.trim()}`));
    });
  });
}

async function copyRound(pool: pg.Pool, url: string, csvFile: string) {
  await pool.query('DROP TABLE IF EXISTS bare_assaults');
  await pool.query(
    'CREATE TABLE bare_assaults (date text, loc_cat text, longitude float8, latitude float8, district int)',
  );
  const started = performance.now();
  await runPsql(url, `\\copy bare_assaults FROM '${csvFile}' WITH (FORMAT csv, HEADER true)`);
  const seconds = (performance.now() - started) / 1000;
  return { rows: await count(pool, 'bare_assaults'), seconds };
}

const SINGLE_INSERT = `
  INSERT INTO incidents (id, category, priority, status, summary, public_summary, occurred_at,
    reported_at, location, visibility, public_location, source, external_ref, created_at, updated_at)
  VALUES ($1, $2, 3, 'open', $3, $4, $5, $5, ST_SetSRID(ST_MakePoint($6, $7), 4326), $8,
    ST_SetSRID(ST_MakePoint($9, $10), 4326), 'single-row', $11, now(), now())
  ON CONFLICT (source, external_ref) DO NOTHING`;

/** The same rows, one autocommitted INSERT each (rows read the way the importer reads them). */
async function singleRowRound(pool: pg.Pool, sample: number, round: number) {
  const rows: { lon: number; lat: number; date: string; summary: string }[] = [];
  for await (const record of genericCsvFormat.records(
    await decompressIfGzip(createReadStream(DATA_FILE)),
    OPTIONS,
  )) {
    if (rows.length >= sample) break;
    if (record.ok) {
      const { x, y, occurredAt, summary } = record.row;
      rows.push({ lon: x, lat: y, date: occurredAt.toISOString(), summary });
    }
  }
  const policy = findCategory('violence')?.policy ?? 'coarse';
  const client = await pool.connect();
  try {
    const started = performance.now();
    for (const [i, row] of rows.entries()) {
      const masked = publicLocation({ lon: row.lon, lat: row.lat }, policy);
      await client.query(SINGLE_INSERT, [
        uuidv7(),
        'violence',
        row.summary,
        redactText(row.summary),
        row.date,
        row.lon,
        row.lat,
        policy,
        masked?.lon ?? null,
        masked?.lat ?? null,
        `r${round}:${i}`,
      ]);
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows: rows.length, seconds };
  } finally {
    client.release();
  }
}

async function main() {
  cleanUpOnSignals();
  const settings = readSettings();
  const expected = settings.limit > 0 ? Math.min(settings.limit, FILE_ROWS) : FILE_ROWS;
  const problems: string[] = [];
  console.log(
    'bench:import — chicago_aggravated_assaults.csv.gz through the importer vs psql \\copy vs single-row INSERTs',
  );
  console.log(machineLine());

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'openbeat-import-bench-'));
  onCleanup(`remove ${tmp}`, () => rm(tmp, { recursive: true, force: true }));
  const csvFile = path.join(tmp, 'assaults.csv');
  await pipeline(createReadStream(DATA_FILE), createGunzip(), createWriteStream(csvFile));

  const template = await createBenchDatabase('openbeat_bench_import');
  console.log(
    `database: ${template.server}, PostgreSQL with PostGIS; rounds ${settings.rounds}, single-row sample ${settings.sample}`,
  );
  const templatePool = new pg.Pool({ connectionString: template.url, max: 1 });
  await migrate(templatePool);
  await templatePool.end();
  const admin = new pg.Pool({ connectionString: ADMIN_DATABASE_URL, max: 1 });
  onCleanup('close the admin pool', () => admin.end());
  const baselineUrl = (await createBenchDatabase('openbeat_bench_import_base')).url;
  const baseline = new pg.Pool({ connectionString: baselineUrl, max: 2 });
  onCleanup('close the baseline pool', () => baseline.end());
  await migrate(baseline);

  const table: (string | number)[][] = [['round', 'target', 'rows', 'seconds', 'rows/s']];
  const rates = { importer: [] as number[], copy: [] as number[], single: [] as number[] };
  const record = (
    round: number,
    target: keyof typeof rates,
    label: string,
    measured: { rows: number; seconds: number },
  ) => {
    const perSecond = measured.rows / measured.seconds;
    rates[target].push(perSecond);
    table.push([round, label, measured.rows, measured.seconds.toFixed(2), Math.round(perSecond)]);
  };
  for (let round = 1; round <= settings.rounds; round += 1) {
    const pool = await freshDatabase(admin, template.name, round);
    try {
      const imported = await importerRound(pool, settings.limit);
      if (imported.rows !== expected || imported.stored !== expected) {
        problems.push(
          `round ${round}: imported ${imported.rows}, stored ${imported.stored}, expected ${expected}`,
        );
      }
      if (imported.report.skipped > 0) problems.push(`round ${round}: ${imported.report.format()}`);
      record(round, 'importer', 'importer', imported);
    } finally {
      await pool.end();
    }
    const copied = await copyRound(baseline, baselineUrl, csvFile);
    if (copied.rows !== FILE_ROWS)
      problems.push(`round ${round}: \\copy loaded ${copied.rows} rows`);
    record(round, 'copy', 'psql \\copy', copied);
    const single = await singleRowRound(baseline, settings.sample, round);
    record(round, 'single', 'single-row INSERT', single);
  }
  console.log(`\n${formatTable(table, 'rlrrr')}`);
  const importer = median(rates.importer);
  const copy = median(rates.copy);
  const single = median(rates.single);
  console.log('\nmedians (rows/s):');
  console.log(
    formatTable(
      [
        ['target', 'rows/s'],
        ['importer', Math.round(importer)],
        ['psql \\copy (bare table)', Math.round(copy)],
        ['single-row INSERT (extrapolated)', Math.round(single)],
      ],
      'lr',
    ),
  );
  const vsCopy = importer / copy;
  const vsSingle = importer / single;
  console.log(
    `\nimporter / \\copy      = ${vsCopy.toFixed(2)}× (goal ≥ ${GOAL_VS_COPY}×${vsCopy >= GOAL_VS_COPY ? ', met' : ', NOT met'})`,
  );
  console.log(
    `importer / single-row = ${vsSingle.toFixed(1)}× (goal ≥ ${GOAL_VS_SINGLE}×${vsSingle >= GOAL_VS_SINGLE ? ', met' : ', NOT met'})`,
  );
  reportProblems(problems);
}

await runBenchmark('bench:import', main);
