import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { contentHash, partHash } from '../../shared/audit/chain.js';

/**
 * Observations as the intake stores them (migrations/015), with chained events whose private
 * part holds the exact feature and the text as written, for the erasure tests. Written with
 * append_events() directly, so these tests do not depend on the intake's rules.
 */
export interface StoredObservation {
  id: string;
  exact: { lon: number; lat: number };
  text: string;
  device: string | null;
  userId: string | null;
  eventIds: number[];
}

function prepared(
  entityId: string,
  type: string,
  at: Date,
  publicPart: object,
  privatePart: object,
) {
  const pub = {
    ...publicPart,
    type,
    entity: 'observation',
    day: at.toISOString().slice(0, 10),
    salt: randomBytes(16).toString('hex'),
  };
  const priv = { ...privatePart, nonce: randomBytes(16).toString('hex') };
  const hashes = { publicHash: partHash(pub), privateHash: partHash(priv) };
  return {
    type,
    entity: 'observation',
    entityId,
    at: at.toISOString(),
    public: pub,
    private: priv,
    ...hashes,
    contentHash: contentHash(hashes),
  };
}

export async function storeObservation(
  db: pg.Pool,
  options: {
    exact: { lon: number; lat: number };
    text: string;
    createdAt: Date;
    device?: string | null;
    userId?: string | null;
  },
): Promise<StoredObservation> {
  const id = randomUUID();
  const { exact, text, createdAt } = options;
  await db.query(
    `INSERT INTO observations (id, category, observed_at, created_at, updated_at, location, text,
       reporter_user_id, reporter_device, public_location, public_cell, moderation, group_id)
     VALUES ($1, 'graffiti', $2, $2, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, $7,
       ST_SetSRID(ST_MakePoint(round($3::numeric, 2), round($4::numeric, 2)), 4326), 'c1',
       'approved', $1)`,
    [id, createdAt, exact.lon, exact.lat, text, options.userId ?? null, options.device ?? null],
  );
  const feature = {
    type: 'Feature',
    id,
    geometry: { type: 'Point', coordinates: [exact.lon, exact.lat] },
    properties: { text, moderation: 'pending' },
  };
  const events = [
    prepared(id, 'observation.created', createdAt, { visibility: 'not_shown' }, { feature }),
    prepared(
      id,
      'observation.updated',
      createdAt,
      { visibility: 'shown', feature: { id } },
      {
        feature: { ...feature, properties: { text, moderation: 'approved' } },
      },
    ),
  ];
  const appended = await db.query<{ id: number }>(
    'SELECT event_id::float8 AS id FROM append_events($1::jsonb)',
    [JSON.stringify(events)],
  );
  return {
    id,
    exact,
    text,
    device: options.device ?? null,
    userId: options.userId ?? null,
    eventIds: appended.rows.map((row) => row.id),
  };
}
