import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type PublicEventRecord } from '../../shared/audit/chain.js';
import { readChainHead, readPublicEventsAfter } from '../../server/audit/events.service.js';
import { createIncident } from '../../server/incidents/incident-create.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

const author = { keyId: 'tailer-test', source: 'tailer-test' };
const newIncident = () => ({
  author,
  input: incidentBody(),
  idempotencyKey: undefined,
  request: null,
});

describe('the event record', () => {
  it('is seen by a tailer exactly once and in order while 8 writers append concurrently', async () => {
    const writers = 8;
    const perWriter = 60;
    const start = (await readChainHead(t.db.pool)).id;
    const progress = { writing: true };
    const seen: PublicEventRecord[] = [];
    const tail = (async () => {
      let last = start;
      for (;;) {
        const stillWriting = progress.writing;
        const batch = await readPublicEventsAfter(t.db.pool, last, 50);
        for (const event of batch) {
          // An id that became visible after a larger one would show up here as a gap.
          expect(event.id).toBe(last + 1);
          last = event.id;
          seen.push(event);
        }
        if (!stillWriting && batch.length === 0) return;
      }
    })();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < perWriter; i += 1) {
          await createIncident(t.app.records, newIncident());
        }
      }),
    );
    progress.writing = false;
    await tail;
    expect(seen).toHaveLength(writers * perWriter);
    expect(new Set(seen.map((e) => e.id)).size).toBe(writers * perWriter);
    const previous = await t.db.pool.query<{ hash: string }>(
      'SELECT hash FROM events WHERE id = $1',
      [start],
    );
    const verdict = verifyChain(seen, {
      id: start,
      hash: previous.rows[0]?.hash ?? '0'.repeat(64),
    });
    expect(verdict).toMatchObject({ ok: true, count: writers * perWriter });
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the role the server uses', async () => {
    await createIncident(t.app.records, newIncident());
    const role = (await t.db.pool.query<{ current_user: string }>('SELECT current_user')).rows[0]
      ?.current_user;
    expect(role).toBeTruthy();
    await expect(t.db.pool.query("UPDATE events SET public = '{}'::jsonb")).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.pool.query('DELETE FROM events')).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('UPDATE events SET public = NULL')).rejects.toThrow(/append-only/);
    await expect(t.db.pool.query('TRUNCATE events')).rejects.toThrow();
    await expect(t.db.pool.query('TRUNCATE events CASCADE')).rejects.toThrow(/append-only/);

    await expect(t.db.pool.query('UPDATE event_chain_head SET last_id = 0')).rejects.toThrow(
      /only moves forward/,
    );
    const events = await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(events.rows[0]?.n).toBeGreaterThan(0);
  });

  it('lets anyone holding the public record detect a changed, removed or reordered event', async () => {
    for (let i = 0; i < 5; i += 1) {
      await createIncident(t.app.records, newIncident());
    }
    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/events?after=0&limit=1000',
    });
    const { events } = response.json<{ events: PublicEventRecord[] }>();
    expect(verifyChain(events)).toMatchObject({ ok: true });
    const head = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    expect(head.json()).toMatchObject({ id: events.at(-1)?.id, hash: events.at(-1)?.hash });
    expect(JSON.stringify(events)).not.toContain('"private"');

    const changed = structuredClone(events);
    const target = changed[2] as PublicEventRecord & {
      public: { feature: { properties: { priority: number } } };
    };
    target.public.feature.properties.priority = 1;
    expect(verifyChain(changed)).toMatchObject({ ok: false, id: target.id });

    const removed = events.filter((_, index) => index !== 3);
    expect(verifyChain(removed).ok).toBe(false);

    const reordered = [...events];
    [reordered[1], reordered[2]] = [
      reordered[2] as PublicEventRecord,
      reordered[1] as PublicEventRecord,
    ];
    expect(verifyChain(reordered).ok).toBe(false);
  });
});
