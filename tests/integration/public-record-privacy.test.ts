import { VectorTile } from '@mapbox/vector-tile';
import fc from 'fast-check';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCategory, type PublicPolicy } from '../../shared/categories.js';
import { cellBounds, cellOf, publicLocation, type LonLat } from '../../server/privacy/geomask.js';
import { nextVisibility } from '../../server/incidents/visibility.js';
import { connectListener, type Listener } from '../support/stream-client.js';
import { incidentBody } from '../support/incident-factory.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The public record, taken whole, reveals no more than the cell of the coarsest policy an
 * incident ever had. Three copies of Openbeat, each on its own database, receive the same
 * writes; only the exact place differs:
 * - A and B: two places in one 150 m cell. Everything public must be identical, the live
 *   socket frames included.
 * - A and C: two places in one cell of the coarsest policy the incident reaches (maybe in
 *   different 150 m cells). Everything public afterwards must be identical: REST, exports,
 *   tiles, the audit record and a socket's replay of it.
 * Each incident's response has a step before the changes and one after: its timeline, the
 * responses layer and their events are compared too, and a unit's call sign never shows.
 */

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
const RUNS = 12;

/** One category of each policy, and a second point one. */
const CATEGORIES = ['theft', 'robbery', 'burglary', 'kidnapping', 'domestic-abuse'] as const;
type Category = (typeof CATEGORIES)[number];

interface Patch {
  category?: Category;
  status?: 'responding' | 'resolved';
  priority?: number;
  summary?: string;
}

interface Scenario {
  first: Category;
  patches: Patch[];
  /** Where in its cell each copy's exact place lies, as fractions of width and height. */
  fractions: [number, number][];
}

const fractionArb = fc.double({ min: 0.01, max: 0.99, noNaN: true });
const patchArb: fc.Arbitrary<Patch> = fc.record(
  {
    category: fc.constantFrom(...CATEGORIES),
    status: fc.constantFrom('responding' as const, 'resolved' as const),
    priority: fc.integer({ min: 1, max: 5 }),
    summary: fc.constantFrom('Suspect left on foot', 'Window broken at the back'),
  },
  { requiredKeys: [] },
);
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  first: fc.constantFrom(...CATEGORIES),
  patches: fc.array(patchArb, { minLength: 1, maxLength: 4 }),
  fractions: fc.array(fc.tuple(fractionArb, fractionArb), { minLength: 3, maxLength: 3 }),
});

/**
 * Run first in every run, whatever the seed: a point category coarsened once, across a
 * district border (a district is then always named: random scenarios may all end aggregate
 * or hidden), and the case that once told the two worlds apart by whether `district` was
 * among an update's changes.
 */
const ALWAYS_RUN: [Scenario][] = [
  [
    {
      first: 'robbery',
      patches: [
        {
          category: 'burglary',
          status: 'responding',
          priority: 3,
          summary: 'Suspect left on foot',
        },
      ],
      fractions: [
        [0.16162066137189235, 0.07109726521699106],
        [0.01479677705699155, 0.10237582126868609],
        [0.01, 0.99],
      ],
    },
  ],
];

interface World {
  name: string;
  t: TestApp;
  url: string;
  live: Listener;
}

const worlds: World[] = [];
let runIndex = 0;
/** Times we supply ourselves, the same in every copy; other times are the server's clock. */
const OCCURRED_AT = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000).toISOString();

async function startWorld(name: string): Promise<World> {
  const t = await startTestApp();
  const url = await listen(t);
  return { name, t, url, live: await connectListener(url) };
}

beforeAll(async () => {
  for (const name of ['A', 'B', 'C']) worlds.push(await startWorld(name));
});

afterAll(async () => {
  for (const world of worlds) {
    world.live.close();
    await world.t.close();
  }
});

function policyOf(category: Category): PublicPolicy {
  const found = findCategory(category);
  if (!found) throw new Error(`unknown category ${category}`);
  return found.policy;
}

function coarsestPolicy(scenario: Scenario): PublicPolicy {
  let visibility = policyOf(scenario.first);
  for (const patch of scenario.patches) {
    if (patch.category) visibility = nextVisibility(visibility, policyOf(patch.category));
  }
  return visibility;
}

/** Runs are spread over the globe, far apart, so that no output of one reaches another. */
function runOrigin(index: number): LonLat {
  return { lon: -150 + (index % 20) * 15 + 0.37, lat: -50 + Math.floor(index / 20) * 10 + 0.41 };
}

function placeIn(origin: LonLat, policy: PublicPolicy, [fx, fy]: [number, number]): LonLat {
  const bounds = cellBounds(cellOf(origin, policy === 'hidden' ? 'aggregate' : policy));
  return {
    lon: bounds.west + (bounds.east - bounds.west) * fx,
    lat: bounds.south + (bounds.north - bounds.south) * fy,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
const HASH_KEYS = new Set(['salt', 'hash', 'prevHash', 'contentHash', 'publicHash', 'privateHash']);

/**
 * What may legitimately differ between the copies: ids the database drew, the server's clock,
 * hashes over salted parts. Everything else is compared as it is.
 */
function normalise(value: unknown, incidentId: string): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value, dropHashes);
  return text
    .replaceAll(incidentId, '<incident>')
    .replace(UUID, '<uuid>')
    .replace(ISO_TIME, (time) => (time === OCCURRED_AT ? time : '<time>'));
}

