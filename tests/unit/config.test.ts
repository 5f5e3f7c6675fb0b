import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('loadConfig', () => {
  it('needs no configuration: embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined });
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it('reads a real database and the numeric settings', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/openbeat',
      PORT: '8080',
      DB_POOL_MAX: '4',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://db/openbeat',
      port: 8080,
      dbPoolMax: 4,
    });
  });

  it('uses the offline basemap unless a hosted style is given', () => {
    expect(loadConfig({})).toMatchObject({ basemapStyleUrl: null, basemapExtraOrigins: [] });
    const config = loadConfig({
      BASEMAP_STYLE_URL: 'https://tiles.example.org/styles/light.json?key=abc',
      BASEMAP_EXTRA_ORIGINS: ' https://fonts.example.net/glyphs/ , http://sprites.example.com:8080',
    });
    expect(config.basemapStyleUrl).toBe('https://tiles.example.org/styles/light.json?key=abc');
    expect(config.basemapExtraOrigins).toEqual([
      'https://fonts.example.net',
      'http://sprites.example.com:8080',
    ]);
  });

  it('serves a PMTiles basemap named by BASEMAP_PMTILES, which must exist, alone', () => {
    expect(loadConfig({}).basemapPmtiles).toBeNull();
    const folder = mkdtempSync(path.join(os.tmpdir(), 'openbeat-config-'));
    try {
      const archive = path.join(folder, 'city.pmtiles');
      writeFileSync(archive, 'PMTiles');
      expect(loadConfig({ BASEMAP_PMTILES: archive }).basemapPmtiles).toBe(archive);
      expect(() => loadConfig({ BASEMAP_PMTILES: path.join(folder, 'missing.pmtiles') })).toThrow(
        /BASEMAP_PMTILES must name a readable file/,
      );
      expect(() => loadConfig({ BASEMAP_PMTILES: folder })).toThrow(ConfigError);
      expect(() =>
        loadConfig({ BASEMAP_PMTILES: archive, BASEMAP_STYLE_URL: 'https://tiles.example.org/s' }),
      ).toThrow(/not both/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lets the live stream take pages of its own host, and of SOCKET_ALLOWED_ORIGINS', () => {
    expect(loadConfig({}).socketAllowedOrigins).toEqual([]);
    const config = loadConfig({
      SOCKET_ALLOWED_ORIGINS: 'https://news.example.org/embed/, http://localhost:5173',
    });
    expect(config.socketAllowedOrigins).toEqual([
      'https://news.example.org',
      'http://localhost:5173',
    ]);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DB_POOL_MAX', '0'],
    ['WRITE_RATE_LIMIT_PER_MINUTE', '1.5'],
    ['BASEMAP_STYLE_URL', 'tiles.example.org/style.json'],
    ['BASEMAP_STYLE_URL', 'ftp://tiles.example.org/style.json'],
    ['BASEMAP_EXTRA_ORIGINS', 'https://a.example.org,javascript:alert(1)'],
    ['SOCKET_ALLOWED_ORIGINS', 'embed.example.org'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
  it('loads the demo by default only for the embedded database; DEMO and SIMULATOR are on|off', () => {
    expect(loadConfig({})).toMatchObject({ demo: true, simulator: true, simulatorPerMinute: 6 });
    expect(loadConfig({ DATABASE_URL: 'postgres://db/openbeat' })).toMatchObject({ demo: false });
    expect(loadConfig({ DEMO: 'off', SIMULATOR: 'off' })).toMatchObject({
      demo: false,
      simulator: false,
    });
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/x', DEMO: 'on', SIMULATOR_RATE: '30' }),
    ).toMatchObject({ demo: true, simulatorPerMinute: 30 });
    expect(() => loadConfig({ DEMO: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIMULATOR: '1' })).toThrow(/SIMULATOR must be "on" or "off"/);
  });
});
