import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** A square district of `size` degrees with its south-west corner at (lon, lat). */
export async function addSquareDistrict(
  pool: pg.Pool,
  name: string,
  lon: number,
  lat: number,
  size = 0.01,
): Promise<void> {
  await pool.query(
    `INSERT INTO districts (name, source, geometry)
     VALUES ($1, 'test', ST_Multi(ST_MakeEnvelope($2::float8, $3::float8, $2::float8 + $4::float8, $3::float8 + $4::float8, 4326)))`,
    [name, lon, lat, size],
  );
}

export interface SyntheticCall {
  /** Where the incident is; null: a call published without a place (no incident). */
  at: { lon: number; lat: number } | null;
  category?: string;
  priority: number;
  receivedAt: Date;
  /** Seconds from receipt; null: the step was not reached. */
  toDispatch?: number | null;
  toScene?: number | null;
  /** Seconds on scene (cleared − on scene). */
  onScene?: number | null;
  officerInitiated?: boolean;
  /** Ratings given on this response (at receipt + 1 h). */
  ratings?: number[];
}

const plus = (at: Date, seconds: number | null | undefined) =>
  seconds === null || seconds === undefined ? null : new Date(at.getTime() + seconds * 1000);

/**
 * Incidents, their responses and ratings written straight in SQL (the statistics read the
 * tables, whichever path wrote them); the district comes from the incidents' trigger.
 */
export async function insertCalls(pool: pg.Pool, calls: readonly SyntheticCall[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const call of calls) {
      const category = call.category ?? 'theft';
      let incidentId: string | null = null;
      if (call.at) {
        incidentId = randomUUID();
        await client.query(
          `INSERT INTO incidents (id, category, priority, status, summary, public_summary,
             occurred_at, reported_at, location, visibility, public_location, source,
             external_ref, created_at, updated_at, officer_initiated)
           VALUES ($1, $2, $3, 'resolved', 'Synthetic', 'Synthetic', $4, $4,
             ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326), 'point',
             ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326), 'test', $8, $4, $4, $7)`,
          [
            incidentId,
            category,
            call.priority,
            call.receivedAt,
            call.at.lon,
            call.at.lat,
            call.officerInitiated ?? false,
            incidentId,
          ],
        );
      }
      const responseId = randomUUID();
      const dispatched = plus(call.receivedAt, call.toDispatch);
      const onScene = plus(call.receivedAt, call.toScene);
      const cleared = onScene ? plus(onScene, call.onScene) : null;
      await client.query(
        `INSERT INTO responses (id, incident_id, district_id, category, priority,
           officer_initiated, state, received_at, dispatched_at, on_scene_at, cleared_at,
           source, external_ref, created_at, updated_at)
         VALUES ($1, $2, (SELECT district_id FROM incidents WHERE id = $2::uuid), $3, $4, $5,
           'received', $6, $7, $8, $9, 'test', $10, $6, $6)`,
        [
          responseId,
          incidentId,
          category,
          call.priority,
          call.officerInitiated ?? false,
          call.receivedAt,
          dispatched,
          onScene,
          cleared,
          responseId,
        ],
      );
      for (const rating of call.ratings ?? []) {
        const userId = randomUUID();
        await client.query(`INSERT INTO users (id, email, password_hash) VALUES ($1, $2, 'x')`, [
          userId,
          `${userId}@example.test`,
        ]);
        await client.query(
          `INSERT INTO feedback (id, response_id, user_id, rating, moderation, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'none', $5, $5)`,
          [randomUUID(), responseId, userId, rating, plus(call.receivedAt, 3600)],
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
