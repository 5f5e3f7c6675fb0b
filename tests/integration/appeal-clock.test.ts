import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicAppeal } from '../../shared/schemas/appeal.js';
import { incidentBody } from '../support/incident-factory.js';
import { deviceToken, solvedProof, TEST_PROOF_OF_WORK } from '../support/observation-client.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

/** The server's own clock publishes tip counts once per window and closes expired appeals. */

let t: TestApp;
let listener: Listener;

beforeAll(async () => {
  t = await startTestApp({
    appeals: { tipWindowMs: 1_000, recountMs: 100 },
    observations: { proofOfWork: TEST_PROOF_OF_WORK },
  });
  listener = await connectListener(await listen(t));
  await listener.subscribe({ bbox: [-88, 41.6, -87.4, 42.1], layers: ['incidents'] });
});

afterAll(async () => {
  listener.close();
  await t.close();
});

function appealShown(incidentId: string, shown: Record<string, unknown>): boolean {
  return listener.events.some((event) => {
    if (event.feature.id !== incidentId) return false;
    const appeal = (event.feature.properties as { appeal?: Record<string, unknown> }).appeal;
    return Object.entries(shown).every(([key, value]) => appeal?.[key] === value);
  });
}

it('counts a tip on the map after its window, and closes the appeal at its until', async () => {
  const incident = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody(),
  });
  const incidentId = incident.json<{ id: string }>().id;
  const appeal = (
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/appeal`,
      headers: bearer(t.dispatcherKey),
      payload: { text: 'Who saw it?', until: new Date(Date.now() + 4_000).toISOString() },
    })
  ).json<PublicAppeal>();
  const tip = await t.app.inject({
    method: 'POST',
    url: `/api/v1/appeals/${appeal.id}/tips`,
    headers: { 'x-device-token': deviceToken() },
    payload: { text: 'I saw it from the bus', altcha: await solvedProof(t.app) },
  });
  expect(tip.statusCode).toBe(202);
  await waitFor(() => appealShown(incidentId, { tips: 1, state: 'open' }), 'the counted tip');
  await waitFor(() => appealShown(incidentId, { state: 'closed' }), 'the appeal closing itself');
  const shown = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
  expect(shown.json()).toMatchObject({ state: 'closed', tips: 1, thanks: null });
});
