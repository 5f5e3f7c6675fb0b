import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicAppeal, Tip } from '../../shared/schemas/appeal.js';
import { recountTips } from '../../server/appeals/tip-counts.service.js';
import { createUser, signIn } from '../support/accounts.js';
import { incidentBody } from '../support/incident-factory.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Tips go to dispatch alone (issue 12, part 7): not in any event (public or private part), not on
 * any socket, REST list, export or the audit record; the public learns only a windowed count.
 */

const WINDOW_MS = 10 * 60_000;
const BBOX: [number, number, number, number] = [-88, 41.6, -87.4, 42.1];
const TIP_TEXT = 'The driver was Kurt from the garage on Elm, plate KX 4471';
const TIP_PLACE = { lon: -87.624417, lat: 41.883593 };
const TIP_CONTACT = 'tipster-contact@example.org';

let t: TestApp;
let publicSocket: Listener;
let dispatcherSocket: Listener;
let appeal: PublicAppeal;
let incidentId: string;
let tipsterId: string;

beforeAll(async () => {
  t = await startTestApp({ appeals: { tipWindowMs: WINDOW_MS, recountMs: 86_400_000 } });
  const url = await listen(t);
  publicSocket = await connectListener(url);
  dispatcherSocket = await connectListener(url, { token: t.dispatcherKey });
  for (const socket of [publicSocket, dispatcherSocket]) {
    await socket.subscribe({ bbox: BBOX, layers: ['incidents', 'observations'] });
  }
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody(),
  });
  incidentId = created.json<{ id: string }>().id;
  appeal = (
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/appeal`,
      headers: bearer(t.dispatcherKey),
      payload: {
        text: 'Did you see a van leave the scene?',
        until: new Date(Date.now() + 3_600_000).toISOString(),
      },
    })
  ).json<PublicAppeal>();
  const tipster = await createUser(t.db.pool, { role: 'resident' });
  tipsterId = tipster.id;
  const session = await signIn(t.app, tipster);
  const sent = await t.app.inject({
    method: 'POST',
    url: `/api/v1/appeals/${appeal.id}/tips`,
    headers: session.headers,
    payload: { text: TIP_TEXT, location: TIP_PLACE, contact: TIP_CONTACT },
  });
  expect(sent.statusCode).toBe(202);
  // The count moves (so there is an event to look into), then the appeal closes.
  await recountTips(t.app.records, WINDOW_MS, new Date(Date.now() + WINDOW_MS));
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/appeals/${appeal.id}/close`,
    headers: bearer(t.dispatcherKey),
    payload: { thanks: 'Thank you for your help.' },
  });
  for (const socket of [publicSocket, dispatcherSocket]) {
    await waitFor(
      () =>
        socket.events.some(
          (event) =>
            event.feature.id === incidentId &&
            JSON.stringify(event.feature).includes('"state":"closed"'),
        ),
      'the closed appeal on the socket',
    );
  }
});

afterAll(async () => {
  publicSocket.close();
  dispatcherSocket.close();
  await t.close();
});

/** What would betray the tip: its words, its place (to 4 decimals), its contact, its sender. */
function expectNoTip(output: string, what: string): void {
  const betrayals = [
    'Kurt',
    'KX 4471',
    TIP_CONTACT,
    tipsterId,
    TIP_PLACE.lon.toFixed(4),
    TIP_PLACE.lat.toFixed(4),
  ];
  for (const betrayal of betrayals) {
    expect(output.includes(betrayal), `${what} carries ${betrayal}`).toBe(false);
  }
}

describe('a tip reaches dispatch only', () => {
  it('is read by dispatch', async () => {
    const tips = await t.app.inject({
      url: `/api/v1/appeals/${appeal.id}/tips`,
      headers: bearer(t.dispatcherKey),
    });
    const [tip] = tips.json<{ tips: Tip[] }>().tips;
    expect(tip).toMatchObject({ text: TIP_TEXT, location: TIP_PLACE, contact: TIP_CONTACT });
  });

  it('is in no public REST answer, export or the audit record; the public sees its count', async () => {
    const paths = [
      `/api/v1/appeals/${appeal.id}`,
      '/api/v1/appeals',
      `/api/v1/appeals?bbox=${BBOX.join(',')}&state=closed`,
      `/api/v1/incidents/${incidentId}`,
      `/api/v1/incidents?bbox=${BBOX.join(',')}`,
      '/api/v1/export/incidents.geojson',
      '/api/v1/export/incidents.csv',
      '/api/v1/audit/events?after=0&limit=1000',
      '/api/v1/moderation/log',
    ];
    for (const path of paths) {
      const response = await t.app.inject({ url: path });
      expect(response.statusCode, path).toBe(200);
      expectNoTip(response.body, path);
    }
    const shown = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
    expect(shown.json()).toMatchObject({ tips: 1, state: 'closed' });
    // Dispatch's own reads of the incident carry the appeal, not the tips.
    const forDispatch = await t.app.inject({
      url: `/api/v1/incidents/${incidentId}`,
      headers: bearer(t.dispatcherKey),
    });
    expectNoTip(forDispatch.body, 'the dispatcher incident');
  });

  it('is on no socket, public or dispatcher', () => {
    expect(publicSocket.events.length).toBeGreaterThan(0);
    expectNoTip(JSON.stringify(publicSocket.events), 'the public socket');
    expectNoTip(JSON.stringify(dispatcherSocket.events), 'the dispatcher socket');
  });

  it('is in no event at all, private parts included', async () => {
    const events = await t.db.pool.query<{ row: string }>(
      `SELECT row_to_json(e)::text AS row FROM events AS e`,
    );
    expect(events.rows.length).toBeGreaterThan(0);
    for (const { row } of events.rows) expectNoTip(row, 'an event row');
  });
});
