import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { FeedbackSummary, MyFeedback } from '../../shared/schemas/feedback.js';
import {
  feedbackCounts,
  newRater,
  onFeedback,
  rate,
  type Rater,
} from '../support/feedback-client.js';
import { feedbackUrl, insertResponse, type ResponseFixture } from '../support/response-fixture.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let response: ResponseFixture;
let resident: Rater;

beforeAll(async () => {
  t = await startTestApp();
  response = await insertResponse(t.db.pool);
  resident = await newRater(t.app, t.db.pool);
});

afterAll(async () => {
  await t.close();
});

async function summaryOf(fixture: ResponseFixture): Promise<FeedbackSummary> {
  const answer = await t.app.inject({ url: feedbackUrl(fixture) });
  expect(answer.statusCode).toBe(200);
  return answer.json<FeedbackSummary>();
}

describe('one feedback per person per response', () => {
  it('creates one, refuses a second with 409 feedback_exists, and lets another person rate', async () => {
    const fixture = await insertResponse(t.db.pool);
    const first = await rate(t.app, fixture, resident, { rating: 4 });
    expect(first.statusCode).toBe(201);
    const mine = first.json<MyFeedback>();
    expect(mine).toMatchObject({ rating: 4, comment: null, moderation: 'none', revision: 1 });
    expect(mine.history).toHaveLength(1);

    const second = await rate(t.app, fixture, resident, { rating: 1 });
    expect(second.statusCode).toBe(409);
    expect(second.json<ErrorBody>().error).toBe('feedback_exists');

    const other = await newRater(t.app, t.db.pool);
    expect((await rate(t.app, fixture, other, { rating: 2 })).statusCode).toBe(201);
    expect(await summaryOf(fixture)).toMatchObject({
      count: 2,
      mean: 3,
      distribution: [0, 1, 0, 1, 0],
      comments: [],
    });
  });

  it('two POSTs by one person at the same moment make exactly one row', async () => {
    const fixture = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => rate(t.app, fixture, person, { rating: 1 + (i % 5) })),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const { rows } = await t.db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM feedback WHERE response_id = $1',
      [fixture.responseId],
    );
    expect(rows[0]?.n).toBe(1);
    expect((await summaryOf(fixture)).count).toBe(1);
  });

  it('people rating at the same moment: each event carries the aggregate of all before it', async () => {
    const fixture = await insertResponse(t.db.pool);
    const people = await Promise.all(Array.from({ length: 8 }, () => newRater(t.app, t.db.pool)));
    const answers = await Promise.all(
      people.map((person, i) => rate(t.app, fixture, person, { rating: 1 + (i % 5) })),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(201));
    const { rows } = await t.db.pool.query<{
      public: { feature: { properties: { count: number } } };
    }>(`SELECT public FROM events WHERE entity_type = 'feedback' AND entity_id = $1 ORDER BY id`, [
      fixture.responseId,
    ]);
    // In the order of the chain, the counts are 1, 2, …, 8: no event shows a stale aggregate.
    expect(rows.map((row) => row.public.feature.properties.count)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  it('counts an officer-initiated response too: feedback is about how police handled it', async () => {
    const fixture = await insertResponse(t.db.pool, { officerInitiated: true });
    expect((await rate(t.app, fixture, resident, { rating: 5 })).statusCode).toBe(201);
  });
});

describe('who may rate', () => {
  it('refuses the anonymous (401), API keys (403) and dispatch accounts (403)', async () => {
    const before = await feedbackCounts(t.db.pool);
    const anonymous = await rate(t.app, response, { headers: {} }, { rating: 3 });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<ErrorBody>().error).toBe('sign_in_required');
    for (const key of [t.dispatcherKey, t.moderatorKey]) {
      const keyed = await rate(t.app, response, { headers: bearer(key) }, { rating: 3 });
      expect(keyed.statusCode).toBe(403);
    }
    const dispatcher = await newRater(t.app, t.db.pool, 'dispatcher');
    const refused = await rate(t.app, response, dispatcher, { rating: 5 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().message).toMatch(/dispatch/i);
    for (const suffix of ['/mine'] as const) {
      expect((await onFeedback(t.app, response, 'GET', suffix, {})).statusCode).toBe(401);
      expect(
        (await onFeedback(t.app, response, 'GET', suffix, bearer(t.moderatorKey))).statusCode,
      ).toBe(403);
    }
    expect(await feedbackCounts(t.db.pool)).toEqual(before);
  });

  it('needs the CSRF token with the session cookie', async () => {
    const person = await newRater(t.app, t.db.pool);
    const before = await feedbackCounts(t.db.pool);
    const without = await rate(
      t.app,
      response,
      { headers: { cookie: person.cookie } },
      {
        rating: 3,
      },
    );
    expect(without.statusCode).toBe(403);
    expect(without.json<ErrorBody>().error).toBe('csrf_failed');
    const wrong = await rate(
      t.app,
      response,
      { headers: { cookie: person.cookie, 'x-csrf-token': 'not-the-token' } },
      { rating: 3 },
    );
    expect(wrong.statusCode).toBe(403);
    expect(await feedbackCounts(t.db.pool)).toEqual(before);
  });

  it('answers 404 for a response of another incident, an unknown one, or a hidden incident', async () => {
    const other = await insertResponse(t.db.pool);
    const hidden = await insertResponse(t.db.pool, { category: 'sexual-offences' });
    const aggregate = await insertResponse(t.db.pool, { category: 'stalking-harassment' });
    const mixed = { incidentId: other.incidentId, responseId: response.responseId };
    const unknown = { ...response, responseId: '0190a6d2-7b3c-7def-8123-456789abcdef' };
    for (const fixture of [mixed, unknown, hidden, aggregate]) {
      const posted = await rate(t.app, fixture, resident, { rating: 3 });
      expect(posted.statusCode, JSON.stringify(fixture)).toBe(404);
      expect((await t.app.inject({ url: feedbackUrl(fixture) })).statusCode).toBe(404);
    }
  });
});

describe('bad input answers 400 and writes nothing', () => {
  const LONG = 'x'.repeat(501);
  it.each([
    ['rating 0', { rating: 0 }],
    ['rating 6', { rating: 6 }],
    ['rating 2.5', { rating: 2.5 }],
    ['rating "5"', { rating: '5' }],
    ['no rating', { comment: 'Fast and kind' }],
    ['a comment too long', { rating: 3, comment: LONG }],
    ['a comment with NUL', { rating: 3, comment: 'fine\u0000' }],
    ['an empty comment', { rating: 3, comment: '' }],
    ['an extra field', { rating: 3, userId: 'someone' }],
    ['an array', [{ rating: 3 }]],
  ])('%s', async (_what, body) => {
    const person = await newRater(t.app, t.db.pool);
    const before = await feedbackCounts(t.db.pool);
    const answer = await rate(t.app, response, person, body);
    expect(answer.statusCode).toBe(400);
    expect(answer.json<ErrorBody>().error).toBeTypeOf('string');
    expect(await feedbackCounts(t.db.pool)).toEqual(before);
  });

  it('an edit with nothing, a bad rating or an extra field', async () => {
    const person = await newRater(t.app, t.db.pool);
    expect((await rate(t.app, response, person, { rating: 3 })).statusCode).toBe(201);
    const before = await feedbackCounts(t.db.pool);
    for (const body of [
      {},
      { rating: 6 },
      { rating: '4' },
      { rating: 4, moderation: 'approved' },
    ]) {
      const answer = await onFeedback(t.app, response, 'PATCH', '/mine', person.headers, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await feedbackCounts(t.db.pool)).toEqual(before);
  });

  it('malformed ids answer 400', async () => {
    const answer = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/nope/responses/${response.responseId}/feedback`,
      headers: resident.headers,
      payload: { rating: 3 },
    });
    expect(answer.statusCode).toBe(400);
  });
});
