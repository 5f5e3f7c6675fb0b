import { describe, expect, it } from 'vitest';
import { deviceHmac } from '../../server/erasure/reporter-identity.js';
import { createUser, signIn } from '../support/accounts.js';
import { eventsOf, observe, record, traces, useErasureApp } from '../support/erasure-checks.js';
import {
  deviceToken,
  reportBody,
  report,
  startObservationApp,
} from '../support/observation-client.js';

const t = useErasureApp(startObservationApp);

describe("a reporter's erasure", () => {
  const token = 'device-token-of-the-reporter-0001';
  const otherToken = 'device-token-of-someone-else-0002';

  async function erase(id: string, deviceToken?: string) {
    return t().app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/erase`,
      headers: deviceToken ? { 'x-device-token': deviceToken } : {},
    });
  }

  it('erases a report sent anonymously through the intake, by its device token', async () => {
    const device = deviceToken();
    const exact = { lon: -123.120_713_9, lat: 49.282_711_3 };
    const text = 'Someone sprayed a large tag on the bus shelter by the bakery';
    const sent = await report(t().app, reportBody({ location: exact, text }), { device });
    expect(sent.statusCode).toBe(202);
    const { id } = sent.json<{ id: string }>();
    const stored = { id, groupId: id, exact, text, publicText: '' };
    expect((await traces(stored)).length).toBeGreaterThan(0);

    expect((await erase(id, deviceToken())).statusCode).toBe(404);
    expect((await erase(id, device)).statusCode).toBe(200);
    expect(await traces(stored)).toEqual([]);
    await record();
    const mine = await t().app.inject({
      method: 'GET',
      url: '/api/v1/observations/mine',
      headers: { 'x-device-token': device },
    });
    expect(mine.statusCode).toBe(200);
    expect(JSON.stringify(mine.json())).not.toContain(id);
  });

  it("is 404 for someone else's report, and for none at all", async () => {
    const observation = await observe(1, { device: await deviceHmac(t().db.pool, token) });
    for (const response of [
      await erase(observation.id, otherToken),
      await erase(observation.id),
      await erase('00000000-0000-4000-8000-000000000000', token),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not_found' });
    }
    expect((await traces(observation)).length).toBeGreaterThan(0);
  });

  it('erases the report, withholds its public parts, and the record still verifies', async () => {
    const observation = await observe(1, { device: await deviceHmac(t().db.pool, token) });
    const bystander = await observe(1, { device: await deviceHmac(t().db.pool, otherToken) });
    const publicBefore = new Map((await record()).map((event) => [event.id, event.public]));
    const ownEvents = await eventsOf(observation);

    const response = await erase(observation.id, token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: observation.id });
    expect(await traces(observation)).toEqual([]);
    const state = await t().db.pool.query<{ moderation: string }>(
      'SELECT moderation FROM observations WHERE id = $1',
      [observation.id],
    );
    expect(state.rows[0]?.moderation).toBe('erased');

    const after = await record();
    for (const event of after.filter((e) => ownEvents.includes(e.id))) {
      expect(event.public).toBeNull();
      expect(event.withheld).toMatchObject({ reason: 'erasure' });
      expect(event.erased).toMatchObject({ reason: 'reporter_request' });
    }
    // Every other public part is as it was; the bystander's report is untouched.
    for (const event of after) {
      if (publicBefore.has(event.id) && !ownEvents.includes(event.id)) {
        expect(event.public).toEqual(publicBefore.get(event.id));
      }
    }
    expect((await traces(bystander)).length).toBeGreaterThan(0);
    // Erased, it no longer knows its reporter: asking again is 404.
    expect((await erase(observation.id, token)).statusCode).toBe(404);
  });

  it('takes one report out of its group: the item stays for the others, without it', async () => {
    const leader = await observe(1, { device: await deviceHmac(t().db.pool, otherToken) });
    const member = await observe(1, {
      device: await deviceHmac(t().db.pool, token),
      groupId: leader.id,
    });
    const shownBefore = (await record()).at(-1)?.public;
    expect(shownBefore).toMatchObject({
      visibility: 'shown',
      feature: { properties: { reports: 2 } },
    });

    expect((await erase(member.id, token)).statusCode).toBe(200);
    expect(await traces(member)).toEqual([]);
    expect((await traces(leader)).length).toBeGreaterThan(0);
    const after = await record();
    const republished = after.filter(
      (event) => (event.public as { type?: string } | null)?.type === 'observation.updated',
    );
    expect(republished.at(-1)?.public).toMatchObject({
      visibility: 'shown',
      feature: { id: leader.id, properties: { reports: 1, text: leader.publicText } },
    });
    // The group's history, which showed the member's moderated text, is withheld.
    for (const event of after) {
      expect(JSON.stringify(event.public)).not.toContain(member.publicText);
    }
  });

  it("asks for a sign-in to erase all of an account's reports", async () => {
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/v1/account/erase-observations',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized' });
  });
});

describe("a signed-in reporter's erasure", () => {
  it('erases all of their reports, none of anyone else, and needs the CSRF token', async () => {
    const reporter = await createUser(t().db.pool, { role: 'resident' });
    const other = await createUser(t().db.pool, { role: 'resident' });
    const own = [
      await observe(2, { userId: reporter.id }),
      await observe(3, { userId: reporter.id }),
    ];
    const theirs = await observe(2, { userId: other.id });
    const session = await signIn(t().app, reporter);
    const url = '/api/v1/account/erase-observations';

    const forged = await t().app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie },
    });
    expect(forged.statusCode).toBe(403);
    for (const observation of own) expect((await traces(observation)).length).toBeGreaterThan(0);

    const all = await t().app.inject({ method: 'POST', url, headers: session.headers });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ erased: 2 });
    for (const observation of own) expect(await traces(observation)).toEqual([]);
    expect((await traces(theirs)).length).toBeGreaterThan(0);
    await record();

    const mine = await observe(1, { userId: reporter.id });
    const one = await t().app.inject({
      method: 'POST',
      url: `/api/v1/observations/${mine.id}/erase`,
      headers: session.headers,
    });
    expect(one.statusCode).toBe(200);
    expect(await traces(mine)).toEqual([]);
    const notMine = await t().app.inject({
      method: 'POST',
      url: `/api/v1/observations/${theirs.id}/erase`,
      headers: session.headers,
    });
    expect(notMine.statusCode).toBe(404);
  });
});
