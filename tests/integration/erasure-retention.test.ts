import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { runRetention } from '../../server/erasure/retention.service.js';
import { childEnv } from '../support/server-process.js';
import {
  DAY_MS,
  coordinateTexts,
  eventsOf,
  observe,
  postIncident,
  record,
  traces,
  useErasureApp,
} from '../support/erasure-checks.js';

const t = useErasureApp();

describe('retention', () => {
  it('erases old reports, keeps recent ones, and the record still verifies', async () => {
    const before = await record();
    const old = [await observe(91), await observe(120, { device: 'a'.repeat(64) })];
    const recent = await observe(89, { device: 'b'.repeat(64) });
    const publicBefore = new Map((await record()).map((event) => [event.id, event.public]));
    const erasedIds = (await Promise.all(old.map(eventsOf))).flat();

    const report = await runRetention(t().app.records, { retentionDays: 90 });
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
    const again = await runRetention(t().app.records, { retentionDays: 90 });
    expect(again).toMatchObject({ ran: true, observations: 0, erasedEvents: 0 });
    expect((await record()).length).toBe(after.length);
  });

  it('erases old tips (text, place, contact, tipster) and keeps recent ones', async () => {
    const created = await postIncident();
    const incidentId = created.json<{ id: string }>().id;
    const appealId = randomUUID();
    await t().db.pool.query(
      `INSERT INTO appeals (id, incident_id, text, until, state, opened_by, created_at)
       VALUES ($1, $2, 'Did anyone see a blue van?', now() + interval '1 day', 'open', 'key:x', now())`,
      [appealId, incidentId],
    );
    const tip = async (ageDays: number) => {
      const id = randomUUID();
      await t().db.pool.query(
        `INSERT INTO tips (id, appeal_id, created_at, text, location, contact, tipster_device)
         VALUES ($1, $2, $3, 'The van parked at number 12', ST_SetSRID(ST_MakePoint(-123.1, 49.2), 4326),
                 'call 0170 1234567', 'device-hmac')`,
        [id, appealId, new Date(Date.now() - ageDays * DAY_MS)],
      );
      return id;
    };
    const old = await tip(95);
    const recent = await tip(5);
    const report = await runRetention(t().app.records, { retentionDays: 90 });
    expect(report.tips).toBe(1);
    const { rows } = await t().db.pool.query<{ id: string; kept: boolean; erased: boolean }>(
      `SELECT id, (text IS NOT NULL OR location IS NOT NULL OR contact IS NOT NULL
                   OR tipster_device IS NOT NULL) AS kept, erased_at IS NOT NULL AS erased
       FROM tips WHERE id = ANY($1::uuid[])`,
      [[old, recent]],
    );
    expect(rows.find((row) => row.id === old)).toMatchObject({ kept: false, erased: true });
    expect(rows.find((row) => row.id === recent)).toMatchObject({ kept: true, erased: false });
  });

  it('runs once when several processes start it together', async () => {
    const old = await Promise.all([1, 2, 3, 4, 5].map((i) => observe(100 + i)));
    const runs = await Promise.all(
      [1, 2, 3].map(() => runRetention(t().app.records, { retentionDays: 90, batchSize: 2 })),
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
        env: childEnv({ DATABASE_URL: t().db.url }),
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
