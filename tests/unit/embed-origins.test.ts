import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';
import { EmbedOrigins } from '../../server/embed/embed-origins.js';
import { cameraBbox } from '../../server/embed/embed-link.js';
import { fittedSize } from '../../server/embed/oembed.js';

describe('EMBED_FRAME_ANCESTORS', () => {
  it('defaults to any site', () => {
    expect(loadConfig({}).embedFrameAncestors).toEqual(['*']);
    expect(loadConfig({ EMBED_FRAME_ANCESTORS: '  ' }).embedFrameAncestors).toEqual(['*']);
  });

  it('reads origins separated by spaces or commas, as origins', () => {
    const config = loadConfig({
      EMBED_FRAME_ANCESTORS:
        'https://news.example/articles/, http://localhost:8080 https://b.example',
    });
    expect(config.embedFrameAncestors).toEqual([
      'https://news.example',
      'http://localhost:8080',
      'https://b.example',
    ]);
  });

  it('takes * among others as any site', () => {
    expect(
      loadConfig({ EMBED_FRAME_ANCESTORS: 'https://a.example *' }).embedFrameAncestors,
    ).toEqual(['*']);
  });

  it.each(['news.example', "'self'", 'ftp://news.example'])('refuses %s', (value) => {
    expect(() => loadConfig({ EMBED_FRAME_ANCESTORS: value })).toThrow(ConfigError);
  });
});

describe('EmbedOrigins', () => {
  const listed = new EmbedOrigins(['https://news.example']);
  const any = new EmbedOrigins(['*']);

  it('allows listed origins only, exactly', () => {
    expect(listed.allows('https://news.example')).toBe(true);
    expect(listed.allows('http://news.example')).toBe(false);
    expect(listed.allows('https://news.example.evil.example')).toBe(false);
    expect(listed.allows('null')).toBe(false);
    expect(listed.allows(undefined)).toBe(false);
    expect(listed.allowOriginHeader('https://news.example')).toBe('https://news.example');
    expect(listed.allowOriginHeader('https://evil.example')).toBeNull();
  });

  it('under * allows any web origin and an opaque one, and answers CORS with *', () => {
    expect(any.allows('https://evil.example')).toBe(true);
    expect(any.allows('null')).toBe(true);
    expect(any.allows('https://news.example/path')).toBe(false);
    expect(any.allows('garbage')).toBe(false);
    expect(any.allowOriginHeader(undefined)).toBe('*');
  });
});

describe('oEmbed sizes and cameras', () => {
  it('scales down to fit, keeping the aspect, never up', () => {
    const size = { width: 640, height: 480 };
    expect(fittedSize(size)).toEqual(size);
    expect(fittedSize(size, 320)).toEqual({ width: 320, height: 240 });
    expect(fittedSize(size, 1000, 240)).toEqual({ width: 320, height: 240 });
    expect(fittedSize(size, 333, 1000)).toEqual({ width: 333, height: 249 });
    expect(fittedSize(size, 9999, 9999)).toEqual(size);
  });

  it('turns the map’s #zoom/lat/lon into the bbox the embed shows at its size', () => {
    // Zoom 0: the 640 px embed is wider than the 512 px world (longitudes clamped).
    expect(cameraBbox('#0/0/0')).toBe('-180,-83.97926,180,83.97926'); // 480 of 512 px tall
    const [west, south, east, north] = (cameraBbox('#12/41.88/-87.63') ?? '')
      .split(',')
      .map(Number);
    expect(((east ?? 0) - (west ?? 0)) / 2).toBeCloseTo(((640 / 2) * 360) / (512 * 4096), 4);
    expect((south ?? 0) < 41.88 && (north ?? 0) > 41.88).toBe(true);
  });

  it.each(['', '#', '#a/b/c', '#12/95/0', '#30/0/0', '#12/41'])('ignores the camera %j', (hash) => {
    expect(cameraBbox(hash)).toBeNull();
  });
});
