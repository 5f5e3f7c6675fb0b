import type {
  ModerationDecisionBody,
  ModerationLogEntry,
  ModerationQueueItem,
} from '../../../shared/schemas/moderation.js';
import { jsonInit, request, type Credentials } from './http.js';

/** The moderators' queue and decisions, and the public moderation log (server/moderation). */

/** An open anti-targeting alert, as the queue lists it beside the items. */
export interface ModerationAlert {
  id: string;
  reports: number;
  since: string;
}

export interface ModerationQueue {
  items: ModerationQueueItem[];
  alerts: ModerationAlert[];
}

/** The queue's answer: an array, or `{ items, alerts }`. Oldest first either way. */
export async function fetchModerationQueue(): Promise<ModerationQueue> {
  const answer = await request<ModerationQueueItem[] | Partial<ModerationQueue>>(
    '/api/v1/moderation/queue',
    { cache: 'no-store' },
  );
  const queue = Array.isArray(answer)
    ? { items: answer, alerts: [] }
    : { items: answer.items ?? [], alerts: answer.alerts ?? [] };
  queue.items.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  return queue;
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
  const answer = await request<ModerationLogEntry[] | { entries: ModerationLogEntry[] }>(
    `/api/v1/moderation/log?limit=${limit}`,
  );
  return Array.isArray(answer) ? answer : answer.entries;
}
