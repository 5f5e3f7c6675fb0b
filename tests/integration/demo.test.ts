import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { freshEmbeddedDataDir } from '../support/embedded-template.js';
import {
  childEnv,
  runCreateKey,
  startServer,
  type ServerProcess,
} from '../support/server-process.js';

// `npm start` on an empty embedded database loads the shipped demo once, through the normal
// write path, and its simulator adds marked incidents; the public sees only generalised points.

const TEST_TIMEOUT = 180_000;
const VANCOUVER = '-123.3,49.1,-122.9,49.4';
const DEMO_INCIDENTS = 3000;

interface PublicFeature {
  geometry: { coordinates: [number, number] };
  properties: Record<string, unknown>;
}

let dataDir: string;
const running = new Set<ServerProcess>();

beforeAll(async () => {
  // A never-initialised folder, not a copy of the migrated template (embedded-template.ts):
  // this is the one test of `npm start`'s very first start, initdb and migrations included.
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'openbeat-demo-'));
});

afterAll(async () => {
  for (const server of running) server.kill();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function start(overrides: Record<string, string>): Promise<ServerProcess> {
  const server = await startServer(
    childEnv({
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      DATABASE_URL: undefined,
      DEMO: undefined,
      SIMULATOR: undefined,
      ...overrides,
    }),
  );
  running.add(server);
  return server;
}

async function stop(server: ServerProcess) {
  expect(await server.stop('SIGTERM'), server.output()).toBe(0);
  running.delete(server);
}

/** Every public feature in Vancouver, page by page. */
async function publicFeatures(url: string): Promise<PublicFeature[]> {
  const features: PublicFeature[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${cursor}` : '';
    const response = await fetch(`${url}/api/v1/incidents?bbox=${VANCOUVER}&limit=1000${query}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      features: PublicFeature[];
      nextCursor: string | null;
    };
    features.push(...body.features);
    cursor = body.nextCursor;
  } while (cursor);
  return features;
}

async function auditHeadId(url: string): Promise<number> {
  return ((await (await fetch(`${url}/api/v1/audit/head`)).json()) as { id: number }).id;
}

describe('the demo on an empty embedded database', () => {
  it(
    'loads 3,000 Vancouver thefts of the last 7 days, with public points only, once',
    async () => {
      const first = await start({ SIMULATOR: 'off' });
      const features = await publicFeatures(first.url);
      expect(features).toHaveLength(DEMO_INCIDENTS);
      const weekAgo = Date.now() - 7 * 24 * 3600_000 - 60_000;
      for (const f of features) {
        expect(f.properties.source).toBe('demo');
        expect(['theft', 'vehicle-crime', 'bicycle-theft']).toContain(f.properties.category);
        expect(Date.parse(f.properties.occurredAt as string)).toBeGreaterThan(weekAgo);
        expect(Date.parse(f.properties.occurredAt as string)).toBeLessThanOrEqual(Date.now());
        // The public never gets the exact place or the external reference.
        expect(f.properties.locationPrecision).toBe('approximate');
        expect(f.properties).not.toHaveProperty('externalRef');
        expect(f.properties).not.toHaveProperty('publicLocation');
        // A past theft's last change is its response's, not the load's (demo-statuses.test.ts).
        if (f.properties.status !== 'open') {
          expect(Date.parse(f.properties.updatedAt as string)).toBeGreaterThan(
            Date.parse(f.properties.occurredAt as string),
          );
        }
      }
      const resolved = features.filter((f) => f.properties.status === 'resolved');
      expect(resolved.length).toBeGreaterThan(DEMO_INCIDENTS * 0.95);
      // Where in words: Vancouver's hundred block and the neighbourhood of the public point.
      const places = features.map((f) => f.properties.place as string | null);
      expect(places.some((p) => /^near \d+XX .+, West End$/.test(p ?? ''))).toBe(true);
      expect(places.filter((p) => p?.startsWith('near ')).length).toBeGreaterThan(
        DEMO_INCIDENTS * 0.9,
      );
      // Each created incident is an event of the public record, and so is its response.
      expect(await auditHeadId(first.url)).toBe(DEMO_INCIDENTS * 2);
      await stop(first);

      const second = await start({ SIMULATOR: 'off' });
      expect(await auditHeadId(second.url)).toBe(DEMO_INCIDENTS * 2);
      await stop(second);

      // The exact places are the transformed UTM ones, inside the neighbourhoods, and every
      // public point lies within its grid cell's reach of its exact place.
      const db = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 1 });
      try {
        const checked = await db.pool.query<{
          districts: number;
          incidents: number;
          with_district: number;
          max_offset_m: number;
        }>(`SELECT (SELECT count(*)::int FROM districts) AS districts,
                   count(*)::int AS incidents,
                   count(district_id)::int AS with_district,
                   max(ST_Distance(location::geography, public_location::geography)) AS max_offset_m
            FROM incidents`);
        const row = checked.rows[0];
        expect(row?.districts).toBe(22);
        expect(row?.incidents).toBe(DEMO_INCIDENTS);
        expect(row?.with_district).toBeGreaterThan(DEMO_INCIDENTS * 0.95);
        expect(row?.max_offset_m).toBeLessThan(150 * 1.1 * Math.SQRT2 + 1);
        // Each theft has its response, as far as it has come: most have been cleared.
        const responses = await db.pool.query<{ n: number; cleared: number }>(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE state = 'cleared')::int AS cleared
           FROM responses AS r JOIN incidents AS i ON i.id = r.incident_id WHERE i.source = 'demo'`,
        );
        expect(responses.rows[0]?.n).toBe(DEMO_INCIDENTS);
        expect(responses.rows[0]?.cleared).toBeGreaterThan(DEMO_INCIDENTS * 0.95);
        const kits = await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM incidents AS i JOIN districts AS d ON d.id = i.district_id
           WHERE d.name = 'Kitsilano' AND i.summary LIKE '%, Kitsilano'`,
        );
        expect(kits.rows[0]?.n).toBeGreaterThan(50);
      } finally {
        await db.close();
      }
    },
    TEST_TIMEOUT,
  );

  it(
    'runs the simulator in-process on the demo database, marked as simulated',
    async () => {
      const server = await start({ SIMULATOR_RATE: '3000' });
      const started = Date.now();
      let simulated: PublicFeature[] = [];
      while (simulated.length < 5 && Date.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        simulated = (await publicFeatures(server.url)).filter(
          (f) => f.properties.source === 'simulator',
        );
      }
      expect(simulated.length).toBeGreaterThanOrEqual(5);
      for (const f of simulated) {
        expect(f.properties.summary).toMatch(/\(simulated\)$/);
        expect(f.properties.locationPrecision).toBe('approximate');
      }
      await stop(server);

      const off = await start({ SIMULATOR: 'off' });
      const before = await auditHeadId(off.url);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await auditHeadId(off.url)).toBe(before);
      await stop(off);
    },
    TEST_TIMEOUT,
  );

  it(
    'leaves a database alone that someone has made an API key for, or with DEMO=off',
    async () => {
      for (const setUp of ['a key first', 'DEMO=off'] as const) {
        // Migrated but holding no data, as the first start of a server or a CLI leaves it.
        const other = await freshEmbeddedDataDir('openbeat-nodemo-');
        try {
          const env = childEnv({
            PORT: '0',
            LOG_LEVEL: 'warn',
            DATA_DIR: other,
            DATABASE_URL: undefined,
            DEMO: setUp === 'DEMO=off' ? 'off' : undefined,
          });
          if (setUp === 'a key first') {
            const created = await runCreateKey(env, ['--role', 'dispatcher', '--name', 'cad']);
            expect(created.code, created.stderr).toBe(0);
          }
          const server = await startServer(env);
          running.add(server);
          expect(await auditHeadId(server.url), setUp).toBe(0);
          await stop(server);
        } finally {
          await fs.rm(other, { recursive: true, force: true });
        }
      }
    },
    TEST_TIMEOUT,
  );
});
