import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExportServer, type ExportServer } from '../support/export-server.js';

/**
 * Wrong export queries and unknown export paths are answered in the error shape.
 */

let server: ExportServer;

beforeAll(async () => {
  server = await startExportServer({ bulkRows: false });
});

afterAll(async () => {
  await server.t.close();
});

describe('bad requests', () => {
  it.each([
    ['/api/v1/export/incidents.geojson?bbox=1,2,3', 'bbox'],
    ['/api/v1/export/incidents.csv?bbox=10,10,9,11', 'bbox'],
    ['/api/v1/export/incidents.csv?bbox=-200,10,9,11', 'bbox'],
    ['/api/v1/export/incidents.geojson?from=yesterday', 'from'],
    ['/api/v1/export/incidents.csv?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z', 'from'],
    ['/api/v1/export/incidents.csv?category=not-a-category', 'category'],
    ['/api/v1/export/incidents.geojson?category=theft&category=nope', 'category'],
    ['/api/v1/export/incidents.csv?limit=10', 'limit'],
  ])('%s answers 400 in the error shape', async (url, mentioned) => {
    const response = await server.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/json');
    const body = response.json<{ error: string; message: string; details?: unknown[] }>();
    expect(body.error).toBe('invalid_request');
    expect(typeof body.message).toBe('string');
    expect(JSON.stringify(body)).toContain(mentioned);
  });

  it.each([
    '/api/v1/export/observations.geojson',
    '/api/v1/export/responses.csv',
    '/api/v1/export/incidents.xml',
    '/api/v1/export/incidents',
  ])('%s answers 404 in the error shape', async (url) => {
    const response = await server.get(url);
    expect(response.statusCode).toBe(404);
    const body = response.json<{ error: string; message: string }>();
    expect(body.error).toBe('not_found');
    expect(body.message.length).toBeGreaterThan(0);
  });
});
