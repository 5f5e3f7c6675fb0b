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
