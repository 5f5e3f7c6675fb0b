import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBED_WINDOW,
  EMBED_DEFAULT_SIZE,
  parseMapEmbedParams,
  parseStatsEmbedParams,
  type MapEmbedParams,
  type StatsEmbedParams,
} from '../../shared/embed/embed-params.js';
import {
  EMBED_SIZE_LIMITS,
  clampEmbedSize,
  embedCode,
  embedPath,
  embedTitle,
  embedUrl,
  escapeHtmlAttribute,
  iframeHtml,
} from '../../shared/embed/embed-snippet.js';

const ORIGIN = 'https://openbeat.example';
const MAP: MapEmbedParams = {
  area: null,
  layers: ['incidents'],
  categories: [],
  window: DEFAULT_EMBED_WINDOW,
  lang: 'en',
  theme: 'light',
};
const STATS: StatsEmbedParams = {
  district: 'Harbour',
  period: 'month',
  priority: null,
  lang: 'en',
  theme: 'light',
};

/** The attributes of the one element in `html`, read back the way a browser's parser would. */
function attributes(html: string): Record<string, string> {
  const match = /^<iframe((?: [a-z]+="[^"]*")*)><\/iframe>$/.exec(html);
  if (!match) throw new Error(`not one iframe: ${html}`);
  const unescape = (value: string) =>
    value
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...(match[1] ?? '').matchAll(/ ([a-z]+)="([^"]*)"/g)].map(([, name, value]) => [
      name ?? '',
      unescape(value ?? ''),
    ]),
  );
}

describe('the embed link', () => {
  it('leaves every default out: the map embed alone is /embed', () => {
    expect(embedPath({ kind: 'map', params: MAP })).toBe('/embed');
    expect(embedUrl(ORIGIN, { kind: 'map', params: MAP })).toBe(`${ORIGIN}/embed`);
    expect(embedUrl(`${ORIGIN}:8443/`, { kind: 'stats', params: STATS })).toBe(
      `${ORIGIN}:8443/embed/stats?district=Harbour`,
    );
  });

  it('carries every map option, and the embed parses back what the builder meant', () => {
    const params: MapEmbedParams = {
      area: { kind: 'bbox', bbox: [-123.2, 49.2, -123.0, 49.3] },
      layers: ['incidents', 'observations', 'responses', 'feedback'],
      categories: ['theft', 'arson'],
      window: { kind: 'custom', from: '2026-11-01T00:00:00.000Z', to: '2026-11-08T00:00:00.000Z' },
      lang: 'de',
      theme: 'dark',
    };
    const url = new URL(embedUrl(ORIGIN, { kind: 'map', params }));
    expect(url.pathname).toBe('/embed');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      bbox: '-123.2,49.2,-123,49.3',
      layers: 'incidents,observations,responses,feedback',
      categories: 'arson,theft',
      window: 'custom',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-08T00:00:00.000Z',
      lang: 'de',
      theme: 'dark',
    });
    const parsed = parseMapEmbedParams(url.search);
    expect(parsed).toEqual({ ok: true, params: { ...params, categories: ['arson', 'theft'] } });
  });

  it('carries a district with characters a URL must escape', () => {
    const name = 'Mount Pleasant & "Riley Park" <East>';
    const url = embedUrl(ORIGIN, {
      kind: 'map',
      params: {
        ...MAP,
        area: { kind: 'district', name },
        window: { kind: 'preset', preset: '7d' },
      },
    });
    expect(url).not.toMatch(/[ "<>]/);
    const parsed = parseMapEmbedParams(new URL(url).search);
    expect(parsed.ok && parsed.params.area).toEqual({ kind: 'district', name });
    expect(parsed.ok && parsed.params.window).toEqual({ kind: 'preset', preset: '7d' });
  });

  it('carries every statistics option', () => {
    const params: StatsEmbedParams = {
      district: 'Hillside',
      period: 'quarter',
      priority: 2,
      lang: 'de',
      theme: 'dark',
    };
    const url = new URL(embedUrl(ORIGIN, { kind: 'stats', params }));
    expect(url.pathname).toBe('/embed/stats');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      district: 'Hillside',
      period: 'quarter',
      priority: '2',
      lang: 'de',
      theme: 'dark',
    });
    expect(parseStatsEmbedParams(url.search)).toEqual({ ok: true, params });
  });
});

