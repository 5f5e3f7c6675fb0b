import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('the geocoder settings', () => {
  it('are off unless GEOCODER_URL is set: nothing leaves the machine', () => {
    expect(loadConfig({}).geocoder).toBeNull();
    expect(loadConfig({ GEOCODER_URL: '' }).geocoder).toBeNull();
  });

  it.each([
    ['https://nominatim.example.org', 'nominatim'],
    ['https://nominatim.example.org/search', 'nominatim'],
    ['https://photon.example.org/api', 'photon'],
    ['https://photon.example.org/api/', 'photon'],
  ])('read the format of %s from its path', (url, format) => {
    expect(loadConfig({ GEOCODER_URL: url }).geocoder).toMatchObject({ format, timeoutMs: 1500 });
  });

  it('take GEOCODER_FORMAT and GEOCODER_TIMEOUT_MS when given', () => {
    expect(
      loadConfig({
        GEOCODER_URL: 'http://127.0.0.1:2322/',
        GEOCODER_FORMAT: 'photon',
        GEOCODER_TIMEOUT_MS: '800',
      }).geocoder,
    ).toEqual({ url: 'http://127.0.0.1:2322/', format: 'photon', timeoutMs: 800 });
  });

  it.each([
    [{ GEOCODER_URL: 'ftp://example.org' }, /GEOCODER_URL must be an http or https URL/],
    [{ GEOCODER_URL: 'not a url' }, /GEOCODER_URL must be an http or https URL/],
    [{ GEOCODER_URL: 'https://g.example', GEOCODER_FORMAT: 'google' }, /GEOCODER_FORMAT/],
    [{ GEOCODER_URL: 'https://g.example', GEOCODER_TIMEOUT_MS: '5' }, /GEOCODER_TIMEOUT_MS/],
  ])('refuse %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
