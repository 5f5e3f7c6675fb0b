import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { PersonRole } from '../../shared/roles.js';
import { createUser, signIn, type SignedIn } from './accounts.js';
import { feedbackUrl, type ResponseFixture } from './response-fixture.js';

export interface Rater extends SignedIn {
  userId: string;
}

/** A new signed-in person (a resident by default; privileged roles pass their second factor). */
export async function newRater(
  app: FastifyInstance,
  pool: pg.Pool,
  role: PersonRole = 'resident',
): Promise<Rater> {
  const user = await createUser(pool, { role, totp: role !== 'resident' });
  return { ...(await signIn(app, user)), userId: user.id };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One request on a response's feedback routes, as a signed-in person (or with given headers). */
export function onFeedback(
  app: FastifyInstance,
  fixture: Pick<ResponseFixture, 'incidentId' | 'responseId'>,
  method: Method,
  suffix: '' | '/mine',
  headers: Record<string, string>,
  payload?: unknown,
) {
  return app.inject({
    method,
    url: feedbackUrl(fixture, suffix),
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export const rate = (
  app: FastifyInstance,
  fixture: Pick<ResponseFixture, 'incidentId' | 'responseId'>,
  rater: { headers: Record<string, string> },
  body: unknown,
) => onFeedback(app, fixture, 'POST', '', rater.headers, body);

/** How many feedback rows and revisions the database holds (bad input must add none). */
export async function feedbackCounts(pool: pg.Pool): Promise<{ rows: number; revisions: number }> {
  const { rows } = await pool.query<{ rows: number; revisions: number }>(
    `SELECT (SELECT count(*)::int FROM feedback) AS rows,
            (SELECT count(*)::int FROM feedback_revisions) AS revisions`,
  );
  return rows[0] ?? { rows: 0, revisions: 0 };
}