describe('the embed title', () => {
  it('says what the map shows, in the embed’s language', () => {
    expect(embedTitle({ kind: 'map', params: MAP })).toBe(
      'Openbeat live map: incidents, last 24 hours',
    );
    const harbour = {
      ...MAP,
      area: { kind: 'district' as const, name: 'Harbour' },
      layers: ['incidents' as const, 'observations' as const, 'responses' as const],
      categories: ['theft'],
      window: { kind: 'preset' as const, preset: '1h' as const },
    };
    expect(embedTitle({ kind: 'map', params: harbour })).toBe(
      'Openbeat live map of Harbour: incidents, residents’ observations and police responses, 1 category, last hour',
    );
    expect(embedTitle({ kind: 'map', params: { ...harbour, lang: 'de' } })).toBe(
      'Openbeat-Livekarte für Harbour: Vorfälle, Beobachtungen von Anwohnenden und Polizeieinsätze, 1 Kategorie, letzte Stunde',
    );
    const custom = {
      ...MAP,
      categories: ['theft', 'arson'],
      window: {
        kind: 'custom' as const,
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-08T00:00:00.000Z',
      },
    };
    expect(embedTitle({ kind: 'map', params: custom })).toBe(
      'Openbeat live map: incidents, 2 categories, 2026-11-01 to 2026-11-08',
    );
    expect(embedTitle({ kind: 'map', params: { ...custom, lang: 'de' } })).toBe(
      'Openbeat-Livekarte: Vorfälle, 2 Kategorien, 2026-11-01 bis 2026-11-08',
    );
  });

  it('says which district, period and priority the statistics are of', () => {
    expect(embedTitle({ kind: 'stats', params: STATS })).toBe(
      'Openbeat police response statistics for Harbour: past month',
    );
    expect(
      embedTitle({ kind: 'stats', params: { ...STATS, period: 'year', priority: 1, lang: 'de' } }),
    ).toBe('Openbeat-Statistik der Polizeieinsätze für Harbour: vergangenes Jahr, Priorität 1');
  });
});

describe('the iframe snippet', () => {
  it('escapes what would end an attribute or start a tag', () => {
    expect(escapeHtmlAttribute(`a&b"c'd<e>f`)).toBe('a&amp;b&quot;c&#39;d&lt;e&gt;f');
  });

  it('has exactly src, title, width, height, lazy loading and no border', () => {
    const html = iframeHtml({
      src: `${ORIGIN}/embed?district=A&theme=dark`,
      title: 'Openbeat live map of "A" <b>',
      width: 640,
      height: 480,
    });
    expect(html).toBe(
      '<iframe src="https://openbeat.example/embed?district=A&amp;theme=dark" title="Openbeat live map of &quot;A&quot; &lt;b&gt;" width="640" height="480" loading="lazy" style="border:0"></iframe>',
    );
    expect(attributes(html)).toEqual({
      src: `${ORIGIN}/embed?district=A&theme=dark`,
      title: 'Openbeat live map of "A" <b>',
      width: '640',
      height: '480',
      loading: 'lazy',
      style: 'border:0',
    });
  });

  it('puts a hostile district name in the title harmlessly', () => {
    const name = `"><script>alert(1)</script><iframe src='x`;
    const code = embedCode(ORIGIN, { kind: 'stats', params: { ...STATS, district: name } });
    expect(code.html).not.toContain('<script');
    expect(code.html.match(/</g)).toHaveLength(2); // <iframe and </iframe>
    const read = attributes(code.html);
    expect(read.title).toBe(`Openbeat police response statistics for ${name}: past month`);
    expect(new URL(read.src ?? '').searchParams.get('district')).toBe(name);
  });

  it('defaults to the kind’s size and keeps a given one within the limits', () => {
    const map = embedCode(ORIGIN, { kind: 'map', params: MAP });
    expect(map.size).toEqual(EMBED_DEFAULT_SIZE.map);
    expect(attributes(map.html)).toMatchObject({ width: '640', height: '480' });
    const stats = embedCode(ORIGIN, { kind: 'stats', params: STATS });
    expect(stats.size).toEqual(EMBED_DEFAULT_SIZE.stats);
    expect(stats.url).toBe(`${ORIGIN}/embed/stats?district=Harbour`);
    expect(stats.title).toBe('Openbeat police response statistics for Harbour: past month');

    const custom = embedCode(ORIGIN, { kind: 'map', params: MAP }, { width: 300.4, height: 900 });
    expect(custom.size).toEqual({ width: 300, height: 900 });
    expect(clampEmbedSize({ width: 10, height: 1e6 }, 'map')).toEqual({
      width: EMBED_SIZE_LIMITS.min,
      height: EMBED_SIZE_LIMITS.max,
    });
    expect(clampEmbedSize({ width: Number.NaN, height: Infinity }, 'stats')).toEqual(
      EMBED_DEFAULT_SIZE.stats,
    );
  });
});
