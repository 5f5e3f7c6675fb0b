import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn } from '../support/accounts.js';
import type { TestApp } from '../support/test-app.js';
import {
  deviceToken,
  report,
  reportBody,
  startObservationApp,
} from '../support/observation-client.js';

const PER_HOUR = 3;

let t: TestApp;
beforeAll(async () => {
  t = await startObservationApp(PER_HOUR);
});
afterAll(async () => {
  await t.close();
});

/** Far apart, so that neither the groups nor the anti-targeting rule join them. */
function placeNumber(n: number) {
  return { lon: -123.2 + n * 0.01, lat: 49.2 + (n % 5) * 0.01 };
}

let place = 0;
const nextPlace = () => placeNumber(place++);

describe('rate limits on anonymous reports', () => {
  it('refuses the N+1th report from one device, whatever its address, with Retry-After', async () => {
    const device = deviceToken();
    for (let i = 0; i < PER_HOUR; i += 1) {
      const ok = await report(t.app, reportBody({ location: nextPlace() }), {
        device,
        address: `203.0.113.${10 + i}`,
      });
      expect(ok.statusCode).toBe(202);
    }
    const refused = await report(t.app, reportBody({ location: nextPlace() }), {
      device,
      address: '203.0.113.99',
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: 'rate_limited' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
  });

  it('refuses the N+1th report from one address, whatever device token it sends', async () => {
    for (let i = 0; i < PER_HOUR; i += 1) {
      const ok = await report(t.app, reportBody({ location: nextPlace() }), {
        device: deviceToken(),
        address: '192.0.2.50',
      });
      expect(ok.statusCode).toBe(202);
    }
    const refused = await report(t.app, reportBody({ location: nextPlace() }), {
      device: deviceToken(),
      address: '192.0.2.50',
    });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps only HMACs of addresses and device tokens', async () => {
    const device = deviceToken();
    await report(t.app, reportBody({ location: nextPlace() }), { device, address: '192.0.2.77' });
    const { rows } = await t.db.pool.query<Record<string, unknown>>('SELECT * FROM observations');
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(device);
    expect(stored).not.toContain('192.0.2.77');
  });
});

describe('the anti-targeting rule', () => {
  it('holds the third reporter about one small cell within a day, and alerts moderators once', async () => {
    const spot = { lon: -122.9, lat: 49.25 };
    const near = (dx: number) => ({ lon: spot.lon + dx * 0.00005, lat: spot.lat });
    const answers = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await report(
        t.app,
        reportBody({ category: i % 2 === 0 ? 'noise' : 'fight', location: near(i) }),
        { device: deviceToken(), address: `198.51.100.${20 + i}` },
      );
      expect(response.statusCode).toBe(202);
      answers.push(response.json<{ moderation: string; heldFor: string[] }>());
    }
    expect(answers.slice(0, 2).map((a) => a.moderation)).toEqual(['approved', 'approved']);
    for (const later of answers.slice(2)) {
      expect(later.moderation).toBe('held');
      expect(later.heldFor).toEqual(['anti_targeting']);
    }
    const alerts = await t.db.pool.query<{ reporters: number; target_cell: string }>(
      'SELECT reporters, target_cell FROM moderation_alerts',
    );
    expect(alerts.rows).toHaveLength(1);
    expect(alerts.rows[0]?.reporters).toBe(3);
  });

  it('counts one reporter once: the same device reporting again is not a third reporter', async () => {
    const spot = { lon: -122.8, lat: 49.3 };
    const device = deviceToken();
    const first = await report(t.app, reportBody({ location: spot }), {
      device,
      address: '192.0.2.201',
    });
    const again = await report(t.app, reportBody({ location: spot }), {
      device,
      address: '192.0.2.202',
    });
    const other = await report(t.app, reportBody({ location: spot }), {
      device: deviceToken(),
      address: '192.0.2.203',
    });
    for (const response of [first, again, other]) {
      expect(response.json()).toMatchObject({ moderation: 'approved' });
    }
  });
});

describe('signed-in residents', () => {
  it('report without proof of work, limited per account; see and withdraw their own', async () => {
    const user = await createUser(t.db.pool, { role: 'resident' });
    const session = await signIn(t.app, user);
    const ids: string[] = [];
    for (let i = 0; i < PER_HOUR; i += 1) {
      const ok = await report(t.app, reportBody({ location: nextPlace() }), {
        altcha: null,
        address: `192.0.2.${120 + i}`,
        headers: session.headers,
      });
      expect(ok.statusCode).toBe(202);
      ids.push(ok.json<{ id: string }>().id);
    }
    const refused = await report(t.app, reportBody({ location: nextPlace() }), {
      altcha: null,
      address: '192.0.2.130',
      headers: session.headers,
    });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/observations/mine',
      headers: { cookie: session.cookie },
    });
    expect(
      mine
        .json<{ id: string }[]>()
        .map((own) => own.id)
        .sort(),
    ).toEqual([...ids].sort());
    const withoutCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${ids[0] ?? ''}/withdraw`,
      headers: { cookie: session.cookie },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${ids[0] ?? ''}/withdraw`,
      headers: session.headers,
    });
    expect(withdrawn.statusCode).toBe(200);
    const stored = JSON.stringify(
      (
        await t.app.inject({ method: 'GET', url: '/api/v1/observations?bbox=-124,49,-122,50' })
      ).json(),
    );
    expect(stored).not.toContain(user.id);
  });
});
