import type { AppealCreate, PublicAppeal, Tip, TipCreate } from '../../../shared/schemas/appeal.js';
import { deviceHeaders } from './device-token.js';
import { request } from './rest.js';

/** Appeals for information and their tips (server/appeals): tips reach dispatch alone. */

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

export function createAppeal(
  incidentId: string,
  appeal: AppealCreate,
  token?: string,
): Promise<PublicAppeal> {
  return request(`/api/v1/incidents/${encodeURIComponent(incidentId)}/appeal`, post(appeal), token);
}

export function closeAppeal(id: string, thanks: string, token?: string): Promise<PublicAppeal> {
  const body = thanks.trim() ? { thanks: thanks.trim() } : {};
  return request(`/api/v1/appeals/${encodeURIComponent(id)}/close`, post(body), token);
}

export function sendTip(appealId: string, tip: TipCreate): Promise<unknown> {
  return request(
    `/api/v1/appeals/${encodeURIComponent(appealId)}/tips`,
    post(tip, deviceHeaders()),
  );
}

export async function fetchTips(appealId: string, token?: string): Promise<Tip[]> {
  const answer = await request<Tip[] | { items: Tip[] }>(
    `/api/v1/appeals/${encodeURIComponent(appealId)}/tips`,
    {},
    token,
  );
  return Array.isArray(answer) ? answer : answer.items;
}
