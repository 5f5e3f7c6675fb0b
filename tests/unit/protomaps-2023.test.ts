import { layers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { forSchema2023, isSchema2023 } from '../../client/src/map/protomaps-2023.js';

const current = layers('protomaps', namedFlavor('light'), {
  lang: 'en',
});

function byId(list: LayerSpecification[], id: string) {
  const layer = list.find((candidate) => candidate.id === id);
  if (!layer) throw new Error(`no layer ${id}`);
  return layer as LayerSpecification & { filter?: unknown };
}

describe('the @protomaps/basemaps style for a 2023 archive', () => {
  it('recognises the 2023 schema by its roads’ pmap:kind', () => {
    const roads2023 = { vector_layers: [{ id: 'roads', fields: { 'pmap:kind': 'string' } }] };
    expect(isSchema2023(roads2023)).toBe(true);
    expect(isSchema2023({ vector_layers: [{ id: 'roads', fields: { kind: 'string' } }] })).toBe(
      false,
    );
    expect(isSchema2023({})).toBe(false);
    expect(isSchema2023(null)).toBe(false);
  });

  it('reads pmap:kind wherever the style reads kind, and draws medium roads as major ones', () => {
    const adapted = forSchema2023(current);
    expect(adapted.map((layer) => layer.id)).toEqual(current.map((layer) => layer.id));
    const text = JSON.stringify(adapted);
    expect(text).not.toMatch(/\["(?:get|has|==|in|!=)","kind"/);
    expect(text).toContain('"pmap:kind"');
    expect(JSON.stringify(byId(current, 'roads_major').filter)).toContain('"kind"');
    const major = JSON.stringify(byId(adapted, 'roads_major').filter);
    expect(major).toContain('["in","pmap:kind","major_road","medium_road"]');
    // Layers without a layout keep none (MapLibre refuses `layout: undefined`).
    expect(adapted.filter((layer) => 'layout' in layer && layer.layout === undefined)).toEqual([]);
  });
});
