import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  verifyChain,
  type PublicEventRecord,
  type PublicEventRecordV2,
} from '../../shared/audit/chain.js';
import { storeObservation, type StoredObservation } from './erasable-observations.js';
import { incidentBody } from './incident-factory.js';
import { bearer, startTestApp, type TestApp } from './test-app.js';

/**
 * What the erasure tests look at, for one test app: reports to erase, the public record read
 * whole and verified from genesis, and a search of the database for a report's personal data.
 */
let t: TestApp;

/**
 * A fresh app for the test file (`start`, startTestApp unless told), the checks pointed at it,
 * closed after the file: read it through the returned function, in tests and hooks.
 */
export function useErasureApp(start: () => Promise<TestApp> = startTestApp): () => TestApp {
  beforeAll(async () => {
    t = await start();
  });
  afterAll(async () => {
    await t.close();
  });
  return () => t;
}

/** POST /api/v1/incidents with a valid body, as the dispatcher's key. */
export function postIncident(): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: bearer(t.dispatcherKey),
    payload: incidentBody({}),
  });
}

export const DAY_MS = 24 * 60 * 60 * 1000;
let seq = 0;

/** A distinct exact point and text per report, to search the database for afterwards. */
export async function observe(
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

export async function record(): Promise<PublicEventRecordV2[]> {
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
export async function eventsOf(observation: StoredObservation): Promise<number[]> {
  const { rows } = await t.db.pool.query<{ id: number }>(
    `SELECT id::float8 AS id FROM events WHERE entity_type = 'observation'
       AND (private->'feature'->>'id') = $1 ORDER BY id`,
    [observation.id],
  );
  return rows.map((row) => row.id);
}

export function coordinateTexts(point: { lon: number; lat: number }): string[] {
  return [String(point.lon), String(point.lat)];
}

/** Anything of the report's personal data left in the observations or events tables. */
export async function traces(observation: StoredObservation): Promise<string[]> {
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
