import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../support/server-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `npm run import -- …` as a person runs it, against a real PostgreSQL (DATABASE_URL): district
// shapes and incidents through the one command.

let db: TestDatabase;
let dir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openbeat-import-cli-'));
});

afterAll(async () => {
  await db.drop();
  await fs.rm(dir, { recursive: true, force: true });
});

function importCommand(args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
    env: childEnv({ DATABASE_URL: db.url }),
    encoding: 'utf8',
    timeout: 90_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const square = (name: string, [west, south, east, north]: number[]) => ({
  type: 'Feature',
  properties: { label: name },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  },
});

describe('npm run import', () => {
  it('loads districts, then incidents that take their district from their location', async () => {
    const districts = path.join(dir, 'districts.geojson');
    await fs.writeFile(
      districts,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          square('Blackburn north', [-2.5, 53.76, -2.45, 53.8]),
          square('Blackburn south', [-2.5, 53.72, -2.45, 53.76]),
        ],
      }),
    );
    const loaded = importCommand(['districts', districts, '--name-property', 'label']);
    expect(loaded.code, loaded.stderr).toBe(0);
    expect(loaded.stdout).toContain('2 features, 2 districts new');
    const again = importCommand(['districts', districts, '--name-property', 'label']);
    expect(again.stdout).toContain('0 districts new, 0 replaced, 2 unchanged');
    const wrongName = importCommand(['districts', districts, '--name-property', 'name']);
    expect(wrongName.code).toBe(1);
    expect(wrongName.stdout).toContain('2 rejected');

    const incidents = importCommand([
      'police-uk-csv',
      path.resolve(import.meta.dirname, '../fixtures/import/police-uk-street.csv'),
    ]);
    expect(incidents.code, incidents.stderr).toBe(0);
    expect(incidents.stdout).toContain('police-uk-csv');
    const byDistrict = await db.pool.query<{ name: string; count: string }>(
      `SELECT d.name, count(*) FROM incidents i JOIN districts d ON d.id = i.district_id
       GROUP BY d.name ORDER BY d.name`,
    );
    expect(byDistrict.rows.map((r) => [r.name, Number(r.count)])).toEqual([
      ['Blackburn north', 4],
      ['Blackburn south', 2],
    ]);
  }, 300_000);

  it('--help prints the usage of both kinds of import', () => {
    const help = importCommand(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run import -- districts <file.geojson> --name-property');
    expect(help.stdout).toContain('npm run import -- <format> <file|-> [flags]');
  });
});
