import type pg from 'pg';

/** Runs `work` in one transaction on one client: all of it commits, or none of it. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // While checked out, a lost connection is an 'error' event on the client, thrown (and fatal)
  // if nobody listens; the statement waiting on it fails on its own, so remembering is enough.
  const onLost = (error: Error) => {
    broken = error;
  };
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!broken) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
    }
    throw error;
  } finally {
    client.off('error', onLost);
    // A client whose connection was lost or whose rollback failed is in an unknown state: drop it
    // rather than reuse it.
    client.release(broken);
  }
}
