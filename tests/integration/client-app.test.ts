import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const VITE_CONFIG = fileURLToPath(new URL('../../client/vite.config.ts', import.meta.url));
// A stand-in entry built with the real Vite config: these tests are about how the server
// serves a build, and should not fail or slow down with the map client's own code.
const FIXTURE_ROOT = fileURLToPath(new URL('../fixtures/client-app', import.meta.url));
const HOSTED_STYLE = 'https://tiles.example.org/styles/light.json';
const STYLE_HOSTS = ['https://glyphs.example.net'];

let tempDir: string;
let distDir: string;
let t: TestApp;
let hosted: FastifyInstance;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), 'openbeat-client-app-'));
  distDir = path.join(tempDir, 'dist');
  await build({
    configFile: VITE_CONFIG,
    root: FIXTURE_ROOT,
    // The fixture's one page, not the config's app and embed pages (which it does not have).
    build: {
      outDir: distDir,
      emptyOutDir: true,
      rollupOptions: { input: path.join(FIXTURE_ROOT, 'index.html') },
    },
    logLevel: 'silent',
  });
  t = await startTestApp({ clientDistDir: distDir });
  hosted = await buildApp({
    pool: t.db.pool,
    writesPerMinute: 1000,
    basemapStyleUrl: HOSTED_STYLE,
    basemapExtraOrigins: STYLE_HOSTS,
    clientDistDir: path.join(tempDir, 'never-built'),
  });
});

afterAll(async () => {
  await hosted.close();
  await t.close();
  await rm(tempDir, { recursive: true, force: true });
});

function cspDirectives(header: unknown): Record<string, string[]> {
  expect(typeof header).toBe('string');
  const entries = String(header)
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter((parts) => parts[0] !== '')
    .map(([name = '', ...sources]) => [name, sources]);
  return Object.fromEntries(entries) as Record<string, string[]>;
}

describe('the map client, served from the same origin', () => {
  it('serves index.html at / uncached, with a CSP that MapLibre and socket.io can live with', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toBe(await readFile(path.join(distDir, 'index.html'), 'utf8'));

    const csp = cspDirectives(page.headers['content-security-policy']);
    expect(csp).toMatchObject({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'worker-src': ["'self'", 'blob:'],
      'child-src': ['blob:'],
      'frame-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'connect-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'frame-ancestors': ["'none'"],
      'object-src': ["'none'"],
    });
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
  });

  it('serves the hashed assets as immutable for a year', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/' });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const asset = await t.app.inject({ method: 'GET', url: script ?? '' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const missing = await t.app.inject({ method: 'GET', url: '/assets/no-such-file.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'not_found' });
  });

  it('serves the offline basemap as GeoJSON, cached for a day and gzipped when accepted', async () => {
    const land = await t.app.inject({ method: 'GET', url: '/basemap/land.geojson' });
    expect(land.statusCode).toBe(200);
    expect(land.headers['cache-control']).toBe('public, max-age=86400');
    const collection = land.json<{ type: string; features: { geometry: { type: string } }[] }>();
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.length).toBeGreaterThan(0);
    expect(collection.features[0]?.geometry.type).toMatch(/Polygon$/);
    expect(land.body).not.toMatch(/\d\.\d{6}/);

    const borders = await t.app.inject({ method: 'GET', url: '/basemap/boundaries.geojson' });
    expect(borders.json()).toMatchObject({
      type: 'FeatureCollection',
      features: [{ geometry: { type: 'MultiLineString' } }],
    });

    const gzipped = await t.app.inject({
      method: 'GET',
      url: '/basemap/land.geojson',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.vary).toMatch(/accept-encoding/i);
    expect(gzipped.rawPayload.length).toBeLessThan(land.rawPayload.length / 2);
  });

  it('serves Vancouver streets as vector tiles, its neighbourhood names and Natural Earth lakes', async () => {
    // Downtown at z14 (x 2588, y 5607): a tile of the "streets" layer, gzipped like the rest.
    const tile = await t.app.inject({
      method: 'GET',
      url: '/basemap/vancouver-streets/14/2588/5607.pbf',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(tile.statusCode).toBe(200);
    expect(tile.headers['content-encoding']).toBe('gzip');
    const streets = new VectorTile(new PbfReader(gunzipSync(tile.rawPayload))).layers.streets;
    expect(streets?.length).toBeGreaterThan(100);
    expect(streets?.feature(0).type).toBe(2); // LineString
    // Outside the city there is no tile: the style's bounds keep the map from asking.
    const outside = await t.app.inject({
      method: 'GET',
      url: '/basemap/vancouver-streets/14/0/0.pbf',
    });
    expect(outside.statusCode).toBe(404);

    const areas = await t.app.inject({ method: 'GET', url: '/basemap/vancouver-areas.geojson' });
    const names = areas
      .json<{ features: { properties: { name: string } }[] }>()
      .features.map((feature) => feature.properties.name);
    expect(names).toHaveLength(22);
    expect(names).toEqual(expect.arrayContaining(['Downtown', 'Kitsilano', 'Mount Pleasant']));

    const lakes = await t.app.inject({ method: 'GET', url: '/basemap/lakes.geojson' });
    const lakeFeatures = lakes.json<{ features: { geometry: { type: string } }[] }>().features;
    expect(lakeFeatures.length).toBeGreaterThan(100);
    expect(lakeFeatures.every((feature) => /Polygon$/.test(feature.geometry.type))).toBe(true);
  });

  it('tells the client which basemap to use: the offline one by default', async () => {
    const config = await t.app.inject({ method: 'GET', url: '/client-config.json' });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toEqual({ basemapStyleUrl: null, basemapPmtilesUrl: null });
  });

  it('names a hosted style, and lets the page fetch from its hosts', async () => {
    const config = await hosted.inject({ method: 'GET', url: '/client-config.json' });
    expect(config.json()).toEqual({ basemapStyleUrl: HOSTED_STYLE, basemapPmtilesUrl: null });

    const csp = cspDirectives(config.headers['content-security-policy']);
    const styleHosts = ['https://tiles.example.org', ...STYLE_HOSTS];
    expect(csp['connect-src']).toEqual(["'self'", ...styleHosts]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:', ...styleHosts]);
  });

  it('answers / with 503 and what to do when the client is not built', async () => {
    const page = await hosted.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('npm run build');
    const asset = await hosted.inject({ method: 'GET', url: '/assets/index.js' });
    expect(asset.statusCode).toBe(404);
  });

  it('keeps the API docs working under their own CSP', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    const csp = cspDirectives(docs.headers['content-security-policy']);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
  });
});
