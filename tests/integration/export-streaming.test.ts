import { waitFor } from '../support/stream-client.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BULK_BBOX,
  BULK_ROWS,
  PHONE,
  parseCsv,
  type ExportCollection,
  startExportServer,
  type ExportServer,
} from '../support/export-server.js';

/**
 * Exports are streamed in chunks, whole, newest first, and their connection goes back to the pool.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: true });
});

afterAll(async () => {
  await server.t.close();
});

describe('streaming', () => {
  it(`streams ${BULK_ROWS} rows as GeoJSON in many chunks`, async () => {
    const chunks: Buffer[] = [];
    const { response, ended } = await server.httpGet(
      `/api/v1/export/incidents.geojson?bbox=${BULK_BBOX}`,
      (chunk) => chunks.push(chunk),
    );
    await ended;
    expect(response.statusCode).toBe(200);
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    expect(chunks.length).toBeGreaterThan(10);
    const body = Buffer.concat(chunks).toString('utf8');
    const collection = JSON.parse(body) as ExportCollection;
    expect(collection.features).toHaveLength(BULK_ROWS);
    expect(new Set(collection.features.map((f) => f.id)).size).toBe(BULK_ROWS);
    // Newest first, like the incidents list.
    const times = collection.features.map((f) => String(f.properties.occurredAt));
    expect(times).toEqual([...times].sort().reverse());
    expect(body).not.toContain(PHONE);
    await waitFor(() => server.checkedOut() === 0, 'the export connection back in the pool');
  });

  it(`streams ${BULK_ROWS} rows as CSV`, async () => {
    const chunks: Buffer[] = [];
    const { response, ended } = await server.httpGet(
      `/api/v1/export/incidents.csv?bbox=${BULK_BBOX}`,
      (chunk) => chunks.push(chunk),
    );
    await ended;
    expect(response.statusCode).toBe(200);
    expect(chunks.length).toBeGreaterThan(10);
    const rows = parseCsv(Buffer.concat(chunks).toString('utf8'));
    expect(rows).toHaveLength(BULK_ROWS);
    expect(rows.every((row) => row.source === 'bulk-test')).toBe(true);
  });
});
