import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  verifyChain,
  type PublicEventRecord,
  type PublicEventRecordV2,
} from '../../shared/audit/chain.js';
import { deviceHmac } from '../../server/erasure/reporter-identity.js';
import { runRetention } from '../../server/erasure/retention.service.js';
import { incidentBody } from '../support/incident-factory.js';
import { storeObservation, type StoredObservation } from '../support/erasable-observations.js';
import { childEnv } from '../support/server-process.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t.close();
});

const DAY_MS = 24 * 60 * 60 * 1000;
let seq = 0;

/** A distinct exact point and text per report, to search the database for afterwards. */
async function observe(
  ageDays: number,
  reporter: { device?: string | null; userId?: string | null; groupId?: string } = {},
): Promise<StoredObservation> {
  seq += 1;
  return storeObservation(t.app.records, {
    exact: { lon: -123.1 - seq * 0.000_123_7, lat: 49.28 + seq * 0.000_098_3 },
    text: `Sprayed tag on the wall of number ${1000 + seq} Example Lane, seen by reporter ${seq}`,
    createdAt: new Date(Date.now() - ageDays * DAY_MS),
    ...reporter,
  });
}

async function record(): Promise<PublicEventRecordV2[]> {
  const all: PublicEventRecord[] = [];
  for (;;) {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/events?after=${all.at(-1)?.id ?? 0}&limit=1000`,
    });
    expect(response.statusCode).toBe(200);
    const page = response.json<{ events: PublicEventRecord[] }>().events;
    if (page.length === 0) break;
    all.push(...page);
  }
  expect(verifyChain(all)).toMatchObject({ ok: true, count: all.length });
  return all.filter((event): event is PublicEventRecordV2 => event.v === 2);
}

/** The events about a report: its group's (read before erasure, while its private parts hold it). */
async function eventsOf(observation: StoredObservation): Promise<number[]> {
  const { rows } = await t.db.pool.query<{ id: number }>(
    `SELECT id::float8 AS id FROM events WHERE entity_type = 'observation'
       AND (private->'feature'->>'id') = $1 ORDER BY id`,
    [observation.id],
  );
  return rows.map((row) => row.id);
}

function coordinateTexts(point: { lon: number; lat: number }): string[] {
  return [String(point.lon), String(point.lat)];
}

/** Anything of the report's personal data left in the observations or events tables. */
async function traces(observation: StoredObservation): Promise<string[]> {
  const found: string[] = [];
  const row = await t.db.pool.query<Record<string, unknown>>(
    `SELECT location, text, target_cell, reporter_device, reporter_user_id, reporter_key,
            reporter_address
     FROM observations WHERE id = $1`,
    [observation.id],
  );
  const stored = row.rows[0] ?? {};
  for (const column of Object.keys(stored)) {
    if (stored[column] !== null) found.push(`observations.${column}`);
  }
  const needles = [observation.text, ...coordinateTexts(observation.exact)];
  for (const needle of needles) {
    const hits = await t.db.pool.query<{ id: number }>(
      `SELECT id FROM events WHERE strpos(coalesce(private::text, '') || coalesce(public::text, ''), $1) > 0`,
      [needle],
    );
    found.push(...hits.rows.map((hit) => `event ${hit.id} holds "${needle}"`));
  }
  return found;
}

describe('the trigger', () => {
  it('refuses to erase a private part by a plain UPDATE', async () => {
    const observation = await observe(1);
    const [eventId] = await eventsOf(observation);
    await expect(
      t.db.pool.query('UPDATE events SET private = NULL WHERE id = $1', [eventId]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses an erasure row that no record.erased event records', async () => {
    const observation = await observe(1);
    const [first, second] = await eventsOf(observation);
    // The "erasing" event is an observation's event, not a record.erased one.
    await expect(
      t.db.pool.query(
        `INSERT INTO erased_event_parts (event_id, erased_by, reason) VALUES ($1, $2, 'retention')`,
        [first, second],
      ),
    ).rejects.toThrow(/not a record.erased event/);
  });

  it("refuses to erase an incident's private part (the police record)", async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({}),
    });
    expect(created.statusCode).toBe(201);
    const { rows } = await t.db.pool.query<{ id: number }>(
      `SELECT max(id)::float8 AS id FROM events WHERE entity_type = 'incident'`,
    );
    const incidentEvent = rows[0]?.id;
    // An erasure event exists (retention of an old report) to name as the eraser.
    await observe(200);
    await runRetention(t.app.records, { retentionDays: 90 });
    const eraser = await t.db.pool.query<{ id: number }>(
      `SELECT max(id)::float8 AS id FROM events WHERE type = 'record.erased'`,
    );
    await expect(
      t.db.pool.query(
        `INSERT INTO erased_event_parts (event_id, erased_by, reason) VALUES ($1, $2, 'retention')`,
        [incidentEvent, eraser.rows[0]?.id],
      ),
    ).rejects.toThrow(/no erasable private part/);
    await expect(
      t.db.pool.query('UPDATE events SET private = NULL WHERE id = $1', [incidentEvent]),
    ).rejects.toThrow(/append-only/);
  });

  it('refuses any other change to an erased event, and a second erasure', async () => {
    const observation = await observe(300);
    const [eventId] = await eventsOf(observation);
    await runRetention(t.app.records, { retentionDays: 90 });
    await expect(
      t.db.pool.query(`UPDATE events SET private = '{}'::jsonb WHERE id = $1`, [eventId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.pool.query(`UPDATE events SET private_hash = repeat('0', 64) WHERE id = $1`, [eventId]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('DELETE FROM erased_event_parts')).rejects.toThrow(/append-only/);
  });
});

describe('retention', () => {
  it('erases old reports, keeps recent ones, and the record still verifies', async () => {
    const before = await record();
    const old = [await observe(91), await observe(120, { device: 'a'.repeat(64) })];
    const recent = await observe(89, { device: 'b'.repeat(64) });
    const publicBefore = new Map((await record()).map((event) => [event.id, event.public]));
    const erasedIds = (await Promise.all(old.map(eventsOf))).flat();

    const report = await runRetention(t.app.records, { retentionDays: 90 });
    expect(report).toMatchObject({ ran: true, observations: 2, erasedEvents: 4 });

    for (const observation of old) expect(await traces(observation)).toEqual([]);
    // The search finds what is kept: the recent report's place and text, in its row and events.
    const kept = await traces(recent);
    expect(kept).toEqual(expect.arrayContaining(['observations.location', 'observations.text']));
    for (const needle of [recent.text, ...coordinateTexts(recent.exact)]) {
      expect(kept.some((found) => found.includes(`"${needle}"`))).toBe(true);
    }

    const after = await record();
    // Every public part is as it was: retention erases private parts only.
    for (const event of after) {
      if (publicBefore.has(event.id)) expect(event.public).toEqual(publicBefore.get(event.id));
    }
    const erasure = after.filter((event) => event.id > (before.at(-1)?.id ?? 0)).at(-1);
    expect(erasure?.public).toMatchObject({
      type: 'record.erased',
      reason: 'retention',
      events: erasedIds,
    });
    for (const event of after.filter((e) => erasedIds.includes(e.id))) {
      expect(event.erased).toEqual({ by: erasure?.id, reason: 'retention' });
      expect(event.privateHash).toMatch(/^[0-9a-f]{64}$/);
    }
    // Nothing due: a second run erases nothing and appends nothing.
    const again = await runRetention(t.app.records, { retentionDays: 90 });
    expect(again).toMatchObject({ ran: true, observations: 0, erasedEvents: 0 });
    expect((await record()).length).toBe(after.length);
  });

  it('runs once when several processes start it together', async () => {
    const old = await Promise.all([1, 2, 3, 4, 5].map((i) => observe(100 + i)));
    const runs = await Promise.all(
      [1, 2, 3].map(() => runRetention(t.app.records, { retentionDays: 90, batchSize: 2 })),
    );
    expect(runs.reduce((sum, run) => sum + run.observations, 0)).toBe(old.length);
    for (const observation of old) expect(await traces(observation)).toEqual([]);
    await record();
  });

  it('runs from the command line (npm run retention:run)', async () => {
    const old = await observe(40);
    const run = spawnSync(
      'node',
      ['--import', 'tsx', 'server/cli/run-retention.ts', '--days', '30'],
      {
        env: childEnv({ DATABASE_URL: t.db.url }),
        encoding: 'utf8',
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/erased [1-9]\d* observations/);
    expect(await traces(old)).toEqual([]);
    await record();
  });
});

describe("a reporter's erasure", () => {
  const token = 'device-token-of-the-reporter-0001';
  const otherToken = 'device-token-of-someone-else-0002';

  async function erase(id: string, deviceToken?: string) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/observations/${id}/erase`,
      headers: deviceToken ? { 'x-device-token': deviceToken } : {},
    });
  }

  it("is 404 for someone else's report, and for none at all", async () => {
    const observation = await observe(1, { device: await deviceHmac(t.db.pool, token) });
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
    const observation = await observe(1, { device: await deviceHmac(t.db.pool, token) });
    const bystander = await observe(1, { device: await deviceHmac(t.db.pool, otherToken) });
    const publicBefore = new Map((await record()).map((event) => [event.id, event.public]));
    const ownEvents = await eventsOf(observation);

    const response = await erase(observation.id, token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: observation.id });
    expect(await traces(observation)).toEqual([]);
    const state = await t.db.pool.query<{ moderation: string }>(
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
    const leader = await observe(1, { device: await deviceHmac(t.db.pool, otherToken) });
    const member = await observe(1, {
      device: await deviceHmac(t.db.pool, token),
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
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/account/erase-observations',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized' });
  });
});
