import type pg from 'pg';

export class PostgisMissingError extends Error {}

/** Refuses to go on without PostGIS: every location in Openbeat is a PostGIS geometry. */
export async function checkPostgisAvailable(pool: pg.Pool): Promise<void> {
  const available = await pool.query(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'",
  );
  if (available.rowCount === 0) {
    throw new PostgisMissingError(
      'PostGIS is not installed on this PostgreSQL server; Openbeat needs it ' +
        '(on Debian: apt-get install postgresql-15-postgis-3)',
    );
  }
}

export async function postgisVersion(pool: pg.Pool): Promise<string> {
  const result = await pool.query<{ version: string }>('SELECT postgis_lib_version() AS version');
  return result.rows[0]?.version ?? 'unknown';
}
