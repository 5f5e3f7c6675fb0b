import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type {
  HoldRule,
  ModerationState,
  ObservationKind,
} from '../../shared/observations/kinds.js';
import type { PersonRole } from '../../shared/roles.js';
import { INSERT_OBSERVATION } from '../../server/observations/observations.queries.js';
import { cellOf, publicLocation } from '../../server/privacy/geomask.js';

/**
 * Rows for moderation tests, written with the observations' own INSERT (the intake's rules
 * decided elsewhere): a report in a given state, and accounts to flag with.
 */
export interface ObservationFixture {
  category?: ObservationKind;
  text?: string | null;
  location?: { lon: number; lat: number };
  moderation?: ModerationState;
  heldFor?: HoldRule[];
  publicText?: string | null;
  createdAt?: Date;
  reporterUserId?: string | null;
  reporterKey?: string;
}

export async function insertObservation(
  pool: pg.Pool,
  fixture: ObservationFixture = {},
): Promise<string> {
  const id = randomUUID();
  const location = fixture.location ?? { lon: -87.6298, lat: 41.8781 };
  const shown = publicLocation(location, 'coarse');
  if (!shown) throw new Error('no public point');
  const cell = cellOf(location, 'coarse');
  const target = cellOf(location, 'point');
  const createdAt = (fixture.createdAt ?? new Date()).toISOString();
  await pool.query(INSERT_OBSERVATION, [
    id,
    fixture.category ?? 'vandalism',
    [],
    createdAt,
    createdAt,
    location.lon,
    location.lat,
    fixture.text === undefined ? 'Someone sprayed paint on the bus shelter' : fixture.text,
    fixture.reporterUserId ?? null,
    null,
    null,
    fixture.reporterKey ?? `k:${id}`,
    shown.lon,
    shown.lat,
    `coarse:${cell.row}:${cell.column}`,
    null,
    null,
    fixture.publicText ?? null,
    fixture.moderation ?? 'pending',
    fixture.heldFor ?? [],
    id,
    null,
    `point:${target.row}:${target.column}`,
  ]);
  return id;
}

export async function insertUser(pool: pg.Pool, role: PersonRole = 'resident'): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO users (id, email, password_hash, role) VALUES ($1, $2, 'not-a-hash', $3)`,
    [id, `${id}@example.test`, role],
  );
  return id;
}
