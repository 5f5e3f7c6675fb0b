import type { AddLayerObject, GeoJSONSourceSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { DistrictCollection } from '../../../../shared/schemas/district.js';
import { FONT_MEDIUM } from '../basemap-style.js';

/**
 * The districts layer's sources and styles: the data's districts (GET /api/v1/districts), not
 * the basemap's place names, hence ids of their own (`districts-*`). Boundaries are lines over
 * the land, names are written once per district at its label point.
 */
export const DISTRICT_SOURCE = 'districts';
export const DISTRICT_LABEL_SOURCE = 'districts-label-points';
export const DISTRICT_LINE_LAYER = 'districts-boundaries';
export const DISTRICT_LABEL_LAYER = 'districts-names';
export const DISTRICT_LAYER_IDS = [DISTRICT_LINE_LAYER, DISTRICT_LABEL_LAYER];

/** A violet no category uses, so a boundary is never taken for an incident. */
export const DISTRICT_COLOUR = '#6d4c9f';
const NAME_COLOUR = '#4a3370';

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

export function emptyGeojsonSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: EMPTY };
}

/** One point per district, at its label point, carrying its name. */
export function districtLabelPoints(districts: DistrictCollection): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: districts.features.map((district) => ({
      type: 'Feature',
      id: Number(district.id),
      geometry: { type: 'Point', coordinates: district.properties.labelPoint },
      properties: { name: district.properties.name },
    })),
  };
}

export function districtLayers(): AddLayerObject[] {
  return [
    {
      id: DISTRICT_LINE_LAYER,
      type: 'line',
      source: DISTRICT_SOURCE,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': DISTRICT_COLOUR,
        'line-opacity': 0.7,
        'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1, 15, 2.5],
      },
    },
    {
      id: DISTRICT_LABEL_LAYER,
      type: 'symbol',
      source: DISTRICT_LABEL_SOURCE,
      // Below this zoom a city's names would cover the city.
      minzoom: 10,
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_MEDIUM,
        'text-size': ['interpolate', ['linear'], ['zoom'], 10, 11, 15, 15],
        'text-max-width': 8,
        'text-letter-spacing': 0.04,
      },
      paint: {
        'text-color': NAME_COLOUR,
        // The halo keeps the name readable over streets, water and incident symbols' edges.
        'text-halo-color': 'rgba(255, 255, 255, 0.9)',
        'text-halo-width': 1.6,
        'text-halo-blur': 0.4,
      },
    },
  ];
}

/**
 * The first layer drawn on top of the basemap by this app (the incident layers all start with
 * `incidents`): districts go under it, so that incidents are never hidden by a boundary or name.
 */
export function firstOverlayLayerId(map: MapLibreMap): string | undefined {
  return map.getStyle().layers.find((layer) => layer.id.startsWith('incidents'))?.id;
}
