import { expect } from 'vitest';
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import {
  FeedbackFeaturePropertiesSchema,
  FeedbackFeatureSchema,
  FeedbackSummarySchema,
  MyFeedbackSchema,
} from '../../shared/schemas/feedback.js';
import type { Caller, Identity } from './authz-callers.js';
import { expectSchemaFields } from './authz-fixtures.js';
import { BBOX, get, type Request, type Row, type World } from './authz-rows.js';
import { collectionOf } from './authz-table.js';
import { insertUser } from './moderation-fixtures.js';
import { feedbackUrl, insertResponse, type ResponseFixture } from './response-fixture.js';

/** The fields of the feedback layer's feature, on REST and on sockets alike (no exact view). */
export function feedbackView(caller: Caller, feature: unknown): void {
  expectSchemaFields(feature, FeedbackFeatureSchema, caller);
  expectSchemaFields(
    (feature as { properties: unknown }).properties,
    FeedbackFeaturePropertiesSchema,
    `${caller} feedback properties`,
  );
}

/** A feedback comment waiting for a moderator, written straight to the table (no event yet). */
async function pendingFeedback(pool: pg.Pool): Promise<string> {
  const { responseId } = await insertResponse(pool);
  const id = randomUUID();
  await pool.query(
    `INSERT INTO feedback (id, response_id, user_id, rating, comment, moderation, created_at,
       updated_at) VALUES ($1, $2, $3, 3, 'They came quickly', 'pending', now(), now())`,
    [id, responseId, await insertUser(pool)],
  );
  await pool.query(
    `INSERT INTO feedback_revisions (feedback_id, revision, rating, comment, created_at)
     VALUES ($1, 1, 3, 'They came quickly', now())`,
    [id],
  );
  return id;
}

/**
 * A fresh response, rated by this caller first where the caller may rate at all (the /mine
 * routes then find the caller's own feedback; the others are refused before looking).
 */
async function ratedBy(w: World, who: Identity): Promise<ResponseFixture> {
  const fixture = await insertResponse(w.t.db.pool);
  await w.t.app.inject({
    method: 'POST',
    url: feedbackUrl(fixture),
    headers: who.headers,
    payload: { rating: 4 },
  });
  return fixture;
}

const mine =
  (method: Request['method'], payload?: object) =>
  (w: () => World) =>
  async ({ who }: { who: Identity }): Promise<Request> => ({
    method,
    url: feedbackUrl(await ratedBy(w(), who), '/mine'),
    ...(payload ? { payload } : {}),
  });

const FEEDBACK = '/api/v1/incidents/:id/responses/:responseId/feedback';

/** The matrix's rows for feedback on police responses (issue 13, part 3). */
export function feedbackRows(w: () => World): Row[] {
  return [
    {
      route: `POST ${FEEDBACK}`,
      access: 'raters',
      ok: 201,
      request: async () => ({
        method: 'POST',
        url: feedbackUrl(await insertResponse(w().t.db.pool)),
        payload: { rating: 3, comment: 'Polite and quick' },
      }),
      view: (caller, body) => {
        expectSchemaFields(body, MyFeedbackSchema, caller);
      },
    },
    {
      route: `GET ${FEEDBACK}`,
      access: 'anyone',
      ok: 200,
      request: () => get(feedbackUrl(w().ratedResponse))(),
      view: (caller, body) => {
        expectSchemaFields(body, FeedbackSummarySchema, caller);
        expect((body as { count: number }).count, caller).toBeGreaterThan(0);
      },
    },
    {
      route: `GET ${FEEDBACK}/mine`,
      access: 'raters',
      ok: 200,
      request: mine('GET')(w),
      view: (caller, body) => {
        expectSchemaFields(body, MyFeedbackSchema, caller);
      },
    },
    {
      route: `PATCH ${FEEDBACK}/mine`,
      access: 'raters',
      ok: 200,
      request: mine('PATCH', { rating: 2 })(w),
    },
    { route: `DELETE ${FEEDBACK}/mine`, access: 'raters', ok: 200, request: mine('DELETE')(w) },
    {
      route: 'GET /api/v1/feedback',
      access: 'anyone',
      ok: 200,
      request: get(`/api/v1/feedback?bbox=${BBOX}`),
      view: collectionOf(feedbackView),
    },
    {
      route: 'POST /api/v1/moderation/:kind/:id (feedback)',
      access: 'moderation',
      ok: 200,
      request: async () => ({
        method: 'POST',
        url: `/api/v1/moderation/feedback/${await pendingFeedback(w().t.db.pool)}`,
        payload: { decision: 'approve', reason: 'fits_guidelines' },
      }),
    },
  ];
}
