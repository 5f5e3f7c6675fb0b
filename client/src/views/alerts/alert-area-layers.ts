import type { AddLayerObject } from 'maplibre-gl';
import type { DistrictFeature } from '../../../../shared/schemas/district.js';
import type { AreaDraft } from '../../state/alert-area-draft.js';

/** The area being drawn (or the district chosen) on the alerts page's map. */
export const AREA_SOURCE = 'alert-area';
export const AREA_LAYER_IDS = ['alert-area-fill', 'alert-area-line', 'alert-area-corners'];
const COLOUR = '#b45309';

type Feature = GeoJSON.Feature<GeoJSON.Geometry, Record<string, never>>;
const feature = (geometry: GeoJSON.Geometry): Feature => ({
  type: 'Feature',
  geometry,
  properties: {},
});

/** The drawn corners, the path through them, and once closed (or three corners) the area. */
export function draftFeatures(draft: AreaDraft): GeoJSON.FeatureCollection {
  const { corners, finished } = draft;
  const features: Feature[] = corners.map((corner) =>
    feature({ type: 'Point', coordinates: corner }),
  );
  const first = corners[0];
  if (first && corners.length >= 3) {
    features.push(feature({ type: 'Polygon', coordinates: [[...corners, first]] }));
  }
  if (corners.length >= 2 && !finished) {
    features.push(feature({ type: 'LineString', coordinates: corners }));
  }
  return { type: 'FeatureCollection', features };
}

export function districtFeatures(district: DistrictFeature | undefined): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: district ? [feature(district.geometry)] : [],
  };
}

export function areaLayers(): AddLayerObject[] {
  return [
    {
      id: 'alert-area-fill',
      type: 'fill',
      source: AREA_SOURCE,
      filter: [
        'any',
        ['==', ['geometry-type'], 'Polygon'],
        ['==', ['geometry-type'], 'MultiPolygon'],
      ],
      paint: { 'fill-color': COLOUR, 'fill-opacity': 0.2 },
    },
    {
      id: 'alert-area-line',
      type: 'line',
      source: AREA_SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': COLOUR, 'line-width': 2.5 },
    },
    {
      id: 'alert-area-corners',
      type: 'circle',
      source: AREA_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: {
        'circle-radius': 5,
        'circle-color': '#ffffff',
        'circle-stroke-color': COLOUR,
        'circle-stroke-width': 2.5,
      },
    },
  ];
}

/** [[west, south], [east, north]] around the districts, for the map's view. */
export function districtsBounds(
  districts: readonly DistrictFeature[],
): [[number, number], [number, number]] | null {
  const positions = districts.flatMap((district) => district.geometry.coordinates.flat(2));
  if (positions.length === 0) return null;
  const lons = positions.map(([lon]) => lon);
  const lats = positions.map(([, lat]) => lat);
  return [
    [Math.min(...lons), Math.min(...lats)],
    [Math.max(...lons), Math.max(...lats)],
  ];
}
