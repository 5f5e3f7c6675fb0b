import http from 'node:http';
import Fastify from 'fastify';
import exportRoutes from '../../server/export/export.routes.js';
import database from '../../server/plugins/database.js';
import validation from '../../server/plugins/validation.js';
import { waitFor } from '../support/stream-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BULK_BBOX,
  CENTRAL_BBOX,
  parseCsv,
  startExportServer,
  type ExportServer,
} from '../support/export-server.js';

/**
 * An export gives its pool connection back however it ends (the reader goes away, the database
 * connection dies, the reader stalls), and exports may hold at most half the pool.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: true });
});

afterAll(async () => {
  await server.t.close();
});

describe('export connections', () => {
  it('gives the pool connection back when the client goes away mid-export', async () => {
    await waitFor(() => server.checkedOut() === 0, 'an idle pool before the export');
    let seen = 0;
    let heldDuringExport = -1;
    const { response, ended } = await server.httpGet(
      `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
      (_chunk, stream) => {
        seen += 1;
        if (seen === 1) stream.pause();
      },
    );
    await waitFor(() => seen >= 1, 'the first chunk');
    // The reader has stopped; backpressure keeps the export (and its connection) waiting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    heldDuringExport = server.checkedOut();
    response.destroy();
    await ended;
    expect(heldDuringExport).toBeGreaterThanOrEqual(1);
    await waitFor(
      () => server.checkedOut() === 0 && server.t.db.pool.waitingCount === 0,
      'the export connection back in the pool',
    );
    expect(server.t.db.pool.idleCount).toBe(server.t.db.pool.totalCount);
    // No export query is left running on the server either.
    const running = await server.t.db.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND query LIKE '%public_location%'
         AND pid <> pg_backend_pid()`,
    );
    expect(running.rows[0]?.n).toBe('0');
    // And the connection it used serves the next export.
    const next = await server.get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(next.statusCode).toBe(200);
    expect(parseCsv(next.body)).toHaveLength(3);
  });

  it('gives the connection back when the database connection dies mid-export', async () => {
    await waitFor(() => server.checkedOut() === 0, 'an idle pool before the export');
    let seen = 0;
    const { response, ended } = await server.httpGet(
      `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
      (_chunk, stream) => {
        seen += 1;
        if (seen === 1) stream.pause();
      },
    );
    await waitFor(() => seen >= 1, 'the first chunk');
    const terminated = await server.t.db.pool.query<{ pid: number }>(
      `SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active'
         AND query LIKE '%public_location%ORDER BY occurred_at%' AND pid <> pg_backend_pid()`,
    );
    expect(terminated.rows).toHaveLength(1);
    response.resume();
    // The reader gets a response cut short ("aborted"), never a complete-looking CSV.
    await expect(ended).rejects.toThrow('aborted');
    expect(response.complete).toBe(false);
    await waitFor(
      () => server.checkedOut() === 0 && server.t.db.pool.waitingCount === 0,
      'the dead connection out of the pool',
    );
    const next = await server.get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(next.statusCode).toBe(200);
    expect(parseCsv(next.body)).toHaveLength(3);
  });

  it('ends an export whose reader stalls, and gives its connection back', async () => {
    // The export routes alone, with a short stall timeout, on the same database.
    const bare = Fastify();
    await bare.register(validation);
    await bare.register(database, { pool: server.t.db.pool });
    await bare.register(exportRoutes, { prefix: '/api/v1/export', stallTimeoutMs: 300 });
    try {
      const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
      await waitFor(() => server.checkedOut() === 0, 'an idle pool before the export');
      let seen = 0;
      const { response, ended } = await server.httpGet(
        `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
        (_chunk, stream) => {
          seen += 1;
          if (seen === 1) stream.pause();
        },
        bareUrl,
      );
      await waitFor(() => seen >= 1, 'the first chunk');
      expect(server.checkedOut()).toBeGreaterThanOrEqual(1);
      // The reader does not resume: the server gives up on it and frees the connection.
      await waitFor(
        () => server.checkedOut() === 0,
        'the stalled export connection back in the pool',
      );
      // Reading on, the reader finds the response cut short (it sees the close only after
      // the data it had not read).
      response.resume();
      await expect(ended).rejects.toThrow('aborted');
      expect(response.complete).toBe(false);
    } finally {
      await bare.close();
    }
  });

  it('answers 429 while half the pool is busy with exports, and serves again once they end', async () => {
    await waitFor(() => server.checkedOut() === 0, 'an idle pool before the exports');
    const slots = Math.floor(server.t.db.pool.options.max / 2);
    const running: http.IncomingMessage[] = [];
    const endings: Promise<void>[] = [];
    for (let i = 0; i < slots; i += 1) {
      let started = false;
      const { response, ended } = await server.httpGet(
        `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
        (_chunk, stream) => {
          started = true;
          stream.pause();
        },
      );
      await waitFor(() => started, `export ${i + 1} under way`);
      running.push(response);
      endings.push(ended);
    }
    expect(server.checkedOut()).toBeGreaterThanOrEqual(slots);
    const refused = await server.get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('10');
    expect(refused.json()).toEqual({
      error: 'exports_busy',
      message: 'Too many exports are running; try again shortly',
    });
    // The rest of the API still has connections.
    expect((await server.get(`/api/v1/incidents?bbox=${CENTRAL_BBOX}`)).statusCode).toBe(200);
    for (const response of running) response.destroy();
    await Promise.all(endings);
    await waitFor(() => server.checkedOut() === 0, 'every export connection back in the pool');
    const served = await server.get(`/api/v1/export/incidents.csv?bbox=${CENTRAL_BBOX}`);
    expect(served.statusCode).toBe(200);
  });
});
