import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidents } from '../../server/incidents/incident-create.service.js';
import type { IncidentRow } from '../../server/incidents/incident-row.js';
import { incidentEvent } from '../../server/incidents/incident-events.js';
import {
  incidentsTable,
  recordOfRow,
  rowOfRecord,
  type IncidentRecord,
} from '../../server/incidents/incident-table.js';
import type { BulkLoad } from '../../server/record/bulk-loader.js';
import { CommitSignal } from '../../server/record/commit-signal.js';
import { RecordWriter } from '../../server/record/record-writer.js';
import { bearer, startTestApp, type TestApp } from '../support/test-app.js';
import { incidentBody, incidentRecord } from '../support/incident-factory.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

/** A writer of its own, whose commit signal counts what it is told. */
function countingWriter() {
  const commits = new CommitSignal();
  const counted = { commits: 0 };
  commits.subscribe(() => {
    counted.commits += 1;
  });
  return { records: new RecordWriter(t.db.pool, commits), counted };
}

async function eventsAbout(ids: readonly string[]) {
  const result = await t.db.pool.query<{ type: string; entity_id: string }>(
    'SELECT type, entity_id FROM events WHERE entity_id = ANY($1::uuid[]) ORDER BY id',
    [ids],
  );
  return result.rows;
}

/** The created-events of rows, as the writers build them (the record takes only declared ones). */
function createdEvents(rows: readonly IncidentRecord[]) {
  return rows.map((row) => incidentEvent('incident.created', rowOfRecord(row), []));
}

async function lastEventId(): Promise<number> {
  const result = await t.db.pool.query<{ id: number }>(
    'SELECT coalesce(max(id), 0)::float8 AS id FROM events',
  );
  return result.rows[0]?.id ?? 0;
}

function record(
  source: string,
  n: number,
  overrides: Partial<IncidentRecord> = {},
): IncidentRecord {
  return {
    ...incidentRecord({
      category: 'burglary',
      priority: 2,
      summary: `Door forced at 12 Main St, row ${n}`,
      publicSummary: `Door forced at [address], row ${n}`,
      location: { lon: -87.6298 + n * 1e-4, lat: 41.8781 },
      occurredAt: new Date(Date.UTC(2026, 2, 1, 10, n)),
      source,
      externalRef: `row-${n}`,
    }),
    ...overrides,
  };
}

describe('the record writer', () => {
  it('wakes the relays once per committed batch that chained events, and not for a replay', async () => {
    const { records, counted } = countingWriter();
    const author = { keyId: 'writer-test', source: 'writer-test' };
    const keyed = {
      author,
      input: incidentBody(),
      idempotencyKey: 'writer-key-1',
      request: { body: 'first' },
    };
    const plain = { author, input: incidentBody(), idempotencyKey: undefined, request: null };
    const first = await createIncidents(records, [keyed, plain]);
    expect(first.map((outcome) => outcome.ok && outcome.value.statusCode)).toEqual([201, 201]);
    expect(counted.commits).toBe(1);

    const before = await lastEventId();
    const [replay, reused] = await createIncidents(records, [
      keyed,
      { ...keyed, request: { body: 'another' }, idempotencyKey: 'writer-key-1' },
    ]);
    expect(replay).toEqual(first[0]);
    // The same key with another request, in the same batch as its replay: refused.
    expect(reused).toMatchObject({ ok: false, error: { statusCode: 422 } });
    expect(await lastEventId()).toBe(before);
    expect(counted.commits).toBe(1);
  });

  it('answers a retried PATCH with its first answer, writes one event, and refuses the key for another change', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: bearer(t.dispatcherKey),
      payload: incidentBody({ category: 'theft' }),
    });
    const id = created.json<{ id: string }>().id;
    const patch = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/incidents/${id}`,
        headers: { ...bearer(t.dispatcherKey), 'idempotency-key': 'patch-once' },
        payload: body,
      });

    const first = await patch({ status: 'responding' });
    expect(first.statusCode).toBe(200);
    // A change made in between: the retry must still get the first answer, not the state now.
    const between = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/incidents/${id}`,
      headers: bearer(t.dispatcherKey),
      payload: { priority: 1 },
    });
    expect(between.statusCode).toBe(200);
    const retry = await patch({ status: 'responding' });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    const other = await patch({ status: 'resolved' });
    expect(other.statusCode).toBe(422);
    expect(other.json<{ error: string }>().error).toBe('idempotency_key_reused');

    expect((await eventsAbout([id])).map((event) => event.type)).toEqual([
      'incident.created',
      'incident.updated',
      'incident.updated',
    ]);
  });

  it.each<BulkLoad>(['copy', 'insert'])(
    'loads a batch by %s: rows read back as written, duplicates skipped, events for the rows inserted only',
    async (load) => {
      const { records, counted } = countingWriter();
      const source = `bulk-${load}`;
      const client = await t.db.pool.connect();
      try {
        const loader = records.bulk(client, incidentsTable, load);
        await loader.open();
        const firstBatch = [
          record(source, 1),
          record(source, 2, { visibility: 'hidden', publicLocation: null }),
        ];
        const seen: string[][] = [];
        const eventsOf = (rows: readonly IncidentRecord[]) => {
          seen.push(rows.map((row) => row.id));
          return createdEvents(rows);
        };
        expect(await loader.write(firstBatch, eventsOf)).toEqual(firstBatch);
        // The same external reference again (a re-import), beside a new row.
        const fresh = record(source, 3);
        const inserted = await loader.write([record(source, 1), fresh], eventsOf);
        expect(inserted).toEqual([fresh]);
        await loader.close();

        const written = [...firstBatch, fresh];
        const stored = await t.db.pool.query<IncidentRow>(
          `SELECT ${incidentsTable.sql.selectAll} FROM incidents WHERE source = $1 ORDER BY external_ref`,
          [source],
        );
        expect(stored.rows.map(recordOfRow)).toEqual(written);
        expect(seen).toEqual([firstBatch.map((row) => row.id), [fresh.id]]);
        expect((await eventsAbout(written.map((row) => row.id))).length).toBe(3);
        expect(counted.commits).toBe(2);
      } finally {
        client.release();
      }
    },
  );

  it('rolls a failing batch back whole: no row, no event, no wake-up', async () => {
    const { records, counted } = countingWriter();
    const client = await t.db.pool.connect();
    const before = await lastEventId();
    try {
      const loader = records.bulk(client, incidentsTable, 'insert');
      // Priority 9 breaks a CHECK constraint.
      const rows = [record('bulk-failing', 1), record('bulk-failing', 2, { priority: 9 })];
      await expect(loader.write(rows, createdEvents)).rejects.toThrow(
        /violates check constraint .*priority/,
      );
    } finally {
      client.release();
    }
    const stored = await t.db.pool.query("SELECT 1 FROM incidents WHERE source = 'bulk-failing'");
    expect(stored.rowCount).toBe(0);
    expect(await lastEventId()).toBe(before);
    expect(counted.commits).toBe(0);
  });
});
