import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBSERVATION_KIND_SLUGS } from '../../shared/observations/kinds.js';
import { applyModeration } from '../../server/observations/observation-state.js';
import { deviceToken, report, startObservationApp } from '../support/observation-client.js';
import { connectListener, waitFor, type Listener } from '../support/stream-client.js';
import { bearer, listen, type TestApp } from '../support/test-app.js';

/**
 * For random exact points and texts, whatever happens to the reports (approved with a
 * redaction, left pending, held, verified, withdrawn), no public path carries an exact
 * coordinate, a text as written or anything of the reporter: REST (list, item), the public
 * socket's frames and the public record (/api/v1/audit/events).
 */

const SEED = Number(process.env.FC_SEED ?? Date.now() % 2_147_483_647);
const RUNS = 20;

const ReportArbitrary = fc.record({
  // Places given to the metre or finer (a short number like 49.2 is a substring of anything).
  lon: fc.double({ min: -123.2, max: -123.0, noNaN: true }).filter((x) => String(x).length >= 10),
  lat: fc.double({ min: 49.2, max: 49.3, noNaN: true }).filter((x) => String(x).length >= 9),
  kind: fc.constantFrom(...OBSERVATION_KIND_SLUGS),
  words: fc.option(fc.stringMatching(/^[a-z]{3,12}( [a-z]{3,12}){1,6}$/), { nil: undefined }),
  fate: fc.constantFrom('none', 'approve-redacted', 'verify', 'withdraw'),
});

let t: TestApp;
let publicMap: Listener;
const frames: string[] = [];

beforeAll(async () => {
  t = await startObservationApp();
  const url = await listen(t);
  publicMap = await connectListener(url);
  publicMap.socket.onAny((_name, payload) => frames.push(JSON.stringify(payload)));
  await publicMap.subscribe({ bbox: [-180, -90, 180, 90], layers: ['observations', 'incidents'] });
});
afterAll(async () => {
  publicMap.close();
  await t.close();
});

describe("public paths never carry a report's private data", () => {
  it('holds for random places, texts and fates', async () => {
    const secrets: string[] = [];
    const ids: string[] = [];
    let n = 0;
    await fc.assert(
      fc.asyncProperty(ReportArbitrary, async ({ lon, lat, kind, words, fate }) => {
        n += 1;
        const device = deviceToken();
        const address = `10.20.${n >> 8}.${n % 256}`;
        const text = words === undefined ? undefined : `${words} marker${n}x`;
        secrets.push(String(lon), String(lat), device, address);
        if (text) secrets.push(text);
        const response = await report(
          t.app,
          { category: kind, location: { lon, lat }, ...(text ? { text } : {}) },
          { device, address },
        );
        expect(response.statusCode).toBe(202);
        const { id } = response.json<{ id: string }>();
        ids.push(id);
        if (fate === 'approve-redacted') {
          await t.app.records.transact(async (session) => ({
            result: null,
            events: (
              await applyModeration(session.db, id, { state: 'approved', publicText: '[…]' })
            ).events,
          }));
        } else if (fate === 'verify') {
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/observations/${id}/verification`,
            headers: bearer(t.dispatcherKey),
            payload: { state: 'disputed', reason: `dispatch note ${n}` },
          });
          secrets.push(`dispatch note ${n}`);
        } else if (fate === 'withdraw') {
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/observations/${id}/withdraw`,
            headers: { 'x-device-token': device },
          });
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The reporters' keys as stored: none may leave the server either.
    const stored = await t.db.pool.query<{ k: string | null; d: string | null; a: string | null }>(
      'SELECT reporter_key AS k, reporter_device AS d, reporter_address AS a FROM observations',
    );
    for (const row of stored.rows) {
      secrets.push(...[row.k, row.d, row.a].filter((value): value is string => value !== null));
    }
    const head = await t.app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    const headId = head.json<{ id: number }>().id;
    await waitFor(() => publicMap.events.length === 0 || true, 'the stream');
    // Give the relay a moment to deliver every committed event to the public socket.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const outputs = [
      (await t.app.inject({ method: 'GET', url: '/api/v1/observations?bbox=-124,49,-122,50' }))
        .body,
      ...(await Promise.all(
        ids.map(
          async (id) =>
            (await t.app.inject({ method: 'GET', url: `/api/v1/observations/${id}` })).body,
        ),
      )),
      (await t.app.inject({ method: 'GET', url: `/api/v1/audit/events?after=0&limit=1000` })).body,
      ...frames,
    ];
    expect(headId).toBeGreaterThan(0);
    expect(frames.some((frame) => frame.includes('"layer":"observations"'))).toBe(true);
    const leaks = secrets.filter((secret) => outputs.some((output) => output.includes(secret)));
    expect(leaks, `seed ${SEED}`).toEqual([]);
  });
});
