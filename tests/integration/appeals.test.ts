import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import type { IncidentAppeal, PublicAppeal, Tip } from '../../shared/schemas/appeal.js';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type { IncidentFeature } from '../../shared/schemas/incident-feature.js';
import { recountTips } from '../../server/appeals/tip-counts.service.js';
import { incidentBody } from '../support/incident-factory.js';
import { deviceToken, solvedProof, TEST_PROOF_OF_WORK } from '../support/observation-client.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

const WINDOW_MS = 10 * 60_000;
const CHICAGO_BBOX: [number, number, number, number] = [-88, 41.6, -87.4, 42.1];

let t: TestApp;
let url: string;
let listener: Listener;

beforeAll(async () => {
  // The clock's own recount would race the test's explicit ones: one a day is never.
  t = await startTestApp({
    appeals: { tipWindowMs: WINDOW_MS, recountMs: 86_400_000, tipsPerHour: 3 },
    observations: { proofOfWork: TEST_PROOF_OF_WORK },
  });
  url = await listen(t);
  listener = await connectListener(url);
  await listener.subscribe({ bbox: CHICAGO_BBOX, layers: ['incidents'] });
});

afterAll(async () => {
  listener.close();
  await t.close();
});

async function createIncident(overrides: Record<string, unknown> = {}): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody(overrides),
  });
  expect(response.statusCode).toBe(201);
  return response.json<{ id: string }>().id;
}

let addresses = 0;

/** An anonymous tip, as the page sends it: with a solved proof of work and a device token. */
async function sendTip(
  appealId: string,
  body: Record<string, unknown>,
  options: { device?: string; address?: string; altcha?: string | null } = {},
) {
  const altcha = options.altcha === undefined ? await solvedProof(t.app) : options.altcha;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/appeals/${appealId}/tips`,
    remoteAddress: options.address ?? `198.51.100.${(addresses += 1)}`,
    headers: { 'x-device-token': options.device ?? deviceToken() },
    payload: { ...body, ...(altcha === null ? {} : { altcha }) },
  });
}

function inAnHour(): string {
  return new Date(Date.now() + 3_600_000).toISOString();
}

async function openAppeal(incidentId: string, text = 'Did you see a red van leave around 9 pm?') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/incidents/${incidentId}/appeal`,
    headers: bearer(t.dispatcherKey),
    payload: { text, until: inAnHour() },
  });
}

function appealOf(event: StreamEvent): IncidentAppeal | null | undefined {
  return 'appeal' in event.feature.properties ? event.feature.properties.appeal : undefined;
}

function appealUpdates(incidentId: string): StreamEvent[] {
  return listener.events.filter(
    (event) =>
      event.feature.id === incidentId &&
      event.type === 'updated' &&
      'appeal' in event.feature.properties,
  );
}