function dropHashes(key: string, value: unknown): unknown {
  return HASH_KEYS.has(key) ? undefined : value;
}

function tileOf(point: LonLat, z: number) {
  const n = 2 ** z;
  const x = Math.floor(((point.lon + 180) / 360) * n);
  const radians = (point.lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.asinh(Math.tan(radians)) / Math.PI) / 2) * n);
  return { z, x, y };
}

function decodeTile(bytes: Buffer) {
  const layers = new VectorTile(new PbfReader(bytes)).layers;
  return Object.fromEntries(
    Object.entries(layers).map(([name, layer]) => [
      name,
      Array.from({ length: layer.length }, (_, i) => {
        const feature = layer.feature(i);
        return { properties: feature.properties, geometry: feature.loadGeometry() };
      }),
    ]),
  );
}

async function get(world: World, url: string) {
  const response = await world.t.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.body };
}

async function getTile(world: World, url: string) {
  const response = await world.t.app.inject({ method: 'GET', url });
  const status = response.statusCode;
  return { status, features: status === 200 ? decodeTile(response.rawPayload) : response.body };
}

/** A source block with an exact house number: only its hundred block may be published. */
const SOURCE_BLOCK = '1234 W Madison St';

/**
 * Two districts, the same in every copy, whose border runs between A's and B's exact places:
 * a district looked up at the exact place instead of the public point would tell them apart.
 */
async function addDistricts(world: World, run: number, origin: LonLat, border: number) {
  const box = (name: string, west: number, east: number) =>
    world.t.db.pool.query(
      `INSERT INTO districts (name, source, geometry)
       VALUES ($1, 'test', ST_Multi(ST_MakeEnvelope($2, $3, $4, $5, 4326)))`,
      [name, west, origin.lat - 0.2, east, origin.lat + 0.2],
    );
  await box(`West ${run}`, origin.lon - 0.2, border);
  await box(`East ${run}`, border, origin.lon + 0.2);
}

async function write(world: World, scenario: Scenario, place: LonLat): Promise<string> {
  const body = incidentBody({
    category: scenario.first,
    summary: 'Bicycle taken from outside the shop',
    block: SOURCE_BLOCK,
    location: place,
    occurredAt: OCCURRED_AT,
    reportedAt: OCCURRED_AT,
  });
  const created = await world.t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(world.t.dispatcherKey),
    payload: body,
  });
  expect(created.statusCode).toBe(201);
  const id = created.json<{ id: string }>().id;
  await recordStep(world, id, 'dispatched', 60_000);
  for (const patch of scenario.patches) {
    const patched = await world.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${id}`,
      headers: bearer(world.t.dispatcherKey),
      payload: patch,
    });
    expect(patched.statusCode).toBe(200);
  }
  await recordStep(world, id, 'on_scene', 600_000);
  return id;
}

/** A unit's call sign: dispatch's alone, never in any public output. */
const UNIT = 'PRIVATE-UNIT-9';

/** A step of the incident's response, at a time after OCCURRED_AT the same in every copy. */
async function recordStep(world: World, id: string, step: string, afterMs: number) {
  const recorded = await world.t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${id}/responses`,
    headers: bearer(world.t.dispatcherKey),
    payload: { step, unit: UNIT, at: new Date(Date.parse(OCCURRED_AT) + afterMs).toISOString() },
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
}

/** Every public output about the run's area, as text that may be compared. */
async function publicOutputs(world: World, id: string, origin: LonLat, since: number) {
  const bbox = [origin.lon - 0.2, origin.lat - 0.2, origin.lon + 0.2, origin.lat + 0.2].join(',');
  const one = await get(world, `/api/v1/incidents/${id}`);
  const shownAt = one.status === 200 ? one.body : null;
  const point = shownAt
    ? (() => {
        const [lon = 0, lat = 0] = (JSON.parse(shownAt) as { geometry: { coordinates: number[] } })
          .geometry.coordinates;
        return { lon, lat };
      })()
    : origin;
  const tiles: Record<string, unknown> = {};
  for (const z of [11, 13, 14, 15, 16]) {
    const tile = tileOf(point, z);
    tiles[`${z}/${tile.x}/${tile.y}`] = await getTile(
      world,
      `/tiles/incidents/${z}/${tile.x}/${tile.y}.mvt`,
    );
  }
  const audit = await get(world, `/api/v1/audit/events?after=${since}&limit=1000`);
  const outputs = {
    one,
    list: await get(world, `/api/v1/incidents?bbox=${bbox}`),
    response: await get(world, `/api/v1/incidents/${id}/response`),
    responses: await get(world, `/api/v1/responses?bbox=${bbox}`),
    geojson: await get(world, `/api/v1/export/incidents.geojson?bbox=${bbox}`),
    csv: await get(world, `/api/v1/export/incidents.csv?bbox=${bbox}`),
    tiles,
    audit: JSON.parse(audit.body) as unknown,
    replay: await replayed(world, bbox, since),
  };
  return normalise(outputs, id);
}

