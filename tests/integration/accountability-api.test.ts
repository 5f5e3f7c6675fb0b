import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountabilityCollectionSchema,
  AccountabilityDetailSchema,
  AccountabilitySchema,
  type Accountability,
  type AccountabilityDetail,
} from '../../shared/schemas/accountability.js';
import { Value } from 'typebox/value';
import {
  addSquareDistrict,
  insertCalls,
  type SyntheticCall,
} from '../support/accountability-fixtures.js';
import {
  linesWithOneSuppressed,
  readerLines,
  recoverableCells,
} from '../support/disclosure-check.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2026-01-31T00:00:00.000Z';
const WINDOW = `from=${FROM}&to=${TO}`;
const NORTH = { lon: 10.005, lat: 50.005 };
const SOUTH = { lon: 10.005, lat: 50.025 };
const OUTSIDE = { lon: 11, lat: 51 };

/** The n-th call of a series, received on day 2 + n of January at 10:00 UTC. */
const day = (n: number) => new Date(Date.UTC(2026, 0, 2 + (n % 28), 10));

function series(count: number, make: (i: number) => Omit<SyntheticCall, 'receivedAt'>) {
  return Array.from({ length: count }, (_, i) => ({ ...make(i), receivedAt: day(i) }));
}

const CALLS: SyntheticCall[] = [
  // North, priority 2: times to scene 100, 200, …, 1000 s; to dispatch 10 … 100 s; 600 s on scene.
  ...series(10, (i) => ({
    at: NORTH,
    priority: 2,
    toDispatch: 10 * (i + 1),
    toScene: 100 * (i + 1),
    onScene: 600,
    ratings: [i < 6 ? 5 : i < 9 ? 4 : 3],
  })),
  ...series(30, (i) => ({
    at: NORTH,
    priority: 3,
    category: 'burglary',
    toDispatch: 60,
    toScene: 600 + i,
  })),
  // Officer-initiated: counted apart, never in the times (their 1 s would pull the median down).
  ...series(6, () => ({
    at: NORTH,
    priority: 2,
    toDispatch: 0,
    toScene: 1,
    officerInitiated: true,
  })),
  ...series(7, (i) => ({ at: SOUTH, priority: 2, toDispatch: 30, toScene: 200 + 10 * i })),
  // Two priority-3 calls in South: fewer than k.
  ...series(2, () => ({
    at: SOUTH,
    priority: 3,
    category: 'robbery',
    toDispatch: 30,
    toScene: 300,
  })),
  // One priority-4 call in South: with the two above, South's row has two small cells.
  ...series(1, () => ({ at: SOUTH, priority: 4, toDispatch: 30, toScene: 900 })),
  // No district: three outside every district, four published without a place.
  ...series(3, () => ({ at: OUTSIDE, priority: 3, toDispatch: 30, toScene: 400 })),
  ...series(4, () => ({ at: null, priority: 3, toDispatch: 30, toScene: 400 })),
  // The month before: North priority 2, slower (time to scene 1,000 … 1,900 s).
  ...Array.from({ length: 10 }, (_, i) => ({
    at: NORTH,
    priority: 2,
    receivedAt: new Date(Date.UTC(2025, 11, 10 + i, 10)),
    toDispatch: 20,
    toScene: 1000 + 100 * i,
  })),
];

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await addSquareDistrict(t.db.pool, 'North', 10, 50);
  await addSquareDistrict(t.db.pool, 'South', 10, 50.02);
  await insertCalls(t.db.pool, CALLS);
});
afterAll(async () => {
  await t.close();
});

async function table(query = WINDOW): Promise<Accountability> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/accountability?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Accountability>();
}

function priority<T extends { priority: number }>(figures: readonly T[], p: number): T {
  const found = figures.find((f) => f.priority === p);
  if (!found) throw new Error(`no priority ${p}`);
  return found;
}

