import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObservationAccepted } from '../../shared/schemas/observation.js';
import type { ModerationQueue } from '../../shared/schemas/moderation.js';
import {
  deviceToken,
  report,
  reportBody,
  TEST_PROOF_OF_WORK,
} from '../support/observation-client.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

/** Moderation of reports as the intake files them: held by the guardrails, or by targeting. */

const BBOX: [number, number, number, number] = [-123.3, 49.1, -122.9, 49.4];

let t: TestApp;
let listener: Listener;

beforeAll(async () => {
  t = await startTestApp({ observations: { perHour: 1_000, proofOfWork: TEST_PROOF_OF_WORK } });
  listener = await connectListener(await listen(t));
  await listener.subscribe({ bbox: BBOX, layers: ['observations'] });
});

afterAll(async () => {
  listener.close();
  await t.close();
});

async function queue(): Promise<ModerationQueue> {
  const response = await t.app.inject({
    url: '/api/v1/moderation/queue',
    headers: bearer(t.moderatorKey),
  });
  expect(response.statusCode).toBe(200);
  return response.json<ModerationQueue>();
}

let address = 0;
function anonymously(body: Record<string, unknown>) {
  address += 1;
  return report(t.app, body, { device: deviceToken(), address: `192.0.2.${address}` });
}

describe('the queue of reports from the intake', () => {
  it('shows held reports with the rule that held them, oldest first, and redacts them out', async () => {
    const text = 'Bins set on fire behind the rink, ask me: witness@example.org';
    const held = await anonymously(
      reportBody({ category: 'fire-or-smoke', text, location: { lon: -123.1, lat: 49.26 } }),
    );
    expect(held.statusCode).toBe(202);
    const heldId = held.json<ObservationAccepted>().id;
    const pending = await anonymously(
      reportBody({
        text: 'Fresh tags on the underpass wall',
        location: { lon: -123.05, lat: 49.3 },
      }),
    );
    const pendingId = pending.json<ObservationAccepted>().id;

    const items = (await queue()).items;
    const ids = items.map((item) => item.id);
    expect(ids.indexOf(heldId)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(heldId)).toBeLessThan(ids.indexOf(pendingId));
    expect(items.find((item) => item.id === heldId)).toMatchObject({
      state: 'held',
      heldFor: ['email_address'],
      text,
      location: { lon: -123.1, lat: 49.26 },
    });

    const redactedText = 'Bins set on fire behind the rink, […]';
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/observation/${heldId}`,
      headers: bearer(t.moderatorKey),
      payload: { decision: 'redact', reason: 'personal_data', redactedText },
    });
    expect(decided.statusCode).toBe(200);
    await waitFor(
      () => listener.events.some((event) => event.feature.id === heldId),
      'the redacted report on the map',
    );
    const shown = listener.events.find((event) => event.feature.id === heldId);
    expect(shown?.feature.properties).toMatchObject({ text: redactedText });
    const list = await t.app.inject({ url: `/api/v1/observations?bbox=${BBOX.join(',')}` });
    expect(list.body).toContain(redactedText);
    expect(list.body).not.toContain('witness@example.org');
    expect((await queue()).items.map((item) => item.id)).not.toContain(heldId);
  });

  it('shows the anti-targeting alert with the reports it holds, until resolved', async () => {
    const spot = { lon: -123.2, lat: 49.15 };
    const accepted: ObservationAccepted[] = [];
    for (const text of ['Shouting outside', 'Loud bangs outside', 'Someone shouting again']) {
      const sent = await anonymously(reportBody({ category: 'noise', text, location: spot }));
      expect(sent.statusCode).toBe(202);
      accepted.push(sent.json<ObservationAccepted>());
    }
    const third = accepted[2];
    expect(third).toMatchObject({ moderation: 'held', heldFor: ['anti_targeting'] });
    const { alerts, items } = await queue();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert?.items).toContain(third?.id);
    expect(items.find((item) => item.id === third?.id)?.alertId).toBe(alert?.id);

    const resolved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/alerts/${alert?.id}/resolve`,
      headers: bearer(t.moderatorKey),
    });
    expect(resolved.statusCode).toBe(204);
    expect((await queue()).alerts).toEqual([]);
  });
});
