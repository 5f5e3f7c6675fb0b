import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { FeedbackSummary, MyFeedback } from '../../shared/schemas/feedback.js';
import { newRater, onFeedback, rate, type Rater } from '../support/feedback-client.js';
import { feedbackUrl, insertResponse, type ResponseFixture } from '../support/response-fixture.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

async function summaryOf(fixture: ResponseFixture): Promise<FeedbackSummary> {
  const answer = await t.app.inject({ url: feedbackUrl(fixture) });
  expect(answer.statusCode).toBe(200);
  return answer.json<FeedbackSummary>();
}

const edit = (fixture: ResponseFixture, rater: Rater, body: object) =>
  onFeedback(t.app, fixture, 'PATCH', '/mine', rater.headers, body);

describe('editing keeps the history', () => {
  it('adds a revision per edit, in order; the summary and the row use the latest', async () => {
    const fixture = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    expect((await rate(t.app, fixture, person, { rating: 2 })).statusCode).toBe(201);
    expect((await edit(fixture, person, { rating: 3 })).statusCode).toBe(200);
    const withComment = await edit(fixture, person, { comment: 'They came within minutes' });
    expect(withComment.statusCode).toBe(200);
    expect(withComment.json<MyFeedback>()).toMatchObject({
      rating: 3,
      comment: 'They came within minutes',
      moderation: 'pending',
      revision: 3,
    });
    const last = await edit(fixture, person, { rating: 5, comment: null });
    const mine = last.json<MyFeedback>();
    expect(mine).toMatchObject({ rating: 5, comment: null, moderation: 'none', revision: 4 });
    expect(
      mine.history.map(({ revision, rating, comment }) => [revision, rating, comment]),
    ).toEqual([
      [1, 2, null],
      [2, 3, null],
      [3, 3, 'They came within minutes'],
      [4, 5, null],
    ]);
    const fetched = await onFeedback(t.app, fixture, 'GET', '/mine', person.headers);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.json<MyFeedback>()).toEqual(mine);
    expect(await summaryOf(fixture)).toMatchObject({
      count: 1,
      mean: 5,
      distribution: [0, 0, 0, 0, 1],
    });
  });

  it('an edit that changes nothing adds no revision', async () => {
    const fixture = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    await rate(t.app, fixture, person, { rating: 4 });
    const same = await edit(fixture, person, { rating: 4 });
    expect(same.statusCode).toBe(200);
    expect(same.json<MyFeedback>().revision).toBe(1);
  });

  it('a revision cannot be rewritten in SQL: feedback_revisions is append-only', async () => {
    const fixture = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    const { id } = (await rate(t.app, fixture, person, { rating: 4 })).json<MyFeedback>();
    await expect(
      t.db.pool.query('UPDATE feedback_revisions SET rating = 1 WHERE feedback_id = $1', [id]),
    ).rejects.toThrow();
  });

  it('GET, PATCH and DELETE …/mine answer 404 to a person without feedback there', async () => {
    const fixture = await insertResponse(t.db.pool);
    const person = await newRater(t.app, t.db.pool);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { rating: 3 }],
      ['DELETE', undefined],
    ] as const) {
      const answer = await onFeedback(t.app, fixture, method, '/mine', person.headers, body);
      expect(answer.statusCode, method).toBe(404);
    }
  });
});

describe('withdrawing', () => {
  it('takes the rating out of the count and the comment out of view; an edit brings it back', async () => {
    const fixture = await insertResponse(t.db.pool);
    const [a, b] = [await newRater(t.app, t.db.pool), await newRater(t.app, t.db.pool)];
    await rate(t.app, fixture, a, { rating: 1, comment: 'Nobody came for an hour' });
    await rate(t.app, fixture, b, { rating: 5 });
    const queue = await t.app.inject({
      url: '/api/v1/moderation/queue',
      headers: bearer(t.moderatorKey),
    });
    const item = queue
      .json<{ feedback: { id: string; text: string }[] }>()
      .feedback.find((entry) => entry.text === 'Nobody came for an hour');
    expect(item).toBeDefined();
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/feedback/${item?.id ?? ''}`,
      headers: bearer(t.moderatorKey),
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    });
    expect(approved.statusCode).toBe(200);
    expect(await summaryOf(fixture)).toMatchObject({ count: 2, mean: 3 });
    expect((await summaryOf(fixture)).comments).toHaveLength(1);

    const withdrawn = await onFeedback(t.app, fixture, 'DELETE', '/mine', a.headers);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json<MyFeedback>().moderation).toBe('withdrawn');
    expect(await summaryOf(fixture)).toMatchObject({
      count: 1,
      mean: 5,
      distribution: [0, 0, 0, 0, 1],
      comments: [],
    });
    // Withdrawing twice changes nothing; a new POST is still "edit instead".
    expect((await onFeedback(t.app, fixture, 'DELETE', '/mine', a.headers)).statusCode).toBe(200);
    const again = await rate(t.app, fixture, a, { rating: 2 });
    expect(again.json<ErrorBody>().error).toBe('feedback_exists');

    // An edit brings it back, its comment through moderation again.
    const back = await edit(fixture, a, { rating: 2 });
    expect(back.json<MyFeedback>()).toMatchObject({ rating: 2, moderation: 'pending' });
    expect(await summaryOf(fixture)).toMatchObject({ count: 2, mean: 3.5, comments: [] });
  });
});