describe('GET /api/v1/accountability', () => {
  it('gives medians and 90th percentiles of measured responses, per district and priority', async () => {
    const answer = await table();
    expect(Value.Check(AccountabilitySchema, answer)).toBe(true);
    expect(answer.period).toEqual({ from: FROM, to: TO });
    expect(answer.previousPeriod).toEqual({ from: '2025-12-02T00:00:00.000Z', to: FROM });
    const north = answer.districts.find((d) => d.district === 'North');
    const p2 = priority(north?.current.responses ?? [], 2);
    expect(p2.count).toEqual({ value: 10, suppressed: null });
    expect(p2.officerInitiated).toEqual({ value: 6, suppressed: null });
    // percentile_cont: position (n − 1)·p of the sorted values, interpolated.
    expect(p2.toScene).toEqual({ median: 550, p90: 910 });
    expect(p2.toDispatch).toEqual({ median: 55, p90: 91 });
    expect(p2.onScene).toEqual({ median: 600, p90: 600 });
    // Target for priority 2 is 900 s: 9 of the 10 arrived within it.
    expect(p2.targetSeconds).toBe(900);
    expect(p2.withinTarget).toBeCloseTo(0.9, 10);
    // The month before: 1,000 … 1,900 s, median 1,450; the change is the difference.
    expect(priority(north?.previous.responses ?? [], 2).toScene.median).toBe(1450);
    expect(priority(north?.change.responses ?? [], 2).toSceneMedian).toBe(550 - 1450);
  });

  it('suppresses cells under k and what would give them away, in every table', async () => {
    const answer = await table();
    const south = answer.districts.find((d) => d.district === 'South');
    const p3 = priority(south?.current.responses ?? [], 3);
    expect(p3.count).toEqual({ value: null, suppressed: 'fewer_than_k' });
    expect(p3.toScene).toEqual({ median: null, p90: null });
    expect(p3.withinTarget).toBeNull();
    // South's two priority-3 calls against the whole area's 46 (30 + 2 + 3 + 4 and the seven
    // ... ) would be the total minus the rest: a second cell of that column is suppressed.
    const column = [...answer.districts.map((d) => priority(d.current.responses, 3).count)];
    expect(column.filter((c) => c.suppressed !== null).length).toBeGreaterThanOrEqual(1);
    const all = JSON.stringify(answer);
    expect(all).toContain('"complementary"');
    for (const which of ['current', 'previous'] as const) {
      const lines = readerLines(answer, which);
      expect(linesWithOneSuppressed(lines)).toEqual([]);
      expect(recoverableCells(lines)).toEqual([]);
    }
  });

  it('counts calls without a district in the whole area only', async () => {
    const answer = await table();
    const whole = priority(answer.total.current.responses, 3);
    expect(whole.count.value).toBe(30 + 2 + 3 + 4);
    const districtSum = answer.districts.reduce(
      (sum, d) => sum + (priority(d.current.responses, 3).count.value ?? 0),
      0,
    );
    expect(districtSum).toBeLessThan(39);
  });

  it('counts ratings, and hides a rating that the count and the mean would give away', async () => {
    const north = (await table()).districts.find((d) => d.district === 'North');
    const feedback = north?.current.feedback;
    // Ratings 5 ×6, 4 ×3, 3 ×1: count 10, mean 4.5. With only the 3s and 4s hidden, count and
    // mean are two equations in two unknowns; a third rating (the 5s) is hidden with them.
    expect(feedback?.count).toEqual({ value: 10, suppressed: null });
    expect(feedback?.mean).toBe(4.5);
    expect(feedback?.distribution).toBeNull();
    expect(feedback?.ratings.map((r) => r.suppressed)).toEqual([
      'fewer_than_k',
      'fewer_than_k',
      'fewer_than_k',
      'fewer_than_k',
      'complementary',
    ]);
    expect(north?.change.feedbackMean).toBeNull();
  });

  it('answers for one district or one priority with a slice of the whole table', async () => {
    const whole = await table();
    const one = await table(`${WINDOW}&district=South&priority=3`);
    const south = whole.districts.find((d) => d.district === 'South');
    expect(one.districts).toHaveLength(1);
    expect(one.districts[0]?.current.responses).toEqual(
      south?.current.responses.filter((r) => r.priority === 3),
    );
    expect(one.districts[0]?.current.incidents).toEqual(south?.current.incidents);
    expect(one.total.current.responses).toEqual(
      whole.total.current.responses.filter((r) => r.priority === 3),
    );
  });

  it('serves GeoJSON: the district shapes with the same figures', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accountability?${WINDOW}`,
      headers: { accept: 'application/geo+json' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    const collection = response.json<unknown>();
    expect(Value.Check(AccountabilityCollectionSchema, collection)).toBe(true);
    const json = await table();
    const parsed = collection as {
      features: { geometry: { type: string }; properties: unknown }[];
    };
    expect(parsed.features.map((f) => f.geometry.type)).toEqual(['MultiPolygon', 'MultiPolygon']);
    expect(parsed.features.map((f) => f.properties)).toEqual(json.districts);
  });

  it('serves CSV, one figure per row, at .csv and for Accept: text/csv', async () => {
    const byPath = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accountability.csv?${WINDOW}`,
    });
    const byAccept = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accountability?${WINDOW}`,
      headers: { accept: 'text/csv' },
    });
    expect(byPath.statusCode).toBe(200);
    expect(byPath.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.body).toBe(byPath.body);
    const lines = byPath.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"window","from","to","district","figure","priority","category","rating","value","suppressed"',
    );
    expect(lines).toContain(`"current","${FROM}","${TO}","North","to_scene_median",2,"",,550,""`);
    expect(lines).toContain(
      `"current","${FROM}","${TO}","South","responses",3,"",,,"fewer_than_k"`,
    );
    // Whole area: an empty district.
    expect(
      lines.some((line) => line.startsWith(`"current","${FROM}","${TO}","","responses",3,`)),
    ).toBe(true);
  });

  it('may be cached briefly, with an ETag that answers 304 while nothing changed', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/api/v1/accountability?${WINDOW}` });
    expect(first.headers['cache-control']).toBe('public, max-age=10, must-revalidate');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"/);
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accountability?${WINDOW}`,
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(String(first.headers.vary)).toMatch(/Accept/);
  });

  it.each([
    ['from after to', `from=${TO}&to=${FROM}`, 400],
    ['from equal to to', `from=${FROM}&to=${FROM}`, 400],
    ['an unknown priority', `${WINDOW}&priority=9`, 400],
    ['a priority that is not a number', `${WINDOW}&priority=high`, 400],
    ['a bad period', 'period=fortnight', 400],
    ['a bad date', 'from=yesterday', 400],
    ['an unknown parameter', `${WINDOW}&bbox=1,2,3,4`, 400],
    ['a window of decades', 'from=1990-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 400],
    ['an unknown district', `${WINDOW}&district=Atlantis`, 404],
  ])('refuses %s', async (_, query, status) => {
    for (const path of [
      '/api/v1/accountability',
      '/api/v1/accountability.csv',
      '/api/v1/accountability/detail',
    ]) {
      const response = await t.app.inject({ method: 'GET', url: `${path}?${query}` });
      expect(response.statusCode, `${path}?${query}`).toBe(status);
      expect(response.json<{ error: string; message: string }>().error).toMatch(/^[a-z_]+$/);
    }
  });

  it('takes a period ending now, and the previous period of the same length', async () => {
    const answer = await table('period=week');
    const from = Date.parse(answer.period.from);
    const to = Date.parse(answer.period.to);
    expect(to - from).toBe(7 * 86_400_000);
    expect(Math.abs(to - Date.now())).toBeLessThan(60_000);
    expect(Date.parse(answer.previousPeriod.to)).toBe(from);
    expect(from - Date.parse(answer.previousPeriod.from)).toBe(7 * 86_400_000);
  });
});

describe('GET /api/v1/accountability/detail', () => {
  async function detail(query: string): Promise<AccountabilityDetail> {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accountability/detail?${query}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=10, must-revalidate');
    const body = response.json<AccountabilityDetail>();
    expect(Value.Check(AccountabilityDetailSchema, body)).toBe(true);
    return body;
  }

  it('bins time to scene per priority, suppressing bins under k', async () => {
    const north = await detail(`${WINDOW}&district=North&priority=3`);
    expect(north.district).toBe('North');
    expect(north.toScene.map((p) => p.priority)).toEqual([3]);
    const bins = north.toScene[0]?.bins ?? [];
    // North's 30 priority-3 calls reached the scene after 600 … 629 s: all in [600, 900).
    const bin = bins.find((b) => b.fromSeconds === 600);
    expect(bin?.toSeconds).toBe(900);
    expect(bin?.count).toEqual({ value: 30, suppressed: null });
    expect(bins.at(-1)?.toSeconds).toBeNull();
    for (const b of bins) {
      if (b.count.value !== null) expect(b.count.value).toBeGreaterThanOrEqual(north.k);
    }
  });

  it('gives feedback per week with the same suppression', async () => {
    const whole = await detail(WINDOW);
    expect(whole.district).toBeNull();
    // 30 days: four full weeks and a two-day rest.
    expect(whole.feedback).toHaveLength(5);
    expect(whole.feedback[0]?.from).toBe(FROM);
    expect(whole.feedback.at(-1)?.to).toBe(TO);
    // Ten ratings on 2–11 January: 6 in the first week (1–7 January), 4 in the second. The 4
    // is under k, and the 6 would give it back from the period's 10: both are withheld.
    expect(whole.feedback.map((week) => week.count.suppressed)).toEqual([
      'complementary',
      'fewer_than_k',
      'fewer_than_k',
      'fewer_than_k',
      'fewer_than_k',
    ]);
    expect(whole.feedback.every((week) => week.mean === null)).toBe(true);
  });
});
