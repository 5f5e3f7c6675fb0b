import type { EventEmitter } from 'node:events';
import { pipeline, type Transform } from 'node:stream';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';

/** Rows fetched from the cursor per round trip; also the row buffer ahead of the consumer. */
const ROWS_PER_FETCH = 500;

/**
 * Streams a query's rows through `output` from a cursor on a pool client of its own, and
 * returns `output`. Backpressure reaches the database: the cursor fetches the next rows only
 * when `output` has room, so memory stays flat however many rows match. The client goes back
 * to the pool when the cursor is closed, whether the rows ran out, the database failed or the
 * reader went away (destroying `output`).
 */
export async function streamQuery(
  pool: pg.Pool,
  query: { text: string; values: unknown[] },
  output: Transform,
): Promise<Transform> {
  const client = await pool.connect();
  const rows = new QueryStream(query.text, query.values, { batchSize: ROWS_PER_FETCH });
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.off('error', fail);
    // With an error the pool discards the connection instead of reusing one in doubt; the
    // dying connection may still report its end, which must not become an uncaught error.
    if (error) client.on('error', () => undefined);
    client.release(error);
  };
  // After a database error or a lost connection the cursor's close may never be answered
  // (pg-cursor then waits for a ReadyForQuery that does not come), so neither the release
  // nor the reply may wait for it: discard the connection and fail the output at once.
  const fail = (error: Error) => {
    release(error);
    output.destroy(error);
  };
  client.on('error', fail);
  (rows.cursor as EventEmitter).on('error', fail);
  // Otherwise 'close' follows the cursor's close, acknowledged by the server: the rows ran
  // out or the reader went away (destroying `output`), and the connection is idle again.
  rows.once('close', () => {
    release();
  });
  client.query(rows);
  // Failures reach `output`, whose reader (the HTTP reply) answers or cuts the response.
  pipeline(rows, output, () => undefined);
  return output;
}
