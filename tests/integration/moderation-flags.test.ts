import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModerationLogEntry, ModerationQueue } from '../../shared/schemas/moderation.js';
import { createUser, signIn, type SignedIn } from '../support/accounts.js';
import { insertObservation } from '../support/moderation-fixtures.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

const BBOX: [number, number, number, number] = [-88, 41.6, -87.4, 42.1];

let t: TestApp;
let listener: Listener;
let residents: SignedIn[];

beforeAll(async () => {
  t = await startTestApp({ flagThreshold: 3 });
  listener = await connectListener(await listen(t));
  await listener.subscribe({ bbox: BBOX, layers: ['observations'] });
  residents = [];
  for (let i = 0; i < 3; i += 1) {
    const user = await createUser(t.db.pool, { role: 'resident' });
    residents.push(await signIn(t.app, user));
  }
});

afterAll(async () => {
  listener.close();
  await t.close();
});

async function approvedItem(): Promise<string> {
  const id = await insertObservation(t.db.pool);
  const approved = await t.app.inject({
    method: 'POST',
    url: `/api/v1/moderation/observation/${id}`,
    headers: bearer(t.moderatorKey),
    payload: { decision: 'approve', reason: 'fits_guidelines' },
  });
  expect(approved.statusCode).toBe(200);
  return id;
}

function flag(id: string, headers: Record<string, string>, reason?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/observations/${id}/flags`,
    headers,
    payload: reason === undefined ? {} : { reason },
  });
}

describe('flags', () => {
  it('hides an item at the threshold of flags from different people, pending review', async () => {
    const id = await approvedItem();
    await waitFor(() => listener.events.some((e) => e.feature.id === id), 'the item on the map');
    const [first, second, third] = residents;
    if (!first || !second || !third) throw new Error('three residents');

    expect((await flag(id, first.headers, 'names a neighbour')).json()).toEqual({
      flagged: true,
      counted: true,
    });
    // One flag per person: a second from the same person does not count.
    expect((await flag(id, first.headers)).json()).toEqual({ flagged: true, counted: false });
    expect((await flag(id, second.headers)).statusCode).toBe(200);
    expect(listener.events.some((e) => e.feature.id === id && e.type === 'removed')).toBe(false);

    expect((await flag(id, third.headers)).statusCode).toBe(200);
    await waitFor(
      () => listener.events.some((e) => e.feature.id === id && e.type === 'removed'),
      'the flagged item leaving the map',
    );
    const queue = await t.app.inject({
      url: '/api/v1/moderation/queue',
      headers: bearer(t.moderatorKey),
    });
    expect(queue.json<ModerationQueue>().items.find((item) => item.id === id)).toMatchObject({
      state: 'held',
      heldFor: ['flagged'],
      flags: 3,
      flagReasons: ['names a neighbour'],
    });
    const log = await t.app.inject({ url: '/api/v1/moderation/log' });
    expect(
      log
        .json<{ entries: ModerationLogEntry[] }>()
        .entries.find((entry) => entry.targetId === id && entry.decision === 'auto_hidden'),
    ).toMatchObject({ by: 'residents', reason: 'flagged_by_residents', note: null });
  });

  it('brings a redacted item back redacted: a second look never publishes what was taken out', async () => {
    const id = await insertObservation(t.db.pool, {
      moderation: 'held',
      heldFor: ['person_name'],
      text: 'Tyres slashed on Elm, it was Jim Baker',
    });
    const redactedText = 'Tyres slashed on Elm, it was […]';
    const redacted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/observation/${id}`,
      headers: bearer(t.moderatorKey),
      payload: { decision: 'redact', reason: 'personal_data', redactedText },
    });
    expect(redacted.statusCode).toBe(200);
    for (const resident of residents) await flag(id, resident.headers);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/observation/${id}`,
      headers: bearer(t.moderatorKey),
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    });
    expect(approved.json()).toMatchObject({ state: 'approved', publicText: redactedText });
  });

  it('needs a signed-in person, and an item the public sees', async () => {
    const id = await approvedItem();
    expect((await flag(id, {})).statusCode).toBe(401);
    expect((await flag(id, bearer(t.moderatorKey))).statusCode).toBe(403);
    const held = await insertObservation(t.db.pool, {
      moderation: 'held',
      heldFor: ['appearance'],
    });
    const [first] = residents;
    if (!first) throw new Error('a resident');
    expect((await flag(held, first.headers)).statusCode).toBe(404);
    // Without the CSRF token a cookie-authenticated write is refused.
    expect((await flag(id, { cookie: first.cookie })).statusCode).toBe(403);
  });
});

describe('people and the moderation routes', () => {
  it('refuses residents, and moderators until they pass the second factor', async () => {
    const resident = residents[0];
    if (!resident) throw new Error('a resident');
    const moderator = await createUser(t.db.pool, { role: 'moderator', totp: true });
    const withoutFactor = await signIn(t.app, moderator, { secondFactor: false });
    const withFactor = await signIn(t.app, moderator);
    const id = await insertObservation(t.db.pool);

    for (const who of [resident, withoutFactor]) {
      const queue = await t.app.inject({ url: '/api/v1/moderation/queue', headers: who.headers });
      expect(queue.statusCode).toBe(403);
      const decided = await t.app.inject({
        method: 'POST',
        url: `/api/v1/moderation/observation/${id}`,
        headers: who.headers,
        payload: { decision: 'approve', reason: 'fits_guidelines' },
      });
      expect(decided.statusCode).toBe(403);
    }
    const queue = await t.app.inject({
      url: '/api/v1/moderation/queue',
      headers: withFactor.headers,
    });
    expect(queue.statusCode).toBe(200);
    const decided = await t.app.inject({
      method: 'POST',
      url: `/api/v1/moderation/observation/${id}`,
      headers: withFactor.headers,
      payload: { decision: 'approve', reason: 'fits_guidelines' },
    });
    expect(decided.statusCode).toBe(200);
    // Who decided stays out of the public record.
    const record = await t.app.inject({ url: '/api/v1/audit/events?after=0&limit=1000' });
    expect(record.body).not.toContain(moderator.id);
    expect(record.body).not.toContain(moderator.email);
  });
});
