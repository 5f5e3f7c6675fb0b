import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { AlertCreate, AlertPolygon } from '../../shared/schemas/alert.js';
import { createUser, signIn, type SignedIn } from './accounts.js';

/** A signed-in resident of a fresh account: its id and its write headers. */
export async function newResident(
  app: FastifyInstance,
  pool: pg.Pool,
): Promise<SignedIn & { id: string }> {
  const user = await createUser(pool, { role: 'resident' });
  return { ...(await signIn(app, user)), id: user.id };
}

/** A closed square ring of `half` degrees each side of a point. */
export function squareAround(lon: number, lat: number, half = 0.01): AlertPolygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
      ],
    ],
  };
}

export function alertBody(overrides: Partial<AlertCreate> = {}): AlertCreate {
  return {
    name: 'Around home',
    area: { kind: 'polygon', polygon: squareAround(-87.6298, 41.8781) },
    categories: [],
    ...overrides,
  };
}

export function postAlert(app: FastifyInstance, who: SignedIn, body: unknown) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/alerts',
    headers: who.headers,
    payload: body as object,
  });
}

/** Waits until the matcher has read every event and nothing due is left undelivered. */
export async function alertsSettled(pool: pg.Pool, now: Date, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const { rows } = await pool.query<{ caught_up: boolean; due: number }>(
      `SELECT (SELECT last_event_id FROM alert_matcher_cursor)
                = (SELECT last_id FROM event_chain_head) AS caught_up,
              (SELECT count(*)::int FROM alert_notifications AS n JOIN alerts AS a ON a.id = n.alert_id
                WHERE n.delivered_at IS NULL AND n.due_at <= $1 AND NOT a.paused) AS due`,
      [now],
    );
    if (rows[0]?.caught_up && rows[0].due === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the alerts');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The notifications of an alert, in event order. */
export async function notificationsOfAlert(pool: pg.Pool, alertId: string) {
  const { rows } = await pool.query<{
    trigger: string;
    event_id: string;
    due_at: Date;
    delivered_at: Date | null;
  }>(
    `SELECT trigger, event_id, due_at, delivered_at FROM alert_notifications
     WHERE alert_id = $1 ORDER BY event_id`,
    [alertId],
  );
  return rows;
}
