import { describe, expect, it } from 'vitest';
import { embedPath } from '../../shared/embed/embed-snippet.js';
import {
  builderResult,
  chosenSize,
  defaultOptions,
  initialOptions,
  roundedBbox,
  type BuilderOptions,
} from '../../client/src/views/embed-builder/builder-options.js';

const options = (changes: Partial<BuilderOptions> = {}): BuilderOptions => ({
  ...defaultOptions('en'),
  ...changes,
});

function pathOf(changes: Partial<BuilderOptions>): string {
  const result = builderResult(options(changes));
  if (!result.ok) throw new Error(`no embed: ${result.problem}`);
  return embedPath(result.spec);
}

describe("the embed builder's options", () => {
  it('start as the default embed: the whole map, incidents, 24 hours, light, the page language', () => {
    expect(pathOf({})).toBe('/embed');
    expect(pathOf({ lang: 'de' })).toBe('/embed?lang=de');
    expect(defaultOptions('de').lang).toBe('de');
    expect(chosenSize(options())).toEqual({ width: 640, height: 480 });
  });

  it('turn the map view, layers, categories, window and theme into the embed link', () => {
    expect(
      pathOf({
        bbox: [-123.2, 49.2, -123.1, 49.3],
        layers: ['observations', 'incidents'],
        categories: ['theft'],
        window: '7d',
        theme: 'dark',
      }),
    ).toBe(
      '/embed?bbox=-123.2%2C49.2%2C-123.1%2C49.3&layers=incidents%2Cobservations&categories=theft&window=7d&theme=dark',
    );
    // A district instead of the view: the map's view no longer matters.
    expect(
      pathOf({ area: 'district', district: ' Harbour ', bbox: [-123.2, 49.2, -123.1, 49.3] }),
    ).toBe('/embed?district=Harbour');
  });

  it('turn a custom window (local wall time) into ISO times', () => {
    const path = pathOf({ window: 'custom', from: '2026-11-01T10:00', to: '2026-11-02T10:00' });
    const query = new URLSearchParams(path.split('?')[1]);
    expect(query.get('window')).toBe('custom');
    expect(query.get('from')).toBe(new Date('2026-11-01T10:00').toISOString());
    expect(query.get('to')).toBe(new Date('2026-11-02T10:00').toISOString());
  });

  it('build the statistics panel from a district, period and priority', () => {
    expect(pathOf({ kind: 'stats', district: 'Harbour' })).toBe('/embed/stats?district=Harbour');
    expect(
      pathOf({ kind: 'stats', district: 'Harbour', period: 'week', priority: '3', theme: 'dark' }),
    ).toBe('/embed/stats?district=Harbour&period=week&priority=3&theme=dark');
    expect(chosenSize(options({ kind: 'stats' }))).toEqual({ width: 480, height: 560 });
  });

  it('say what is missing instead of making an embed the frame would refuse', () => {
    const problem = (changes: Partial<BuilderOptions>) => {
      const result = builderResult(options(changes));
      return result.ok ? null : result.problem;
    };
    expect(problem({ kind: 'stats' })).toBe('district');
    expect(problem({ area: 'district', district: '  ' })).toBe('district');
    expect(problem({ layers: [] })).toBe('layers');
    expect(problem({ window: 'custom' })).toBe('window');
    expect(problem({ window: 'custom', from: '2026-11-02T10:00', to: '2026-11-01T10:00' })).toBe(
      'window',
    );
    expect(problem({ window: 'custom', from: '2024-01-01T00:00', to: '2026-01-01T00:00' })).toBe(
      'window',
    );
    expect(problem({ kind: 'stats', district: 'x'.repeat(201) })).toBe('invalid');
  });

  it('size the frame by preset or by hand, within the limits', () => {
    expect(chosenSize(options({ size: 'small' }))).toEqual({ width: 320, height: 320 });
    expect(chosenSize(options({ size: 'large' }))).toEqual({ width: 960, height: 600 });
    expect(chosenSize(options({ size: 'custom', width: 500, height: 250 }))).toEqual({
      width: 500,
      height: 250,
    });
    expect(chosenSize(options({ size: 'custom', width: 50, height: 5000 }))).toEqual({
      width: 200,
      height: 2000,
    });
    // An emptied number field binds as null.
    const empty = options({ size: 'custom', width: null as unknown as number, height: 300 });
    expect(chosenSize(empty)).toEqual({ width: 640, height: 300 });
  });

  it('open as another page links them: a kind, a district, a period, a priority', () => {
    const linked = initialOptions('?kind=stats&district=Harbour&period=week&priority=2', 'de');
    expect(linked).toMatchObject({
      kind: 'stats',
      district: 'Harbour',
      period: 'week',
      priority: '2',
      lang: 'de',
    });
    expect(initialOptions('?kind=x&period=day&priority=9', 'en')).toEqual(defaultOptions('en'));
  });

  it('round the map view to about 10 m', () => {
    expect(roundedBbox([-123.123456, 49.234567, -123.012345, 49.345678])).toEqual([
      -123.1235, 49.2346, -123.0123, 49.3457,
    ]);
    expect(roundedBbox([1.00001, 2.00001, 1.00002, 2.00002])).toEqual([1, 2, 1.0001, 2.0001]);
  });
});