describe('appeals for information', () => {
  it('opens one appeal per incident, live on the public map and on the incident', async () => {
    const incidentId = await createIncident();
    const opened = await openAppeal(incidentId);
    expect(opened.statusCode).toBe(201);
    const appeal = opened.json<PublicAppeal>();
    expect(appeal).toMatchObject({ incidentId, state: 'open', tips: 0, thanks: null });

    await waitFor(() => appealUpdates(incidentId).length === 1, 'the appeal on the socket');
    expect(appealUpdates(incidentId)[0]?.feature.properties).toMatchObject({
      appeal: { id: appeal.id, state: 'open', tips: 0, thanks: null },
    });
    const incident = await t.app.inject({ url: `/api/v1/incidents/${incidentId}` });
    expect(incident.json<IncidentFeature>().properties.appeal).toMatchObject({
      id: appeal.id,
      state: 'open',
    });

    const again = await openAppeal(incidentId);
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error).toBe('appeal_open');

    // A later change of the incident keeps its appeal on the map.
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${incidentId}`,
      headers: bearer(t.dispatcherKey),
      payload: { status: 'responding' },
    });
    expect(patched.json<IncidentFeature>().properties.appeal).toMatchObject({ id: appeal.id });
  });

  it('refuses personal data in the appeal and in the thanks, a past `until`, non-dispatchers', async () => {
    const incidentId = await createIncident();
    const withMail = await openAppeal(incidentId, 'Write to witness@example.org if you saw it');
    expect(withMail.statusCode).toBe(400);
    expect(withMail.json<ErrorBody>().error).toBe('personal_data');
    const past = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/appeal`,
      headers: bearer(t.dispatcherKey),
      payload: { text: 'Did you see it?', until: '2020-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
    const byModerator = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/appeal`,
      headers: bearer(t.moderatorKey),
      payload: { text: 'Did you see it?', until: inAnHour() },
    });
    expect(byModerator.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/appeal`,
      payload: { text: 'Did you see it?', until: inAnHour() },
    });
    expect(anonymous.statusCode).toBe(401);

    const appeal = (await openAppeal(incidentId)).json<PublicAppeal>();
    const badThanks = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appeals/${appeal.id}/close`,
      headers: bearer(t.dispatcherKey),
      payload: { thanks: 'Thanks to jane.doe@example.org' },
    });
    expect(badThanks.statusCode).toBe(400);
  });

  it('does not appeal about an incident the public cannot see', async () => {
    const hidden = await createIncident({ category: 'sexual-offences' });
    const refused = await openAppeal(hidden);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ErrorBody>().error).toBe('incident_not_public');
  });

  it('counts tips in windows, then closes with thanks, all live', async () => {
    const incidentId = await createIncident();
    const appeal = (await openAppeal(incidentId)).json<PublicAppeal>();
    for (const text of ['A red van turned into the alley', 'I heard glass break at nine']) {
      const tip = await sendTip(appeal.id, { text });
      expect(tip.statusCode).toBe(202);
    }
    // Within the window the public count stays where it was: no event said a tip came.
    expect(await recountTips(t.app.records, WINDOW_MS)).toBe(0);
    const meanwhile = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
    expect(meanwhile.json()).toMatchObject({ tips: 0, state: 'open' });

    // After the window closes, one recount publishes both, once.
    const later = new Date(Date.now() + WINDOW_MS);
    expect(await recountTips(t.app.records, WINDOW_MS, later)).toBe(1);
    expect(await recountTips(t.app.records, WINDOW_MS, later)).toBe(0);
    const counted = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
    expect(counted.json()).toMatchObject({ tips: 2, state: 'open' });
    await waitFor(
      () => appealUpdates(incidentId).some((event) => appealOf(event)?.tips === 2),
      'the count on the socket',
    );

    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appeals/${appeal.id}/close`,
      headers: bearer(t.dispatcherKey),
      payload: { thanks: 'Thank you: the tips helped us find the van.' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', tips: 2 });
    await waitFor(
      () => appealUpdates(incidentId).some((event) => appealOf(event)?.state === 'closed'),
      'the close on the socket',
    );
    const late = await sendTip(appeal.id, { text: 'Too late?' });
    expect(late.statusCode).toBe(409);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/appeals/${appeal.id}/close`,
      headers: bearer(t.dispatcherKey),
      payload: {},
    });
    expect(twice.statusCode).toBe(409);

    const open = await t.app.inject({ url: '/api/v1/appeals?state=open' });
    expect(open.json<{ appeals: PublicAppeal[] }>().appeals.map((a) => a.id)).not.toContain(
      appeal.id,
    );
    const inBbox = await t.app.inject({
      url: `/api/v1/appeals?state=closed&bbox=${CHICAGO_BBOX.join(',')}`,
    });
    expect(inBbox.json<{ appeals: PublicAppeal[] }>().appeals.map((a) => a.id)).toContain(
      appeal.id,
    );
  });

  it('closes an appeal past its until by itself', async () => {
    const incidentId = await createIncident();
    const appeal = (await openAppeal(incidentId)).json<PublicAppeal>();
    const afterUntil = new Date(Date.now() + 2 * 3_600_000);
    expect(await recountTips(t.app.records, WINDOW_MS, afterUntil)).toBeGreaterThanOrEqual(1);
    const shown = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
    expect(shown.json()).toMatchObject({ state: 'closed', thanks: null });
  });

  it('lets only dispatch read tips, with what the guardrails found', async () => {
    const incidentId = await createIncident();
    const appeal = (await openAppeal(incidentId)).json<PublicAppeal>();
    await sendTip(appeal.id, {
      text: 'Ask tipster@example.org, she saw it',
      location: { lon: -87.6311, lat: 41.8799 },
      contact: 'call me in the evening',
    });
    const tips = await t.app.inject({
      url: `/api/v1/appeals/${appeal.id}/tips`,
      headers: bearer(t.dispatcherKey),
    });
    expect(tips.statusCode).toBe(200);
    const [tip, ...more] = tips.json<{ tips: Tip[] }>().tips;
    expect(more).toEqual([]);
    expect(tip).toMatchObject({
      appealId: appeal.id,
      text: 'Ask tipster@example.org, she saw it',
      location: { lon: -87.6311, lat: 41.8799 },
      contact: 'call me in the evening',
    });
    expect(tip?.personalData).toContain('email_address');
    const byModerator = await t.app.inject({
      url: `/api/v1/appeals/${appeal.id}/tips`,
      headers: bearer(t.moderatorKey),
    });
    expect(byModerator.statusCode).toBe(403);
    const anonymous = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}/tips` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('asks anonymous tipsters for a proof of work, once each, and limits them per device', async () => {
    const incidentId = await createIncident();
    const appeal = (await openAppeal(incidentId)).json<PublicAppeal>();
    const without = await sendTip(appeal.id, { text: 'No proof' }, { altcha: null });
    expect(without.statusCode).toBe(403);
    const proof = await solvedProof(t.app);
    expect((await sendTip(appeal.id, { text: 'First' }, { altcha: proof })).statusCode).toBe(202);
    const replayed = await sendTip(appeal.id, { text: 'Replay' }, { altcha: proof });
    expect(replayed.statusCode).toBe(403);

    // The device's limit holds whatever address it comes from.
    const device = deviceToken();
    for (let i = 0; i < 3; i += 1) {
      expect((await sendTip(appeal.id, { text: `Tip ${i}` }, { device })).statusCode).toBe(202);
    }
    const tooMany = await sendTip(
      appeal.id,
      { text: 'One more' },
      { device, address: '203.0.113.77' },
    );
    expect(tooMany.statusCode).toBe(429);
    expect(Number(tooMany.headers['retry-after'])).toBeGreaterThan(0);
  });
});
