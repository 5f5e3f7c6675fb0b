import type { AppealCreate, PublicAppeal, Tip, TipCreate } from '../../../shared/schemas/appeal.js';
import { deviceHeaders } from './device-token.js';
import { jsonInit, request, type Credentials } from './http.js';

/** Appeals for information and their tips (server/appeals): tips reach dispatch alone. */

const appealPath = (id: string, action: string) =>
  `/api/v1/appeals/${encodeURIComponent(id)}/${action}`;

export function createAppeal(
  incidentId: string,
  appeal: AppealCreate,
  credentials: Credentials,
): Promise<PublicAppeal> {
  return request(
    `/api/v1/incidents/${encodeURIComponent(incidentId)}/appeal`,
    jsonInit('POST', appeal),
    credentials,
  );
}

export function closeAppeal(
  id: string,
  thanks: string,
  credentials: Credentials,
): Promise<PublicAppeal> {
  const body = thanks.trim() ? { thanks: thanks.trim() } : {};
  return request(appealPath(id, 'close'), jsonInit('POST', body), credentials);
}

export function sendTip(appealId: string, tip: TipCreate, credentials: Credentials) {
  return request(appealPath(appealId, 'tips'), jsonInit('POST', tip, deviceHeaders()), credentials);
}

export async function fetchTips(appealId: string, credentials: Credentials): Promise<Tip[]> {
  const answer = await request<Tip[] | { tips: Tip[] }>(
    appealPath(appealId, 'tips'),
    { cache: 'no-store' },
    credentials,
  );
  return Array.isArray(answer) ? answer : answer.tips;
}
