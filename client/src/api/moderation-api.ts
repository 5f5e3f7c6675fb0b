import type {
  ModerationDecisionBody,
  ModerationLogEntry,
  ModerationQueue,
} from '../../../shared/schemas/moderation.js';
import { jsonInit, request, type Credentials } from './http.js';

/** The moderators' queue and decisions, and the public moderation log (server/moderation). */

export type { ModerationQueue };

/** The items held for a decision, oldest first, and the open anti-targeting alerts. */
export async function fetchModerationQueue(): Promise<ModerationQueue> {
  const queue = await request<ModerationQueue>('/api/v1/moderation/queue', { cache: 'no-store' });
  queue.items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return queue;
}

export function resolveAlert(id: string, credentials: Credentials): Promise<unknown> {
  return request(
    `/api/v1/moderation/alerts/${encodeURIComponent(id)}/resolve`,
    jsonInit('POST', undefined),
    credentials,
  );
}

export function decideObservation(
  id: string,
  body: ModerationDecisionBody,
  credentials: Credentials,
): Promise<unknown> {
  return request(
    `/api/v1/moderation/observation/${encodeURIComponent(id)}`,
    jsonInit('POST', body),
    credentials,
  );
}

export async function fetchModerationLog(limit = 100): Promise<ModerationLogEntry[]> {
  const answer = await request<{ entries: ModerationLogEntry[] }>(
    `/api/v1/moderation/log?limit=${limit}`,
    { cache: 'no-store' },
  );
  return answer.entries;
}
