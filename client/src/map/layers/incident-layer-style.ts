import type { AddLayerObject, GeoJSONSourceSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { CATEGORY_SLUGS } from '../../../../shared/categories.js';
import { categoryIconName, drawCategoryIcon } from '../category-style.js';

/** The incidents layer's source and styles, apart from the component (the map bench uses them). */
export const INCIDENT_SOURCE = 'incidents';
export const INCIDENT_LAYER_IDS = ['incidents-clusters', 'incidents-selected', 'incidents-points'];

export function incidentSource(): GeoJSONSourceSpecification {
  return {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterMaxZoom: 13,
    clusterRadius: 44,
  };
}

export function incidentLayers(source = INCIDENT_SOURCE): AddLayerObject[] {
  return [
    {
      id: 'incidents-clusters',
      type: 'circle',
      source,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': ['step', ['get', 'point_count'], '#5b7db1', 25, '#3f5f96', 250, '#2b4372'],
        'circle-radius': ['step', ['get', 'point_count'], 12, 25, 17, 250, 23, 2500, 29],
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 2,
      },
    },
    {
      id: 'incidents-selected',
      type: 'circle',
      source,
      filter: ['!', ['has', 'point_count']],
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
      filter: ['!', ['has', 'point_count']],
      layout: {
        'icon-image': ['concat', 'category-', ['get', 'category']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.8, 16, 1.1],
        'symbol-sort-key': ['-', 0, ['get', 'occurredAtMs']],
      },
      paint: { 'icon-opacity': ['case', ['==', ['get', 'status'], 'resolved'], 0.55, 1] },
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