/** What a socket that subscribes with `since` receives of the record (a reconnecting map). */
async function replayed(world: World, bbox: string, since: number) {
  const listener = await connectListener(world.url);
  try {
    const [minLon = 0, minLat = 0, maxLon = 0, maxLat = 0] = bbox.split(',').map(Number);
    const ack = await listener.subscribe({
      bbox: [minLon, minLat, maxLon, maxLat],
      layers: ['incidents', 'responses'],
      since,
    });
    expect(ack.ok).toBe(true);
    await settle(() => listener.events.length);
    return [...listener.events];
  } finally {
    listener.close();
  }
}

/** Waits until a count stops growing for a while (events in flight have arrived). */
async function settle(count: () => number, quietMs = 400, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  let last = -1;
  let quietSince = Date.now();
  while (Date.now() - started < timeoutMs) {
    const now = count();
    if (now !== last) {
      last = now;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Compares two outputs, collecting both again a few times while they differ: frames still in
 * flight on a busy machine must not fail the test, a real difference stays and does.
 */
async function sameEventually(
  first: () => Promise<string>,
  second: () => Promise<string>,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const [one, other] = [await first(), await second()];
    if (one === other || attempt === 4) {
      expect(other).toBe(one);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}

async function headId(world: World): Promise<number> {
  const head = await get(world, '/api/v1/audit/head');
  return (JSON.parse(head.body) as { id: number }).id;
}

describe('the public record of an incident', () => {
  it('is the same for any two exact places in one cell, whatever the changes of category', async () => {
    console.log(`public-record privacy property: seed ${SEED} (FC_SEED=${SEED} replays it)`);
    const shown = { runs: 0, frames: 0, withheld: 0, visible: 0, withBlock: 0, withDistrict: 0 };
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const origin = runOrigin(runIndex);
        runIndex += 1;
        const coarsest = coarsestPolicy(scenario);
        const [fa = [0.5, 0.5], fb = [0.5, 0.5], fc_ = [0.5, 0.5]] = scenario.fractions;
        const places = [
          placeIn(origin, 'point', fa),
          placeIn(origin, 'point', fb),
          placeIn(origin, coarsest, fc_),
        ];
        const border = ((places[0]?.lon ?? 0) + (places[1]?.lon ?? 0)) / 2;
        for (const world of worlds) await addDistricts(world, runIndex, origin, border);
        const live = [origin.lon - 0.2, origin.lat - 0.2, origin.lon + 0.2, origin.lat + 0.2];
        const since: number[] = [];
        for (const world of worlds) {
          world.live.events.splice(0);
          const ack = await world.live.subscribe({
            bbox: live as [number, number, number, number],
            layers: ['incidents', 'responses'],
          });
          expect(ack.ok).toBe(true);
          since.push(await headId(world));
        }
        const ids: string[] = [];
        for (const [index, world] of worlds.entries()) {
          ids.push(await write(world, scenario, places[index] ?? origin));
        }
        const [a, b, c] = worlds as [World, World, World];
        const [idA = '', idB = '', idC = ''] = ids;
        await settle(() => a.live.events.length + b.live.events.length);
        await sameEventually(
          async () => normalise(a.live.events, idA),
          async () => normalise(b.live.events, idB),
        );

        const outputsA = await publicOutputs(a, idA, origin, since[0] ?? 0);
        await sameEventually(
          async () => publicOutputs(a, idA, origin, since[0] ?? 0),
          async () => publicOutputs(b, idB, origin, since[1] ?? 0),
        );
        await sameEventually(
          async () => publicOutputs(a, idA, origin, since[0] ?? 0),
          async () => publicOutputs(c, idC, origin, since[2] ?? 0),
        );

        expect(outputsA).not.toContain(SOURCE_BLOCK);
        expect(outputsA).not.toContain(UNIT);
        expect(normalise(a.live.events, idA)).not.toContain(UNIT);
        if (outputsA.includes('near 12XX W Madison St')) shown.withBlock += 1;
        if (/(?:West|East) \d+/.test(outputsA)) shown.withDistrict += 1;
        shown.runs += 1;
        shown.frames += a.live.events.length;
        if (/"public":null/.test(outputsA)) shown.withheld += 1;
        if (publicLocation(places[0] ?? origin, coarsest)) shown.visible += 1;
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: ALWAYS_RUN },
    );
    console.log(
      `public-record privacy property: ${shown.runs} runs, ${shown.frames} live frames compared, ` +
        `${shown.visible} runs still shown on the map, ${shown.withheld} with withheld parts, ` +
        `${shown.withDistrict} naming a district, ${shown.withBlock} a block`,
    );
    // The property must have been tested on what it is about, not only on hidden incidents.
    expect(shown.frames).toBeGreaterThan(0);
    expect(shown.visible).toBeGreaterThan(0);
    expect(shown.withDistrict).toBeGreaterThan(0);
  }, 240_000);
});
