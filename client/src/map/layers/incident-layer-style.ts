import type {
  AddLayerObject,
  ExpressionSpecification,
  GeoJSONSourceSpecification,
  Map as MapLibreMap,
} from 'maplibre-gl';
import { CATEGORY_SLUGS } from '../../../../shared/categories.js';
import { FONT_MEDIUM } from '../map-fonts.js';
import { categoryIconName, drawCategoryIcon } from '../category-style.js';

/** The incidents layer's source and styles, apart from the component (the map bench uses them). */
export const INCIDENT_SOURCE = 'incidents';
export const INCIDENT_LAYER_IDS = [
  'incidents-clusters',
  'incidents-cluster-counts',
  'incidents-appeal',
  'incidents-selected',
  'incidents-points',
  'incidents-stack-badges',
  'incidents-stack-counts',
];

/**
 * The source's features are stacks (client/src/state/incident-stacks.ts): `count` incidents on
 * one point. A feature without `count` (the map bench feeds single incidents) counts as one.
 */
const INCIDENTS_OF_FEATURE: ExpressionSpecification = ['coalesce', ['get', 'count'], 1];
/** A cluster's incidents: the sum of its stacks' counts (point_count counts stacks). */
const INCIDENTS_OF_CLUSTER: ExpressionSpecification = ['get', 'incidents'];

export function incidentSource(): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterMaxZoom: 13,
    clusterRadius: 44,
    clusterProperties: { incidents: ['+', INCIDENTS_OF_FEATURE] },
  };
}

/** A count as the map prints it: exact below 1,000, then "1.2k", "15k", "1.2M". */
export function compactCount(count: ExpressionSpecification): ExpressionSpecification {
  const scaled = (unit: number, decimals: number): ExpressionSpecification => [
    'to-string',
    ['/', ['round', ['/', count, unit / 10 ** decimals]], 10 ** decimals],
  ];
  return [
    'case',
    ['<', count, 1000],
    ['to-string', count],
    ['<', count, 9950],
    ['concat', scaled(1000, 1), 'k'],
    ['<', count, 999_500],
    ['concat', scaled(1000, 0), 'k'],
    ['<', count, 9_950_000],
    ['concat', scaled(1_000_000, 1), 'M'],
    ['concat', scaled(1_000_000, 0), 'M'],
  ];
}

const COUNT_TEXT = '#ffffff';
const STACK_BADGE = '#111827';
/** Where a stack's count sits: on the symbol's top-right corner, in pixels. */
const BADGE_OFFSET_PX: [number, number] = [11, -11];
const BADGE_TEXT_PX = 11;
const IS_CLUSTER: ExpressionSpecification = ['has', 'point_count'];
/**
 * An open appeal for information: a thick amber ring under the symbol, apart from the selection
 * ring (dark, wider) and from the observations' rings (shown beside, on diamonds). Amber on the
 * light basemap keeps 3:1 against it (WCAG 1.4.11, non-text contrast).
 */
export const APPEAL_RING = '#b45309';
const HAS_APPEAL: ExpressionSpecification = [
  'all',
  ['!', IS_CLUSTER],
  ['==', ['get', 'appeal'], true],
];
const IS_STACK: ExpressionSpecification = [
  'all',
  ['!', IS_CLUSTER],
  ['>', INCIDENTS_OF_FEATURE, 1],
];

export function incidentLayers(source = INCIDENT_SOURCE): AddLayerObject[] {
  return [
    {
      id: 'incidents-clusters',
      type: 'circle',
      source,
      filter: IS_CLUSTER,
      paint: {
        // Dark enough for the white count at 4.5:1 (WCAG AA) at every step.
        'circle-color': ['step', INCIDENTS_OF_CLUSTER, '#3f5f96', 250, '#33507f', 2500, '#2b4372'],
        'circle-radius': ['step', INCIDENTS_OF_CLUSTER, 13, 25, 17, 250, 23, 2500, 29],
        'circle-opacity': 0.92,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'incidents-cluster-counts',
      type: 'symbol',
      source,
      filter: IS_CLUSTER,
      layout: {
        'text-field': compactCount(INCIDENTS_OF_CLUSTER),
        'text-font': FONT_MEDIUM,
        'text-size': ['step', INCIDENTS_OF_CLUSTER, 12, 250, 13, 2500, 14],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': COUNT_TEXT },
    },
    {
      id: 'incidents-appeal',
      type: 'circle',
      source,
      filter: HAS_APPEAL,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 12, 16, 15],
        'circle-color': 'rgba(180,83,9,0.18)',
        'circle-stroke-color': APPEAL_RING,
        'circle-stroke-width': 3,
      },
    },
    {
      id: 'incidents-selected',
      type: 'circle',
      source,
      filter: ['!', IS_CLUSTER],
      paint: {
        'circle-radius': 17,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#111827',
        'circle-stroke-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 0],
      },
    },
    {
      id: 'incidents-points',
      type: 'symbol',
      source,
      filter: ['!', IS_CLUSTER],
      layout: {
        'icon-image': ['concat', 'category-', ['get', 'category']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 16, 1.1],
        'symbol-sort-key': ['-', 0, ['get', 'occurredAtMs']],
      },
      paint: { 'icon-opacity': ['case', ['==', ['get', 'status'], 'resolved'], 0.55, 1] },
    },
    {
      id: 'incidents-stack-badges',
      type: 'circle',
      source,
      filter: IS_STACK,
      paint: {
        'circle-radius': ['step', INCIDENTS_OF_FEATURE, 8, 10, 9, 100, 11],
        'circle-color': STACK_BADGE,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
        'circle-translate': BADGE_OFFSET_PX,
      },
    },
    {
      id: 'incidents-stack-counts',
      type: 'symbol',
      source,
      filter: IS_STACK,
      layout: {
        'text-field': compactCount(INCIDENTS_OF_FEATURE),
        'text-font': FONT_MEDIUM,
        'text-size': BADGE_TEXT_PX,
        'text-offset': [BADGE_OFFSET_PX[0] / BADGE_TEXT_PX, BADGE_OFFSET_PX[1] / BADGE_TEXT_PX],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: { 'text-color': COUNT_TEXT },
    },
  ];
}

const ICON_PIXEL_RATIO = 2;

/** The category symbols as map images (no sprite file: the basemap works offline). */
export function registerCategoryIcons(map: MapLibreMap): void {
  for (const slug of CATEGORY_SLUGS) {
    const name = categoryIconName(slug);
    if (map.hasImage(name)) continue;
    const canvas = drawCategoryIcon(slug, 22, ICON_PIXEL_RATIO);
    const context = canvas.getContext('2d');
    if (!context) continue;
    map.addImage(name, context.getImageData(0, 0, canvas.width, canvas.height), {
      pixelRatio: ICON_PIXEL_RATIO,
    });
  }
}
