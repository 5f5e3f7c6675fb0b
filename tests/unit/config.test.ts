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

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DB_POOL_MAX', '0'],
    ['WRITE_RATE_LIMIT_PER_MINUTE', '1.5'],
  ])('refuses %s=%s with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
