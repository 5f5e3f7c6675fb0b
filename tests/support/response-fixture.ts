import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { CategorySlug } from '../../shared/categories.js';
import {
  CENTRAL_CHICAGO,
  incidentRecord,
  insertIncidentRecords,
  type Place,
} from './incident-factory.js';

export interface ResponseFixture {
  incidentId: string;
  responseId: string;
  /** The incident's public point (null for a hidden one). */
  publicPoint: [number, number] | null;
}

/**
 * An incident and its police response, written straight to the tables of migrations 003 and
 * 020 (no events), so feedback tests need nothing of the responses feature (server/responses).
 */
export async function insertResponse(
  pool: pg.Pool,
  options: { category?: CategorySlug; location?: Place; officerInitiated?: boolean } = {},
): Promise<ResponseFixture> {
  const record = incidentRecord({
    location: options.location ?? CENTRAL_CHICAGO,
    category: options.category ?? 'theft',
  });
  await insertIncidentRecords(pool, [record]);
  const responseId = randomUUID();
  const receivedAt = new Date(record.reportedAt);
  await pool.query(
    `INSERT INTO responses (id, incident_id, category, priority, officer_initiated, state,
       received_at, dispatched_at, source, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'dispatched', $6, $7, 'test-cad', $6, $6)`,
    [
      responseId,
      record.id,
      record.category,
      record.priority,
      options.officerInitiated ?? false,
      receivedAt,
      new Date(receivedAt.getTime() + 60_000),
    ],
  );
  const point = record.publicLocation;
  return {
    incidentId: record.id,
    responseId,
    publicPoint: point ? [point.lon, point.lat] : null,
  };
}

export const feedbackUrl = (
  fixture: Pick<ResponseFixture, 'incidentId' | 'responseId'>,
  suffix = '',
) => `/api/v1/incidents/${fixture.incidentId}/responses/${fixture.responseId}/feedback${suffix}`;
