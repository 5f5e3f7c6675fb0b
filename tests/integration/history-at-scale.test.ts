import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildListQuery } from '../../server/incidents/incidents.queries.js';
import { buildMvtQuery } from '../../server/tiles/tiles.queries.js';
import {
  CITIES,
  cityViewport,
  loadSyntheticIncidents,
} from '../../bench/support/synthetic-incidents.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// A million incidents over five cities and a year: the public list of a city viewport over 30
// days, and an incident tile, must be answered from indexes, never by reading the whole table.

const ROWS = 1_000_000;
const UNTIL = new Date('2026-11-20T00:00:00Z');
const DAY_MS = 86_400_000;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const INDEX_NODES = new Set(['Index Scan', 'Index Only Scan', 'Bitmap Index Scan']);

describe('history queries at 1,000,000 incidents', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadSyntheticIncidents(db.pool, { count: ROWS, until: UNTIL, parallel: 2 });
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  async function planOf(text: string, values: unknown[]): Promise<PlanNode[]> {
    const result = await db.pool.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      `EXPLAIN (FORMAT JSON) ${text}`,
      values,
    );
    const plan = result.rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (!plan) throw new Error('EXPLAIN returned no plan');
    return nodesOf(plan);
  }

  it('holds the rows it was given', async () => {
    const result = await db.pool.query<{ n: number; cities: number }>(
      `SELECT count(*)::int AS n,
         count(DISTINCT round(ST_X(location)))::int AS cities FROM incidents`,
    );
    expect(result.rows[0]?.n).toBe(ROWS);
    expect(result.rows[0]?.cities).toBeGreaterThanOrEqual(CITIES.length);
  });

  it.each(CITIES.map((c) => [c.name, c] as const))(
    'lists a %s viewport over 30 days from indexes, with no sequential scan',
    async (_name, city) => {
      const query = buildListQuery({
        exact: false,
        bbox: cityViewport(city),
        from: new Date(UNTIL.getTime() - 30 * DAY_MS).toISOString(),
        to: UNTIL.toISOString(),
        limit: 100,
      });
      const nodes = await planOf(query.text, query.values);
      const onIncidents = nodes.filter(
        (n) => n['Relation Name'] === 'incidents' || n['Index Name']?.startsWith('incidents_'),
      );
      expect(onIncidents.some((n) => INDEX_NODES.has(n['Node Type']))).toBe(true);
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
      // And the answer is real: the viewport has incidents in that window.
      const rows = await db.pool.query(query.text, query.values);
      expect(rows.rowCount).toBeGreaterThan(0);
    },
  );

  it.each([10, 14, 16])('builds a z %i tile over Chicago from the GiST index', async (z) => {
    const chicago = CITIES[0];
    if (!chicago) throw new Error('no city');
    const scale = 2 ** z;
    const sin = Math.sin((chicago.lat * Math.PI) / 180);
    const x = Math.floor(((chicago.lon + 180) / 360) * scale);
    const y = Math.floor((0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale);
    const query = buildMvtQuery({ z, x, y });
    const nodes = await planOf(query.text, query.values);
    expect(nodes.some((n) => n['Index Name'] === 'incidents_public_location_gist')).toBe(true);
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
  });
});
