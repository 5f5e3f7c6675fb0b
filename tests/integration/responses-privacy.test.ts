import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { IncidentFeature } from '../../shared/schemas/incident-feature.js';
import type { Response, ResponseCollection } from '../../shared/schemas/response.js';
import { createUser, signIn } from '../support/accounts.js';
import { incidentBody } from '../support/incident-factory.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

const CHICAGO_BBOX: [number, number, number, number] = [-88, 41.6, -87.4, 42.1];
const BBOX_QUERY = CHICAGO_BBOX.join(',');
const UNIT = 'UNIT-7Z9';

let t: TestApp;
let url: string;
let publicSocket: Listener;
let dispatchSocket: Listener;

beforeAll(async () => {
  t = await startTestApp();
  url = await listen(t);
  publicSocket = await connectListener(url);
  dispatchSocket = await connectListener(url, { token: t.dispatcherKey });
  for (const socket of [publicSocket, dispatchSocket]) {
    await socket.subscribe({ bbox: CHICAGO_BBOX, layers: ['responses'] });
  }
});

afterAll(async () => {
  publicSocket.close();
  dispatchSocket.close();
  await t.close();
});

const NOW = Math.floor(Date.now() / 1000) * 1000;
const minuteAgo = (n: number) => new Date(NOW - n * 60_000).toISOString();

async function createIncident(overrides: Record<string, unknown> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ reportedAt: minuteAgo(30), ...overrides }),
  });
  expect(response.statusCode).toBe(201);
  return response.json<IncidentFeature & { properties: { publicLocation: unknown } }>();
}

async function step(incidentId: string, body: Record<string, unknown>): Promise<Response> {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/responses`,
    headers: bearer(t.dispatcherKey),
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Response>();
}

/** A response event's feature properties (null for a removal). */
function propertiesOf(event: StreamEvent | undefined) {
  return event?.layer === 'responses' && event.type !== 'removed' ? event.feature.properties : null;
}

function responsesOf(socket: Listener, responseId: string): StreamEvent[] {
  return socket.events.filter((e) => e.layer === 'responses' && e.feature.id === responseId);
}

describe('a shown incident', () => {
  it('streams each step: the public point to the public, the exact point and no unit to dispatch only', async () => {
    const incident = await createIncident();
    const exact = incident.geometry.coordinates;
    const publicPoint = incident.properties.publicLocation as { lon: number; lat: number };
    const first = await step(incident.id, { step: 'dispatched', at: minuteAgo(20), unit: UNIT });
    await step(incident.id, { step: 'on_scene', at: minuteAgo(10), unit: UNIT });

    await waitFor(() => responsesOf(publicSocket, first.id).length === 3, 'three public events');
    await waitFor(
      () => responsesOf(dispatchSocket, first.id).length === 3,
      'three dispatch events',
    );
    const seen = responsesOf(publicSocket, first.id);
    expect(seen.map((e) => e.type)).toEqual(['created', 'updated', 'updated']);
    expect(seen.map((e) => propertiesOf(e)?.state)).toEqual(['received', 'dispatched', 'on_scene']);
    for (const event of seen) {
      expect(event.feature.geometry?.coordinates).toEqual([publicPoint.lon, publicPoint.lat]);
      expect(JSON.stringify(event)).not.toContain(UNIT);
      expect(JSON.stringify(event)).not.toContain(String(exact[0]));
    }
    const last = seen.at(-1);
    expect(propertiesOf(last)?.figures.toSceneSeconds).toBe(1200);
    const dispatch = responsesOf(dispatchSocket, first.id).at(-1);
    expect(dispatch?.feature.geometry?.coordinates).toEqual(exact);
    expect(propertiesOf(dispatch)?.locationPrecision).toBe('exact');

    // The public record: the step without its unit; the unit in the private part alone.
    const { rows } = await t.db.pool.query<{ public: unknown; private: unknown }>(
      `SELECT public, private FROM events WHERE entity_type = 'response' AND entity_id = $1
       ORDER BY id`,
      [first.id],
    );
    expect(rows).toHaveLength(3);
    expect(JSON.stringify(rows.map((r) => r.public))).not.toContain(UNIT);
    expect(rows[1]?.private).toMatchObject({ step: { kind: 'dispatched', unit: UNIT } });
  });

  it('GET shows the public no unit and no exact point, dispatch both', async () => {
    const incident = await createIncident();
    await step(incident.id, { step: 'dispatched', at: minuteAgo(20), unit: UNIT });
    const publicView = await t.app.inject({ url: `/api/v1/incidents/${incident.id}/response` });
    expect(publicView.statusCode).toBe(200);
    expect(publicView.body).not.toContain(UNIT);
    expect(publicView.json<Response>().steps.every((s) => !('unit' in s))).toBe(true);
    const dispatchView = await t.app.inject({
      url: `/api/v1/incidents/${incident.id}/response`,
      headers: bearer(t.dispatcherKey),
    });
    expect(dispatchView.json<Response>().steps[1]?.unit).toBe(UNIT);

    const list = await t.app.inject({ url: `/api/v1/responses?bbox=${BBOX_QUERY}` });
    expect(list.statusCode).toBe(200);
    const features = list.json<ResponseCollection>().features;
    const mine = features.find((f) => f.properties.incidentId === incident.id);
    const publicPoint = incident.properties.publicLocation as { lon: number; lat: number };
    expect(mine?.geometry.coordinates).toEqual([publicPoint.lon, publicPoint.lat]);
    expect(mine?.properties.locationPrecision).toBe('approximate');
    const exactList = await t.app.inject({
      url: `/api/v1/responses?bbox=${BBOX_QUERY}`,
      headers: bearer(t.dispatcherKey),
    });
    const exactMine = exactList
      .json<ResponseCollection>()
      .features.find((f) => f.properties.incidentId === incident.id);
    expect(exactMine?.geometry.coordinates).toEqual(incident.geometry.coordinates);
  });

  it('404 for a shown incident without a response, and for an unknown one', async () => {
    const incident = await createIncident();
    const none = await t.app.inject({ url: `/api/v1/incidents/${incident.id}/response` });
    expect(none.statusCode).toBe(404);
    expect(none.json<ErrorBody>().message).toContain('a response to incident');
  });
});

describe('an incident the public may not single out', () => {
  it('gives its response not_shown publicly: nothing streamed, 404, not listed', async () => {
    const incident = await createIncident({ category: 'domestic-abuse' });
    const view = await step(incident.id, { step: 'dispatched', at: minuteAgo(20), unit: UNIT });
    await waitFor(() => responsesOf(dispatchSocket, view.id).length === 2, 'dispatch events');
    expect(responsesOf(publicSocket, view.id)).toEqual([]);

    const { rows } = await t.db.pool.query<{ public: Record<string, unknown> }>(
      `SELECT public FROM events WHERE entity_type = 'response' AND entity_id = $1`,
      [view.id],
    );
    for (const { public: part } of rows) {
      expect(Object.keys(part).sort()).toEqual(['day', 'entity', 'salt', 'type', 'visibility']);
      expect(part.visibility).toBe('not_shown');
    }
    const get = await t.app.inject({ url: `/api/v1/incidents/${incident.id}/response` });
    expect(get.statusCode).toBe(404);
    expect(get.json<ErrorBody>().message).toContain(`incident ${incident.id}`);
    const dispatchGet = await t.app.inject({
      url: `/api/v1/incidents/${incident.id}/response`,
      headers: bearer(t.dispatcherKey),
    });
    expect(dispatchGet.statusCode).toBe(200);
    const list = await t.app.inject({ url: `/api/v1/responses?bbox=${BBOX_QUERY}` });
    expect(list.json<ResponseCollection>().features.map((f) => f.id)).not.toContain(view.id);
  });

  it('follows a recategorisation: copies move, the old point is removed and withheld', async () => {
    const incident = await createIncident();
    const view = await step(incident.id, { step: 'dispatched', at: minuteAgo(20) });
    await waitFor(() => responsesOf(publicSocket, view.id).length === 2, 'public events');

    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${incident.id}`,
      headers: bearer(t.dispatcherKey),
      payload: { category: 'kidnapping', priority: 1 },
    });
    expect(patch.statusCode).toBe(200);
    const { rows } = await t.db.pool.query<Record<string, unknown>>(
      'SELECT category, priority FROM responses WHERE id = $1',
      [view.id],
    );
    const row = rows[0];
    expect(row).toEqual({ category: 'kidnapping', priority: 1 });
    await waitFor(() => responsesOf(publicSocket, view.id).length === 3, 'the removal');
    expect(responsesOf(publicSocket, view.id).at(-1)?.type).toBe('removed');

    const events = (
      await t.db.pool.query<{ id: number; withheld: boolean; visibility: string | null }>(
        `SELECT e.id::float8 AS id, e.public IS NULL AS withheld, e.public->>'visibility' AS visibility
         FROM events AS e WHERE entity_type = 'response' AND entity_id = $1 ORDER BY id`,
        [view.id],
      )
    ).rows;
    expect(events.map((e) => [e.withheld, e.visibility])).toEqual([
      [true, null],
      [true, null],
      [false, 'not_shown'],
    ]);
    const get = await t.app.inject({ url: `/api/v1/incidents/${incident.id}/response` });
    expect(get.statusCode).toBe(404);
  });
});

