import { describe, expect, it } from 'vitest';
import { formatUrlState, parseUrlState } from '../../client/src/state/url-state.js';

const LAYERS = ['heatmap', 'incidents'];
const DEFAULT_LAYERS = ['incidents'];

describe('the view in the URL', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseUrlState('', LAYERS, DEFAULT_LAYERS)).toEqual({
      categories: [],
      window: { kind: 'preset', preset: '24h' },
      layers: ['incidents'],
      lang: null,
    });
    expect(formatUrlState(parseUrlState('', LAYERS, DEFAULT_LAYERS), DEFAULT_LAYERS)).toBe('');
  });

  it('round-trips categories, a custom window, layers and language', () => {
    const search =
      '?categories=theft,robbery&window=custom&from=2026-11-01T00:00:00.000Z&to=2026-11-02T00:00:00.000Z&layers=heatmap,incidents&lang=de';
    const state = parseUrlState(search, LAYERS, DEFAULT_LAYERS);
    expect(state.categories).toEqual(['theft', 'robbery']);
    expect(state.window).toEqual({
      kind: 'custom',
      fromMs: Date.parse('2026-11-01T00:00:00Z'),
      toMs: Date.parse('2026-11-02T00:00:00Z'),
    });
    expect(state.layers).toEqual(['heatmap', 'incidents']);
    expect(state.lang).toBe('de');
    const formatted = formatUrlState(state, DEFAULT_LAYERS);
    expect(parseUrlState(formatted, LAYERS, DEFAULT_LAYERS)).toEqual({
      ...state,
      categories: ['robbery', 'theft'],
    });
  });

  it('drops what it does not know instead of trusting it', () => {
    const state = parseUrlState(
      '?categories=theft,<script>,nope&window=99y&layers=incidents,evil&lang=xx',
      LAYERS,
      DEFAULT_LAYERS,
    );
    expect(state).toEqual({
      categories: ['theft'],
      window: { kind: 'preset', preset: '24h' },
      layers: ['incidents'],
      lang: null,
    });
  });

  it('falls back to the default window when a custom one is backwards', () => {
    const state = parseUrlState(
      '?window=custom&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z',
      LAYERS,
      DEFAULT_LAYERS,
    );
    expect(state.window).toEqual({ kind: 'preset', preset: '24h' });
  });

  it('keeps query parameters it does not own', () => {
    const search = formatUrlState(
      { categories: ['theft'], window: { kind: 'preset', preset: '1h' }, layers: [], lang: null },
      DEFAULT_LAYERS,
      '?debug=1&categories=robbery',
    );
    const params = new URLSearchParams(search);
    expect(params.get('debug')).toBe('1');
    expect(params.get('categories')).toBe('theft');
    expect(params.get('window')).toBe('1h');
    expect(params.get('layers')).toBe('');
  });
});
