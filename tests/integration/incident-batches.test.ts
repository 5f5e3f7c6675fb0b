import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelopeOf, verifyChain, type PublicEventRecord } from '../../shared/audit/chain.js';
import { createIncidents } from '../../server/incidents/incident-create.service.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody } from '../support/incident-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Sent {
  label: string;
  body: unknown;
  key?: string;
}

/** Sends everything at once, so that the server's group commit puts them in shared batches. */
async function sendTogether(requests: Sent[]) {
  return Promise.all(
    requests.map(async (request) => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/incidents',
        headers: {
          ...bearer(t.dispatcherKey),
          ...(request.key ? { 'idempotency-key': request.key } : {}),
        },
        payload: request.body as object,
      });
      const body = response.json<{ id?: string; error?: string }>();
      return { label: request.label, status: response.statusCode, id: body.id, error: body.error };
    }),
  );
}

describe('concurrent creates sharing a transaction', () => {
  it('give each request its own right answer and record each new incident once', async () => {
    const repeatedBody = incidentBody();
    const conflictingBody = incidentBody();
    const sameRef = incidentBody({ externalRef: 'CAD-BATCH-1' });
    const requests: Sent[] = [
      ...Array.from({ length: 150 }, (_, i) => ({ label: `plain-${i}`, body: incidentBody() })),
      { label: 'key-a1', body: repeatedBody, key: 'batch-key-a' },
      { label: 'key-a2', body: repeatedBody, key: 'batch-key-a' },
      { label: 'key-b1', body: conflictingBody, key: 'batch-key-b' },
      { label: 'key-b2', body: { ...conflictingBody, priority: 1 }, key: 'batch-key-b' },
      { label: 'ref-1', body: sameRef },
      { label: 'ref-2', body: sameRef },
      { label: 'ref-changed', body: { ...sameRef, summary: 'something else entirely' } },
      { label: 'future', body: incidentBody({ reportedAt: '2999-01-01T00:00:00Z' }) },
    ];
    const before =
      (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]
        ?.n ?? 0;
    const answers = await sendTogether(requests);
    const byLabel = new Map(answers.map((answer) => [answer.label, answer]));

    expect(answers.filter((a) => a.label.startsWith('plain-')).every((a) => a.status === 201)).toBe(
      true,
    );
    expect(byLabel.get('key-a1')?.id).toBe(byLabel.get('key-a2')?.id);
    expect([byLabel.get('key-a1')?.status, byLabel.get('key-a2')?.status]).toEqual([201, 201]);
    expect([byLabel.get('key-b1')?.status, byLabel.get('key-b2')?.status].sort()).toEqual([
      201, 422,
    ]);
    const refStatuses = ['ref-1', 'ref-2', 'ref-changed'].map(
      (label) => byLabel.get(label)?.status,
    );
    expect(refStatuses.filter((status) => status === 201)).toHaveLength(1);
    expect(refStatuses.filter((status) => status === 409 || status === 200).length).toBe(2);
    if (byLabel.get('ref-1')?.status === 201) {
      expect(byLabel.get('ref-2')).toMatchObject({ status: 200, id: byLabel.get('ref-1')?.id });
    }
    expect(byLabel.get('future')).toMatchObject({ status: 400, error: 'invalid_request' });

    const created = new Set(answers.filter((a) => a.status === 201).map((a) => a.id));
    const after =
      (await t.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents')).rows[0]
        ?.n ?? 0;
    expect(after - before).toBe(created.size);
    const events = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/events?after=0&limit=1000',
    });
    const records = events.json<{ events: PublicEventRecord[] }>().events;
    expect(verifyChain(records)).toMatchObject({ ok: true });
    const createdEvents = records.filter(
      (e) =>
        envelopeOf(e)?.type === 'incident.created' && created.has(envelopeOf(e)?.entityId ?? ''),
    );
    expect(createdEvents).toHaveLength(created.size);
    // Events appended by one transaction share their `at`: some batch held more than one.
    const largestBatch = await t.db.pool.query<{ n: number }>(
      'SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM events GROUP BY at) AS batches',
    );
    expect(largestBatch.rows[0]?.n).toBeGreaterThan(1);
    const keys = await t.db.pool.query<{ key: string; status_code: number | null }>(
      "SELECT key, status_code FROM idempotency_keys WHERE key LIKE 'batch-key-%' ORDER BY key",
    );
    expect(keys.rows).toEqual([
      { key: 'batch-key-a', status_code: 201 },
      { key: 'batch-key-b', status_code: 201 },
    ]);
  });

  it('fail alone when one of them breaks the transaction, the others are written', async () => {
    const author = { keyId: 'batch-test', source: 'batch-test' };
    const request = (input: unknown) => ({
      author,
      input: input as ReturnType<typeof incidentBody>,
      idempotencyKey: undefined,
      request: null,
    });
    // Priority 9 passes no schema here (the service is called directly) and breaks a CHECK
    // constraint, which aborts the whole shared transaction.
    const outcomes = await createIncidents(t.app.records, [
      request(incidentBody()),
      request(incidentBody({ priority: 9 })),
      request(incidentBody()),
    ]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    const written = await t.db.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE source = 'batch-test'",
    );
    expect(written.rows[0]?.n).toBe(2);
  });
});
