import type { LayerSpecification } from 'maplibre-gl';

/** Protomaps archives built in 2023 name a feature's kind `pmap:kind`, later ones `kind`. */
const LEGACY_KIND = 'pmap:kind';
/** Legacy filter operators whose second element is a property name. */
const LEGACY_FILTERS = new Set(['==', '!=', 'in', '!in', '<', '<=', '>', '>=', 'has', '!has']);

interface VectorLayerInfo {
  id?: unknown;
  fields?: unknown;
}

/** True when the archive's metadata describes the 2023 schema (its roads have `pmap:kind`). */
export function isSchema2023(metadata: unknown): boolean {
  const layers = (metadata as { vector_layers?: unknown } | null)?.vector_layers;
  if (!Array.isArray(layers)) return false;
  const roads = (layers as VectorLayerInfo[]).find((layer) => layer.id === 'roads');
  const fields = roads?.fields;
  return typeof fields === 'object' && fields !== null && LEGACY_KIND in fields;
}

/**
 * One filter or expression of the current @protomaps/basemaps styles, made to read the 2023
 * schema: `kind` becomes `pmap:kind`, and the 2023 `medium_road` is drawn as a major road (the
 * later schema folded it into `major_road`).
 */
function readLegacyKind(node: unknown): unknown {
  if (!Array.isArray(node)) return node;
  const [operator, property, ...rest] = node as unknown[];
  if (property === 'kind' && typeof operator === 'string') {
    if (operator === 'get') return ['get', LEGACY_KIND, ...rest];
    if (operator === '==' && rest[0] === 'major_road') {
      return ['in', LEGACY_KIND, 'major_road', 'medium_road'];
    }
    if (LEGACY_FILTERS.has(operator)) {
      const values =
        operator === 'in' && rest.includes('major_road') ? [...rest, 'medium_road'] : rest;
      return [operator, LEGACY_KIND, ...values];
    }
  }
  return node.map(readLegacyKind);
}

function readLegacyKindIn(properties: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(properties).map(([name, value]) => [name, readLegacyKind(value)]),
  );
}

/** The style's layers, reading an archive of the 2023 schema. */
export function forSchema2023(layers: LayerSpecification[]): LayerSpecification[] {
  return layers.map((layer) => {
    const adapted = { ...layer } as LayerSpecification & {
      filter?: unknown;
      layout?: Record<string, unknown>;
      paint?: Record<string, unknown>;
    };
    if (adapted.filter !== undefined) adapted.filter = readLegacyKind(adapted.filter);
    if (adapted.layout) adapted.layout = readLegacyKindIn(adapted.layout);
    if (adapted.paint) adapted.paint = readLegacyKindIn(adapted.paint);
    return adapted;
  });
}
