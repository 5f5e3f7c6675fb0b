import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { Response } from '../../shared/schemas/response.js';
import { recordTimeline } from '../../server/responses/responses.service.js';
import { incidentBody } from '../support/incident-factory.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

/** Times an hour ago, a minute apart: `at(0)` is when the incident was reported. */
const BASE = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();

async function createIncident(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({ reportedAt: at(0), occurredAt: at(0), ...overrides }),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

function postStep(incidentId: string, body: Record<string, unknown>, headers = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/responses`,
    headers: { ...bearer(t.dispatcherKey), ...headers },
    payload: body,
  });
}

async function step(incidentId: string, body: Record<string, unknown>): Promise<Response> {
  const response = await postStep(incidentId, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Response>();
}

async function incidentStatus(id: string): Promise<{ status: string; officer_initiated: boolean }> {
  const { rows } = await t.db.pool.query<{ status: string; officer_initiated: boolean }>(
    'SELECT status, officer_initiated FROM incidents WHERE id = $1',
    [id],
  );
  if (!rows[0]) throw new Error(`no incident ${id}`);
  return rows[0];
}

/** Everything a refused step must leave as it was. */
async function snapshot() {
  const q = async (sql: string) => (await t.db.pool.query<Record<string, unknown>>(sql)).rows;
  return {
    responses: await q('SELECT * FROM responses ORDER BY id'),
    steps: await q('SELECT * FROM response_steps ORDER BY id'),
    events: await q('SELECT id, type, entity_id FROM events ORDER BY id'),
    incidents: await q(
      'SELECT id, status, officer_initiated, updated_at FROM incidents ORDER BY id',
    ),
  };
}

describe('a valid timeline', () => {
  it('records each step, derives the figures and moves the incident', async () => {
    const id = await createIncident();
    const received = await step(id, { step: 'received', at: at(1) });
    expect(received.state).toBe('received');
    expect((await incidentStatus(id)).status).toBe('open');

    await step(id, { step: 'dispatched', at: at(3), unit: '1A12' });
    expect((await incidentStatus(id)).status).toBe('responding');
    await step(id, { step: 'en_route', at: at(4), unit: '1A12' });
    await step(id, { step: 'on_scene', at: at(11), unit: '1A12' });
    const cleared = await step(id, { step: 'cleared', at: at(41), outcome: 'REPORT TAKEN' });

    expect(cleared.state).toBe('cleared');
    expect(cleared.disposition).toBe('REPORT TAKEN');
    expect(cleared.officerInitiated).toBe(false);
    expect(cleared.figures).toEqual({
      toDispatchSeconds: 120,
      toSceneSeconds: 600,
      onSceneSeconds: 1800,
    });
    expect(cleared.steps.map((s) => [s.step, s.unit])).toEqual([
      ['received', null],
      ['dispatched', '1A12'],
      ['en_route', '1A12'],
      ['on_scene', '1A12'],
      ['cleared', null],
    ]);
    expect((await incidentStatus(id)).status).toBe('resolved');

    const row = (
      await t.db.pool.query<Record<string, unknown>>(
        `SELECT state, category, priority, extract(epoch FROM on_scene_at - received_at) AS scene
         FROM responses WHERE incident_id = $1`,
        [id],
      )
    ).rows[0];
    expect(row).toEqual({ state: 'cleared', category: 'theft', priority: 3, scene: '600.000000' });

    const statusEvents = (
      await t.db.pool.query<{ changes: string[] }>(
        `SELECT public->'changes' AS changes FROM events
         WHERE entity_type = 'incident' AND entity_id = $1 AND type = 'incident.updated'`,
        [id],
      )
    ).rows;
    expect(statusEvents.map((e) => e.changes)).toEqual([['status'], ['status']]);
  });

  it('opens with an implicit received at the report time when the first step is later', async () => {
    const id = await createIncident();
    const view = await step(id, { step: 'dispatched', at: at(5) });
    expect(view.steps.map((s) => [s.step, s.at])).toEqual([
      ['received', at(0)],
      ['dispatched', at(5)],
    ]);
    expect(view.figures.toDispatchSeconds).toBe(300);
  });

  it('marks an officer-initiated call on the response and the incident, without response times', async () => {
    const id = await createIncident();
    await step(id, { step: 'received', at: at(2), officerInitiated: true });
    await step(id, { step: 'on_scene', at: at(2) });
    const view = await step(id, { step: 'cleared', at: at(12) });
    expect(view.officerInitiated).toBe(true);
    expect(view.figures).toEqual({
      toDispatchSeconds: null,
      toSceneSeconds: null,
      onSceneSeconds: 600,
    });
    expect(await incidentStatus(id)).toEqual({ status: 'resolved', officer_initiated: true });
  });

  it('writes a whole timeline for the importer and simulator, through the same rules', async () => {
    const id = await createIncident();
    const origin = { author: { keyId: 'simulator', source: 'simulator' } };
    const view = await recordTimeline(t.app.records, origin, id, [
      { step: 'received', at: at(0) },
      { step: 'dispatched', at: at(1) },
      { step: 'on_scene', at: at(6) },
      { step: 'cleared', at: at(20), disposition: 'GOA' },
    ]);
    expect(view.figures.toSceneSeconds).toBe(360);

    const other = await createIncident();
    const before = await snapshot();
    await expect(
      recordTimeline(t.app.records, origin, other, [
        { step: 'received', at: at(0) },
        { step: 'on_scene', at: at(6) },
      ]),
    ).rejects.toMatchObject({ code: 'STEP_OUT_OF_ORDER' });
    expect(await snapshot()).toEqual(before);
  });

  it('replays a step sent again with its Idempotency-Key', async () => {
    const id = await createIncident();
    const key = { 'idempotency-key': `step-${id}` };
    const first = await postStep(id, { step: 'dispatched', at: at(2) }, key);
    const again = await postStep(id, { step: 'dispatched', at: at(2) }, key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const { rows } = await t.db.pool.query(
      'SELECT count(*)::int AS n FROM response_steps s JOIN responses r ON r.id = s.response_id WHERE r.incident_id = $1',
      [id],
    );
    expect(rows[0]).toEqual({ n: 2 });
  });
});

describe('corrections', () => {
  it('keep both steps visible and recompute the figures from the standing one', async () => {
    const id = await createIncident();
    await step(id, { step: 'received', at: at(0) });
    const dispatched = await step(id, { step: 'dispatched', at: at(5), unit: '2B3' });
    const wrong = dispatched.steps[1];
    if (!wrong) throw new Error('no dispatched step');
    await step(id, { step: 'on_scene', at: at(12) });
    const fixed = await step(id, { step: 'dispatched', at: at(2), supersedes: wrong.id });

    expect(fixed.steps).toHaveLength(4);
    const [, old, , correction] = fixed.steps;
    expect(old).toMatchObject({ id: wrong.id, at: at(5), supersededBy: correction?.id });
    expect(correction).toMatchObject({ step: 'dispatched', at: at(2), supersedes: wrong.id });
    expect(fixed.figures.toDispatchSeconds).toBe(120);
    expect(fixed.figures.toSceneSeconds).toBe(720);
    expect(fixed.state).toBe('on_scene');

    // The cleared step of a cleared response may still be corrected, and moves the figure.
    const cleared = await step(id, { step: 'cleared', at: at(30), disposition: 'ARREST' });
    const clearedStep = cleared.steps.at(-1);
    const recleared = await step(id, {
      step: 'cleared',
      at: at(32),
      disposition: 'CITATION',
      supersedes: clearedStep?.id,
    });
    expect(recleared.figures.onSceneSeconds).toBe(20 * 60);
    expect(recleared.disposition).toBe('CITATION');
  });
});

describe('impossible timelines are refused and write nothing', () => {
  let id: string;
  let otherStepId: string;
  let dispatchedId: string;
  let receivedId: string;

  beforeAll(async () => {
    const other = await createIncident();
    otherStepId = (await step(other, { step: 'received', at: at(0) })).steps[0]?.id ?? '';
    id = await createIncident();
    receivedId = (await step(id, { step: 'received', at: at(1) })).steps[0]?.id ?? '';
    dispatchedId = (await step(id, { step: 'dispatched', at: at(4) })).steps[1]?.id ?? '';
  });

  const future = () => new Date(Date.now() + 10 * 60_000).toISOString();

  it.each([
    [
      'on scene before dispatch (time)',
      () => ({ step: 'on_scene', at: at(3) }),
      409,
      'step_before_previous',
    ],
    ['a step in the future', () => ({ step: 'en_route', at: future() }), 422, 'step_in_future'],
    ['a repeated kind', () => ({ step: 'dispatched', at: at(5) }), 409, 'duplicate_step'],
    [
      'a correction of another kind',
      () => ({ step: 'received', at: at(1), supersedes: dispatchedId }),
      409,
      'bad_supersedes',
    ],
    [
      "a correction of another response's step",
      () => ({ step: 'received', at: at(1), supersedes: otherStepId }),
      409,
      'bad_supersedes',
    ],
    [
      'officer-initiated on a later step',
      () => ({ step: 'en_route', at: at(5), officerInitiated: true }),
      422,
      'officer_initiated_not_first',
    ],
    [
      'a correction past the next step',
      () => ({ step: 'received', at: at(6), supersedes: receivedId }),
      409,
      'step_after_next',
    ],
    [
      'a supersedes that names no step id',
      () => ({ step: 'received', at: at(1), supersedes: 'x' }),
      400,
      'invalid_request',
    ],
  ] as const)('%s', async (_name, body, status, code) => {
    const before = await snapshot();
    const response = await postStep(id, body());
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json<ErrorBody>().error).toBe(code);
    expect(await snapshot()).toEqual(before);
  });

  it('on scene before any dispatch', async () => {
    const fresh = await createIncident();
    await step(fresh, { step: 'received', at: at(0) });
    const before = await snapshot();
    const response = await postStep(fresh, { step: 'on_scene', at: at(5) });
    expect(response.statusCode).toBe(409);
    expect(response.json<ErrorBody>().error).toBe('step_out_of_order');
    expect(await snapshot()).toEqual(before);
  });

  it('any step after cleared', async () => {
    const fresh = await createIncident();
    await step(fresh, { step: 'received', at: at(0) });
    const view = await step(fresh, { step: 'cleared', at: at(5) });
    const received = view.steps[0]?.id;
    const before = await snapshot();
    for (const body of [
      { step: 'dispatched', at: at(6) },
      { step: 'received', at: at(1), supersedes: received },
    ]) {
      const response = await postStep(fresh, body);
      expect(response.statusCode).toBe(409);
      expect(response.json<ErrorBody>().error).toBe('step_after_cleared');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a step of an unknown incident', async () => {
    const response = await postStep('0190a6d2-7b3c-7def-8123-456789abcdef', { step: 'received' });
    expect(response.statusCode).toBe(404);
  });

  it('figures sent as input', async () => {
    const response = await postStep(id, { step: 'on_scene', at: at(9), toSceneSeconds: 1 });
    expect(response.statusCode).toBe(400);
  });
});

describe('concurrent steps', () => {
  it('serialise on the response: one dispatched stands, the other is a duplicate', async () => {
    const id = await createIncident();
    const answers = await Promise.all(
      [2, 3, 4].map((m) => postStep(id, { step: 'dispatched', at: at(m) })),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    const { rows } = await t.db.pool.query(
      `SELECT count(*)::int AS responses, (SELECT count(*)::int FROM response_steps s
         JOIN responses r ON r.id = s.response_id WHERE r.incident_id = $1) AS steps
       FROM responses WHERE incident_id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({ responses: 1, steps: 2 });
  });
});
