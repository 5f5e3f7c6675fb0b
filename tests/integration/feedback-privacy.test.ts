import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import type { FeedbackCollection, MyFeedback } from '../../shared/schemas/feedback.js';
import { newRater, rate, type Rater } from '../support/feedback-client.js';
import { feedbackUrl, insertResponse, type ResponseFixture } from '../support/response-fixture.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

// Every public output of the feedback feature, searched for what must never be in it: who
// rated (account id, e-mail address) and the comment as written before a moderator let it
// through (and the part a redaction took out).

const BBOX: [number, number, number, number] = [-88, 41.5, -87, 42.2];
const RAW = 'Officer Quimby at 12 Elm Street took forty minutes';
const REDACTED = '[…] took forty minutes';
const PENDING = 'Never saw anything so slow, sergeant Wiggum';

let t: TestApp;
let publicSocket: Listener;
let dispatchSocket: Listener;
let fixture: ResponseFixture;
let author: Rater;
let authorEmail: string;
let other: Rater;
let redactedId: string;

beforeAll(async () => {
  t = await startTestApp();
  const url = await listen(t);
  publicSocket = await connectListener(url);
  dispatchSocket = await connectListener(url, { token: t.dispatcherKey });
  for (const listener of [publicSocket, dispatchSocket]) {
    expect(await listener.subscribe({ bbox: BBOX, layers: ['feedback'] })).toMatchObject({
      ok: true,
    });
  }
  fixture = await insertResponse(t.db.pool);
  author = await newRater(t.app, t.db.pool);
  other = await newRater(t.app, t.db.pool);
  authorEmail = (
    await t.db.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [
      author.userId,
    ])
  ).rows[0]?.email as string;
  const written = await rate(t.app, fixture, author, { rating: 2, comment: RAW });
  redactedId = written.json<MyFeedback>().id;
  const redaction = await t.app.inject({
    method: 'POST',
    url: `/api/v1/moderation/feedback/${redactedId}`,
    headers: bearer(t.moderatorKey),
    payload: { decision: 'redact', reason: 'names_an_officer', redactedText: REDACTED },
  });
  expect(redaction.statusCode).toBe(200);
  expect((await rate(t.app, fixture, other, { rating: 5, comment: PENDING })).statusCode).toBe(201);
});

afterAll(async () => {
  publicSocket.close();
  dispatchSocket.close();
  await t.close();
});

function expectClean(output: string, what: string): void {
  for (const secret of [
    author.userId,
    other.userId,
    authorEmail,
    'Quimby',
    'Elm Street',
    'Wiggum',
    PENDING,
  ]) {
    expect(output, `${what} carries ${secret}`).not.toContain(secret);
  }
}

