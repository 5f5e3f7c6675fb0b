import { randomBytes } from 'node:crypto';
import type pg from 'pg';

const SECRET_BYTES = 32;

/**
 * The server's secret of this name, made on first use and kept in the database: every process
 * of a deployment reads the same one, and a restart keeps it. Concurrent first uses agree (the
 * insert that loses the race is ignored and both read the winner).
 */
export async function serverSecret(db: pg.Pool | pg.PoolClient, name: string): Promise<Buffer> {
  await db.query(
    'INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, randomBytes(SECRET_BYTES)],
  );
  const { rows } = await db.query<{ value: Buffer }>(
    'SELECT value FROM server_secrets WHERE name = $1',
    [name],
  );
  const value = rows[0]?.value;
  if (!value) throw new Error(`the server secret ${name} could not be kept`);
  return value;
}