describe('who may record a step', () => {
  it('refuses the public, residents and a dispatcher before the second factor', async () => {
    const incident = await createIncident();
    const path = `/api/v1/incidents/${incident.id}/responses`;
    const body = { step: 'received', at: minuteAgo(25) };
    const anonymous = await t.app.inject({ method: 'POST', url: path, payload: body });
    expect(anonymous.statusCode).toBe(401);

    const resident = await signIn(t.app, await createUser(t.db.pool, { role: 'resident' }));
    const asResident = await t.app.inject({
      method: 'POST',
      url: path,
      headers: resident.headers,
      payload: body,
    });
    expect(asResident.statusCode).toBe(403);

    const dispatcher = await createUser(t.db.pool, { role: 'dispatcher', totp: true });
    const unverified = await signIn(t.app, dispatcher, { secondFactor: false });
    const early = await t.app.inject({
      method: 'POST',
      url: path,
      headers: unverified.headers,
      payload: body,
    });
    expect(early.statusCode).toBe(403);
    expect(early.json<ErrorBody>().error).toBe('second_factor_required');
    const moderator = await t.app.inject({
      method: 'POST',
      url: path,
      headers: bearer(t.moderatorKey),
      payload: body,
    });
    expect(moderator.statusCode).toBe(403);
    const { rows } = await t.db.pool.query('SELECT 1 FROM responses WHERE incident_id = $1', [
      incident.id,
    ]);
    expect(rows).toEqual([]);

    const verified = await signIn(t.app, dispatcher);
    const ok = await t.app.inject({
      method: 'POST',
      url: path,
      headers: verified.headers,
      payload: body,
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});
