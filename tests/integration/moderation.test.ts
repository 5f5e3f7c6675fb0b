import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../../shared/schemas/common.js';
import type {
  ModerationLogEntry,
  ModerationQueue,
  ModerationDecisionBody,
} from '../../shared/schemas/moderation.js';
import { insertObservation, insertUser } from '../support/moderation-fixtures.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, startTestApp, type TestApp } from '../support/test-app.js';

const BBOX: [number, number, number, number] = [-88, 41.6, -87.4, 42.1];
/** An exact place no public output may carry. */
const EXACT = { lon: -87.631173, lat: 41.879931 };

let t: TestApp;
let listener: Listener;
let reporter: string;

beforeAll(async () => {
  t = await startTestApp();
  listener = await connectListener(await listen(t));
  await listener.subscribe({ bbox: BBOX, layers: ['observations'] });
  reporter = await insertUser(t.db.pool);
});

afterAll(async () => {
  listener.close();
  await t.close();
});

function decideOn(id: string, body: ModerationDecisionBody, key = t.moderatorKey) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/moderation/observation/${id}`,
    headers: bearer(key),
    payload: body,
  });
}

async function logEntries(): Promise<ModerationLogEntry[]> {
  const response = await t.app.inject({ url: '/api/v1/moderation/log?limit=500' });
  expect(response.statusCode).toBe(200);
  return response.json<{ entries: ModerationLogEntry[] }>().entries;
}

async function publicRecord(): Promise<string> {
  const response = await t.app.inject({ url: '/api/v1/audit/events?after=0&limit=1000' });
  return response.body;
}

function eventsAbout(id: string) {
  return listener.events.filter((event) => event.feature.id === id);
}

describe('the moderation queue', () => {
  it('lists held and pending reports oldest first, with their rules, text and exact place', async () => {
    const base = Date.now() - 3_600_000;
    const held = await insertObservation(t.db.pool, {
      moderation: 'held',
      heldFor: ['email_address'],
      text: 'Write to me at someone@example.org',
      location: EXACT,
      createdAt: new Date(base),
    });
    const pending = await insertObservation(t.db.pool, { createdAt: new Date(base + 1000) });
    const approved = await insertObservation(t.db.pool, {
      moderation: 'approved',
      createdAt: new Date(base - 1000),
    });
    const response = await t.app.inject({
      url: '/api/v1/moderation/queue',
      headers: bearer(t.moderatorKey),
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const ids = response.json<ModerationQueue>().items.map((item) => item.id);
    expect(ids.indexOf(held)).toBeLessThan(ids.indexOf(pending));
    expect(ids).not.toContain(approved);
    expect(response.json<ModerationQueue>().items.find((item) => item.id === held)).toMatchObject({
      kind: 'observation',
      heldFor: ['email_address'],
      text: 'Write to me at someone@example.org',
      location: EXACT,
      state: 'held',
      flags: 0,
    });
  });

  it('is for moderators and admins only', async () => {
    const anonymous = await t.app.inject({ url: '/api/v1/moderation/queue' });
    expect(anonymous.statusCode).toBe(401);
    const dispatcher = await t.app.inject({
      url: '/api/v1/moderation/queue',
      headers: bearer(t.dispatcherKey),
    });
    expect(dispatcher.statusCode).toBe(403);
    const id = await insertObservation(t.db.pool);
    const decided = await decideOn(
      id,
      { decision: 'approve', reason: 'fits_guidelines' },
      t.dispatcherKey,
    );
    expect(decided.statusCode).toBe(403);
  });
});

describe('decisions', () => {
  it('approves: the text as written goes public, live, and the log says so without it', async () => {
    const text = 'Paint sprayed on the shelter by the library, around noon';
    const id = await insertObservation(t.db.pool, {
      text,
      location: EXACT,
      reporterUserId: reporter,
    });
    const decided = await decideOn(id, {
      decision: 'approve',
      reason: 'fits_guidelines',
      note: 'Describes an event',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ id, state: 'approved', publicText: text });
    await waitFor(() => eventsAbout(id).length > 0, 'the approved item on the map');
    expect(eventsAbout(id)[0]?.feature.properties).toMatchObject({ text });

    const entry = (await logEntries()).find((e) => e.targetId === id);
    expect(entry).toMatchObject({
      kind: 'observation',
      decision: 'approve',
      reason: 'fits_guidelines',
      note: 'Describes an event',
      by: 'moderator',
    });
    const record = await publicRecord();
    expect(record).toContain('moderation.decided');
    expect(record).not.toContain(reporter);
    expect(record).not.toContain(String(EXACT.lon));
    expect(record).not.toContain(String(EXACT.lat));
    const log = JSON.stringify(await logEntries());
    expect(log).not.toContain(text);
    expect(log).not.toContain(reporter);
    // Who decided is for oversight only: neither the key nor its name is public.
    expect(record).not.toContain('test-moderator');
  });

  it('rejects with a reason: never public, logged without content', async () => {
    const text = 'Find the guy at number 12, share until he is caught';
    const id = await insertObservation(t.db.pool, {
      moderation: 'held',
      heldFor: ['call_to_action'],
      text,
      reporterUserId: reporter,
    });
    const decided = await decideOn(id, { decision: 'reject', reason: 'call_to_action' });
    expect(decided.json()).toMatchObject({ state: 'rejected', publicText: null });
    const entry = (await logEntries()).find((e) => e.targetId === id);
    expect(entry).toMatchObject({ decision: 'reject', reason: 'call_to_action', note: null });
    expect(await publicRecord()).not.toContain('number 12');
    expect(eventsAbout(id)).toEqual([]);
  });

  it('redacts: only parts replaced by […], never invented words', async () => {
    const text = 'Window smashed at the bakery, it was Jim Baker again';
    const id = await insertObservation(t.db.pool, {
      moderation: 'held',
      heldFor: ['person_name'],
      text,
    });
    const invented = await decideOn(id, {
      decision: 'redact',
      reason: 'personal_data',
      redactedText: 'Window smashed at the bakery, it was a teenager again',
    });
    expect(invented.statusCode).toBe(400);
    expect(invented.json<ErrorBody>().error).toBe('not_a_redaction');
    const missing = await decideOn(id, { decision: 'redact', reason: 'personal_data' });
    expect(missing.statusCode).toBe(400);

    const redactedText = 'Window smashed at the bakery, it was […] again';
    const decided = await decideOn(id, {
      decision: 'redact',
      reason: 'personal_data',
      redactedText,
    });
    expect(decided.json()).toMatchObject({ state: 'approved', publicText: redactedText });
    await waitFor(() => eventsAbout(id).length > 0, 'the redacted item on the map');
    expect(eventsAbout(id)[0]?.feature.properties).toMatchObject({ text: redactedText });
    expect(await publicRecord()).not.toContain('Jim Baker');
    expect((await logEntries()).find((e) => e.targetId === id)?.decision).toBe('redact');
  });

  it('hides an approved item later: it leaves the public map (removed)', async () => {
    const id = await insertObservation(t.db.pool);
    await decideOn(id, { decision: 'approve', reason: 'fits_guidelines' });
    await waitFor(() => eventsAbout(id).length === 1, 'the approved item');
    const hidden = await decideOn(id, { decision: 'hide', reason: 'targets_a_person' });
    expect(hidden.json()).toMatchObject({ state: 'hidden' });
    await waitFor(
      () => eventsAbout(id).some((event) => event.type === 'removed'),
      'the removal on the map',
    );
    expect((await logEntries()).find((e) => e.targetId === id)?.decision).toBe('hide');
    const again = await decideOn(id, { decision: 'hide', reason: 'targets_a_person' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error).toBe('decision_not_allowed');
  });

  it('refuses personal data in the public note', async () => {
    const id = await insertObservation(t.db.pool);
    const decided = await decideOn(id, {
      decision: 'reject',
      reason: 'personal_data',
      note: 'It gave the address of reporter@example.org',
    });
    expect(decided.statusCode).toBe(400);
  });

  it('filters the log by time', async () => {
    const future = await t.app.inject({
      url: `/api/v1/moderation/log?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    });
    expect(future.json<{ entries: unknown[] }>().entries).toEqual([]);
    const backwards = await t.app.inject({
      url: '/api/v1/moderation/log?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z',
    });
    expect(backwards.statusCode).toBe(400);
  });
});
