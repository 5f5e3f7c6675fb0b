import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type {
  FeedbackQueueItem,
  FeedbackSummary,
  MyFeedback,
} from '../../shared/schemas/feedback.js';
import type {
  ModerationDecisionBody,
  ModerationLogEntry,
  ModerationQueue,
} from '../../shared/schemas/moderation.js';
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

async function queued(id: string): Promise<FeedbackQueueItem | undefined> {
  const answer = await t.app.inject({
    url: '/api/v1/moderation/queue',
    headers: bearer(t.moderatorKey),
  });
  expect(answer.statusCode).toBe(200);
  expect(answer.headers['cache-control']).toBe('no-store');
  return answer.json<ModerationQueue>().feedback.find((item) => item.id === id);
}

const decide = (id: string, body: ModerationDecisionBody) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/moderation/feedback/${id}`,
    headers: bearer(t.moderatorKey),
    payload: body,
  });

async function commentAs(
  text: string,
  rating = 2,
): Promise<{ fixture: ResponseFixture; mine: MyFeedback; rater: Rater }> {
  const fixture = await insertResponse(t.db.pool);
  const rater = await newRater(t.app, t.db.pool);
  const answer = await rate(t.app, fixture, rater, { rating, comment: text });
  expect(answer.statusCode).toBe(201);
  return { fixture, mine: answer.json<MyFeedback>(), rater };
}

describe('comments wait for a moderator', () => {
  it.each([
    ['Officer Smith was rude to my neighbour', 'officer_named'],
    ['The one with badge 1234 shouted at us', 'officer_named'],
    ['#4521 never got out of the car', 'officer_named'],
    ['unit 3A12 took an hour', 'officer_named'],
    ['Call me on 0151 23456789 about it', 'phone_number'],
  ])('holds %j for %s, and says so to its author and the moderator', async (text, rule) => {
    const { mine } = await commentAs(text);
    expect(mine.moderation).toBe('held');
    expect(mine.heldFor).toContain(rule);
    const item = await queued(mine.id);
    expect(item).toMatchObject({ kind: 'feedback', text, state: 'held', rating: 2 });
    expect(item?.heldFor).toContain(rule);
    expect(JSON.stringify(item)).not.toMatch(/user|email/i);
  });

  it('a comment without findings is pending; a rating alone needs nobody (none)', async () => {
    const { mine, fixture } = await commentAs('Quick and calm, thank you');
    expect(mine).toMatchObject({ moderation: 'pending', heldFor: [], publicComment: null });
    expect(await queued(mine.id)).toMatchObject({ state: 'pending' });
    const plain = await rate(t.app, fixture, await newRater(t.app, t.db.pool), { rating: 5 });
    expect(plain.json<MyFeedback>().moderation).toBe('none');
    expect(await queued(plain.json<MyFeedback>().id)).toBeUndefined();
    // Unmoderated text is never public; the ratings count at once.
    expect(await summaryOf(fixture)).toMatchObject({ count: 2, comments: [] });
  });
});

describe('decisions', () => {
  it('approve publishes the comment as written, without its author', async () => {
    const { mine, fixture } = await commentAs('Quick and calm, thank you', 4);
    const answer = await decide(mine.id, { decision: 'approve', reason: 'fits_guidelines' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      state: 'approved',
      publicText: 'Quick and calm, thank you',
    });
    const summary = await summaryOf(fixture);
    expect(summary.comments).toEqual([
      { rating: 4, comment: 'Quick and calm, thank you', at: expect.any(String) as string },
    ]);
    expect(await queued(mine.id)).toBeUndefined();
  });

  it('redact publishes only the redaction; the name never reaches the public', async () => {
    const text = 'Officer Smith was rude to my neighbour';
    const { mine, fixture, rater } = await commentAs(text);
    const bad = await decide(mine.id, {
      decision: 'redact',
      reason: 'names_an_officer',
      redactedText: 'An officer was rude to my neighbour',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error).toBe('not_a_redaction');
    const redacted = '[…] was rude to my neighbour';
    const answer = await decide(mine.id, {
      decision: 'redact',
      reason: 'names_an_officer',
      redactedText: redacted,
    });
    expect(answer.statusCode).toBe(200);
    const summary = await summaryOf(fixture);
    expect(summary.comments.map((c) => c.comment)).toEqual([redacted]);
    expect(JSON.stringify(summary)).not.toContain('Smith');
    const own = await onFeedback(t.app, fixture, 'GET', '/mine', rater.headers);
    expect(own.json<MyFeedback>()).toMatchObject({ comment: text, publicComment: redacted });

    // A new comment goes back through moderation: the public loses the old one meanwhile.
    const edited = await onFeedback(t.app, fixture, 'PATCH', '/mine', rater.headers, {
      comment: 'Rude, but they came fast',
    });
    expect(edited.json<MyFeedback>()).toMatchObject({ moderation: 'pending', publicComment: null });
    expect((await summaryOf(fixture)).comments).toEqual([]);
  });

  it('reject keeps the comment out and the rating in; hide takes both out', async () => {
    const { mine, fixture } = await commentAs('Officer Smith was rude', 1);
    const rejected = await decide(mine.id, { decision: 'reject', reason: 'names_an_officer' });
    expect(rejected.statusCode).toBe(200);
    expect(await summaryOf(fixture)).toMatchObject({ count: 1, mean: 1, comments: [] });
    const hidden = await decide(mine.id, { decision: 'hide', reason: 'other' });
    expect(hidden.statusCode).toBe(200);
    expect(await summaryOf(fixture)).toMatchObject({ count: 0, mean: null, comments: [] });
  });

  it('refuses decisions the state does not allow, and unknown feedback', async () => {
    const fixture = await insertResponse(t.db.pool);
    const plain = (
      await rate(t.app, fixture, await newRater(t.app, t.db.pool), { rating: 3 })
    ).json<MyFeedback>();
    const approve = await decide(plain.id, { decision: 'approve', reason: 'fits_guidelines' });
    expect(approve.statusCode).toBe(409);
    expect(approve.json<ErrorBody>().error).toBe('decision_not_allowed');
    const unknown = await decide('0190a6d2-7b3c-7def-8123-456789abcdef', {
      decision: 'approve',
      reason: 'fits_guidelines',
    });
    expect(unknown.statusCode).toBe(404);
    const resident = await newRater(t.app, t.db.pool);
    const notModerator = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/feedback/${plain.id}`,
      headers: resident.headers,
      payload: { decision: 'hide', reason: 'other' },
    });
    expect(notModerator.statusCode).toBe(403);
  });

  it('the public log names each decision on feedback, never its text', async () => {
    const text = 'Sgt. Jenkins laughed at us';
    const { mine } = await commentAs(text);
    const answer = await decide(mine.id, {
      decision: 'reject',
      reason: 'names_an_officer',
      note: 'Feedback is about the response, not a named officer',
    });
    const { eventId } = answer.json<{ eventId: number }>();
    const log = await t.app.inject({ url: '/api/v1/moderation/log?limit=500' });
    const entries = log.json<{ entries: ModerationLogEntry[] }>().entries;
    expect(entries.find((entry) => entry.eventId === eventId)).toMatchObject({
      kind: 'feedback',
      targetId: mine.id,
      decision: 'reject',
      reason: 'names_an_officer',
      by: 'moderator',
    });
    expect(log.body).not.toContain('Jenkins');
  });
});