describe('public outputs of feedback', () => {
  it('the summary: the aggregate and the redacted comment only', async () => {
    const answer = await t.app.inject({ url: feedbackUrl(fixture) });
    expect(answer.json()).toMatchObject({
      count: 2,
      mean: 3.5,
      comments: [{ rating: 2, comment: REDACTED }],
    });
    expectClean(answer.body, 'GET summary');
  });

  it('the layer: one feature per response at the public point, nothing else', async () => {
    const answer = await t.app.inject({ url: `/api/v1/feedback?bbox=${BBOX.join(',')}` });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/application\/geo\+json/);
    const collection = answer.json<FeedbackCollection>();
    expect(collection.features).toHaveLength(1);
    const [feature] = collection.features;
    expect(feature).toMatchObject({
      id: fixture.responseId,
      geometry: { type: 'Point', coordinates: fixture.publicPoint },
      properties: { incidentId: fixture.incidentId, count: 2, distribution: [0, 1, 0, 0, 1] },
    });
    expectClean(answer.body, 'GET /api/v1/feedback');
    const outside = await t.app.inject({ url: '/api/v1/feedback?bbox=10,10,11,11' });
    expect(outside.json<FeedbackCollection>().features).toEqual([]);
    const bad = await t.app.inject({ url: '/api/v1/feedback?bbox=1,2,3' });
    expect(bad.statusCode).toBe(400);
  });

  it('the live stream: the public and dispatch get the same aggregate, never one rating', async () => {
    const about = (events: StreamEvent[]) =>
      events.filter((event) => event.feature.id === fixture.responseId);
    await waitFor(
      () => about(publicSocket.events).length >= 3 && about(dispatchSocket.events).length >= 3,
      'the feedback events on both sockets',
    );
    const last = about(publicSocket.events).at(-1);
    expect(last).toMatchObject({
      layer: 'feedback',
      type: 'updated',
      feature: { geometry: { coordinates: fixture.publicPoint }, properties: { count: 2 } },
    });
    expect(about(dispatchSocket.events).map((event) => event.feature)).toEqual(
      about(publicSocket.events).map((event) => event.feature),
    );
    expectClean(JSON.stringify(publicSocket.events), 'public socket');
    expectClean(JSON.stringify(dispatchSocket.events), 'dispatch socket');
  });

  it('the public record and the moderation log', async () => {
    const record = await t.app.inject({ url: '/api/v1/audit/events?after=0&limit=1000' });
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('feedback.changed');
    expectClean(record.body, 'audit events');
    // The comment as written is in the record all the same: in the private part, for auditors.
    const { rows } = await t.db.pool.query<{ private: string }>(
      `SELECT private::text FROM events WHERE entity_type = 'feedback'`,
    );
    expect(rows.some((row) => row.private.includes('Quimby'))).toBe(true);
    expect(rows.some((row) => row.private.includes(author.userId))).toBe(false);
    const log = await t.app.inject({ url: '/api/v1/moderation/log' });
    expect(log.body).toContain(redactedId);
    expectClean(log.body, 'moderation log');
  });

  it('feedback on an incident later kept out of view: not_shown, 404, not on the layer', async () => {
    const later = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    const mine = (
      await rate(t.app, later, person, { rating: 1, comment: 'Slow to arrive' })
    ).json<MyFeedback>();
    // A recategorisation to a hidden category (the incidents feature withholds its own events).
    await t.db.pool.query(
      `UPDATE incidents SET category = 'sexual-offences', visibility = 'hidden',
         public_location = NULL WHERE id = $1`,
      [later.incidentId],
    );
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/feedback/${mine.id}`,
      headers: bearer(t.moderatorKey),
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    });
    expect(decided.statusCode).toBe(200);
    const { rows } = await t.db.pool.query<{ public: Record<string, unknown> }>(
      `SELECT public FROM events WHERE entity_type = 'feedback' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]?.public).toMatchObject({ visibility: 'not_shown' });
    expect(rows[0]?.public).not.toHaveProperty('entityId');
    expect((await t.app.inject({ url: feedbackUrl(later) })).statusCode).toBe(404);
    const layer = await t.app.inject({ url: '/api/v1/feedback' });
    expect(layer.body).not.toContain(later.responseId);
  });

  it('a recategorisation that coarsens the incident withholds its earlier feedback events', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: { category: 'theft', priority: 3, summary: 'Bicycle taken', location: EXACT },
    });
    expect(created.statusCode).toBe(201);
    const incidentId = created.json<{ id: string }>().id;
    const later = await responseOf(incidentId);
    await rate(t.app, later, await newRater(t.app, t.db.pool), { rating: 4 });
    await rate(t.app, later, await newRater(t.app, t.db.pool), { rating: 2 });
    const publicBefore = await feedbackPublicParts(later.responseId);
    expect(publicBefore.filter((part) => part !== null)).toHaveLength(2);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${incidentId}`,
      headers: bearer(t.dispatcherKey),
      payload: { category: 'sexual-offences' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await feedbackPublicParts(later.responseId)).toEqual([null, null]);
    const withheld = await t.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM withheld_event_parts AS w JOIN events AS e ON e.id = w.event_id
       WHERE e.entity_type = 'feedback' AND e.entity_id = $1 AND w.reason = 'policy_coarsened'`,
      [later.responseId],
    );
    expect(withheld.rows[0]?.n).toBe(2);
    // Rated again afterwards: not shown, and nobody may address it publicly.
    const third = await rate(t.app, later, await newRater(t.app, t.db.pool), { rating: 1 });
    expect(third.statusCode).toBe(404);
  });
});

const EXACT = { lon: -87.6301, lat: 41.8801 };

/** A responses row for an incident made through the API (tests/support/response-fixture.ts). */
async function responseOf(incidentId: string): Promise<ResponseFixture> {
  const responseId = randomUUID();
  await t.db.pool.query(
    `INSERT INTO responses (id, incident_id, category, priority, state, received_at, source,
       created_at, updated_at)
     SELECT $1, id, category, priority, 'received', reported_at, 'test-cad', now(), now()
     FROM incidents WHERE id = $2`,
    [responseId, incidentId],
  );
  return { incidentId, responseId, publicPoint: null };
}

async function feedbackPublicParts(responseId: string): Promise<unknown[]> {
  const { rows } = await t.db.pool.query<{ public: unknown }>(
    `SELECT public FROM events WHERE entity_type = 'feedback' AND entity_id = $1 ORDER BY id`,
    [responseId],
  );
  return rows.map((row) => row.public);
}
