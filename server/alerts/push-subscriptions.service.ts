import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { PushSubscriptionInput } from '../../shared/schemas/alert.js';
import { NotFoundError } from '../errors.js';
import { PushEndpointRefusedError } from './alert-errors.js';
import { pushEndpointProblem, type PushEndpointPolicy } from './push-endpoint.js';
import { DELETE_SUBSCRIPTION_OF_USER, UPSERT_SUBSCRIPTION } from './push-subscriptions.queries.js';

export async function subscribe(
  db: pg.Pool,
  userId: string,
  subscription: PushSubscriptionInput,
  policy: PushEndpointPolicy,
): Promise<void> {
  const problem = pushEndpointProblem(subscription.endpoint, policy);
  if (problem !== null) throw new PushEndpointRefusedError(problem);
  await db.query(UPSERT_SUBSCRIPTION, [
    randomUUID(),
    userId,
    subscription.endpoint,
    subscription.keys.p256dh,
    subscription.keys.auth,
  ]);
}

export async function unsubscribe(db: pg.Pool, userId: string, endpoint: string): Promise<void> {
  const { rowCount } = await db.query(DELETE_SUBSCRIPTION_OF_USER, [endpoint, userId]);
  if (rowCount === 0) throw new NotFoundError('push subscription');
}
