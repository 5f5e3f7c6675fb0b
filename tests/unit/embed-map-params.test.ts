import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../client/src/i18n/locales.js';
import {
  DEFAULT_EMBED_LAYERS,
  DEFAULT_EMBED_WINDOW,
  EMBED_LANGUAGES,
  EMBED_LAYERS,
  formatMapEmbedParams,
  parseMapEmbedParams,
  type EmbedProblem,
  type MapEmbedParams,
} from '../../shared/embed/embed-params.js';

/** The map embed's parameters (shared/embed/embed-params.ts): each one, valid and not. */

function parsed(search: string): MapEmbedParams {
  const result = parseMapEmbedParams(search);
  if (!result.ok)
    throw new Error(`expected ${search} to parse: ${JSON.stringify(result.problems)}`);
  return result.params;
}

function problems(search: string): EmbedProblem[] {
  const result = parseMapEmbedParams(search);
  if (result.ok) throw new Error(`expected ${search} to be refused`);
  return result.problems;
}

function onlyProblem(search: string): Pick<EmbedProblem, 'param' | 'code'> {
  const [first, ...rest] = problems(search);
  expect(rest).toEqual([]);
  if (!first) throw new Error('no problem');
  return { param: first.param, code: first.code };
}

describe('parseMapEmbedParams', () => {
  it('gives the defaults for an empty query, with or without its ?', () => {
    const defaults: MapEmbedParams = {
      area: null,
      layers: [...DEFAULT_EMBED_LAYERS],
      categories: [],
      window: DEFAULT_EMBED_WINDOW,
      lang: 'en',
      theme: 'light',
    };
    expect(parsed('')).toEqual(defaults);
    expect(parsed('?')).toEqual(defaults);
  });

  it('reads a bbox, and refuses a malformed or reversed one', () => {
    expect(parsed('bbox=-123.2,49.2,-123.0,49.3').area).toEqual({
      kind: 'bbox',
      bbox: [-123.2, 49.2, -123.0, 49.3],
    });
    for (const bad of ['1,2,3', '-123.0,49.2,-123.2,49.3', 'a,b,c,d', '-200,0,0,1', '']) {
      expect(onlyProblem(`bbox=${bad}`)).toEqual({ param: 'bbox', code: 'invalid' });
    }
  });

  it('reads a district name (trimmed), and refuses an empty or overlong one', () => {
    expect(parsed('district=%20Downtown%20').area).toEqual({ kind: 'district', name: 'Downtown' });
    expect(onlyProblem('district=')).toEqual({ param: 'district', code: 'invalid' });
    expect(onlyProblem(`district=${'x'.repeat(201)}`)).toEqual({
      param: 'district',
      code: 'invalid',
    });
  });

  it('refuses bbox and district together', () => {
    expect(onlyProblem('bbox=-123.2,49.2,-123.0,49.3&district=Downtown')).toEqual({
      param: 'district',
      code: 'conflict',
    });
  });

  it('reads layers in their canonical order, and refuses unknown or empty ones', () => {
    expect(parsed('layers=feedback,incidents').layers).toEqual(['incidents', 'feedback']);
    expect(parsed(`layers=${EMBED_LAYERS.join(',')}`).layers).toEqual([...EMBED_LAYERS]);
    expect(parsed('layers=observations,observations').layers).toEqual(['observations']);
    for (const bad of ['heatmap', 'incidents,moderation', '']) {
      expect(onlyProblem(`layers=${bad}`)).toEqual({ param: 'layers', code: 'invalid' });
    }
  });

  it('reads categories sorted, and refuses an unknown one, naming it', () => {
    expect(parsed('categories=theft,burglary').categories).toEqual(['burglary', 'theft']);
    const [problem] = problems('categories=theft,spying');
    expect(problem).toMatchObject({ param: 'categories', code: 'invalid' });
    expect(problem?.message).toContain('spying');
  });

  it('reads each preset window, and refuses an unknown one', () => {
    for (const preset of ['1h', '24h', '7d'] as const) {
      expect(parsed(`window=${preset}`).window).toEqual({ kind: 'preset', preset });
    }
    expect(onlyProblem('window=2w')).toEqual({ param: 'window', code: 'invalid' });
  });

  it('reads a custom window as UTC instants', () => {
    expect(
      parsed('window=custom&from=2026-11-01T00:00:00%2B01:00&to=2026-11-02T00:00:00Z').window,
    ).toEqual({
      kind: 'custom',
      from: '2026-10-31T23:00:00.000Z',
      to: '2026-11-02T00:00:00.000Z',
    });
  });

  it('refuses a custom window without from or to, with bad times, backwards or over a year', () => {
    expect(onlyProblem('window=custom&to=2026-11-02T00:00:00Z')).toEqual({
      param: 'from',
      code: 'missing',
    });
    expect(onlyProblem('window=custom&from=2026-11-02T00:00:00Z')).toEqual({
      param: 'to',
      code: 'missing',
    });
    expect(onlyProblem('window=custom&from=yesterday&to=2026-11-02T00:00:00Z')).toEqual({
      param: 'from',
      code: 'invalid',
    });
    // A time without a zone is ambiguous: refused.
    expect(onlyProblem('window=custom&from=2026-11-01T00:00:00&to=2026-11-02T00:00:00Z')).toEqual({
      param: 'from',
      code: 'invalid',
    });
    expect(onlyProblem('window=custom&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z')).toEqual({
      param: 'to',
      code: 'invalid',
    });
    expect(onlyProblem('window=custom&from=2025-01-01T00:00:00Z&to=2026-11-01T00:00:00Z')).toEqual({
      param: 'to',
      code: 'invalid',
    });
  });

  it('refuses from or to without window=custom', () => {
    expect(onlyProblem('from=2026-11-01T00:00:00Z')).toEqual({ param: 'from', code: 'conflict' });
    expect(onlyProblem('window=7d&to=2026-11-01T00:00:00Z')).toEqual({
      param: 'to',
      code: 'conflict',
    });
  });

  it('reads lang and theme, and refuses other values', () => {
    expect(parsed('lang=de&theme=dark')).toMatchObject({ lang: 'de', theme: 'dark' });
    expect(onlyProblem('lang=fr')).toEqual({ param: 'lang', code: 'invalid' });
    expect(onlyProblem('theme=sepia')).toEqual({ param: 'theme', code: 'invalid' });
  });

  it('refuses an unknown parameter and a repeated one', () => {
    expect(onlyProblem('zoom=12')).toEqual({ param: 'zoom', code: 'unknown_parameter' });
    expect(onlyProblem('lang=en&lang=de')).toEqual({ param: 'lang', code: 'invalid' });
  });

  it('reports every bad parameter at once, with the value as given, cut to 100 characters', () => {
    const found = problems(`lang=fr&theme=sepia&district=${'y'.repeat(300)}`);
    expect(found.map((p) => p.param).sort()).toEqual(['district', 'lang', 'theme']);
    expect(found.find((p) => p.param === 'lang')?.value).toBe('fr');
    expect(found.find((p) => p.param === 'district')?.value).toHaveLength(101);
  });
});

describe('formatMapEmbedParams', () => {
  const cases: MapEmbedParams[] = [
    parsed(''),
    parsed('bbox=-123.2,49.2,-123,49.3&layers=incidents,responses&categories=theft&window=1h'),
    parsed('district=Kitsilano&layers=observations,feedback&lang=de&theme=dark&window=7d'),
    parsed('window=custom&from=2026-11-01T00:00:00Z&to=2026-11-08T12:30:00Z&categories=robbery'),
    parsed('district=Mount%20Pleasant%20%26%20Co'),
  ];

  it('round-trips: parse(format(p)) equals p', () => {
    for (const params of cases) {
      expect(parsed(formatMapEmbedParams(params))).toEqual(params);
    }
  });

  it('leaves the defaults out', () => {
    expect(formatMapEmbedParams(parsed(''))).toBe('');
    expect(formatMapEmbedParams(parsed('window=24h&lang=en&theme=light&layers=incidents'))).toBe(
      '',
    );
  });
});

describe('EMBED_LANGUAGES', () => {
  it('equals the client locales', () => {
    expect([...EMBED_LANGUAGES].sort()).toEqual([...LOCALES].sort());
  });
});
