import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';
import { FONT_MEDIUM, GLYPHS_URL } from './map-fonts.js';
import { pmtilesStyleUrl } from './pmtiles-protocol.js';
import {
  VANCOUVER_AREAS_PATH,
  VANCOUVER_ATTRIBUTION,
  VANCOUVER_STREETS,
} from './vancouver-basemap.js';

export { FONT_MEDIUM, FONT_REGULAR, GLYPHS_URL } from './map-fonts.js';

/** A calm, light palette, so that coloured incident symbols stand out on top of it. */
const WATER = '#dde6ec';
const LAND = '#f4f2ee';
const BOUNDARY = '#a9a7a2';
const STREET = '#ffffff';
const STREET_CASING = '#d6d1c7';
const AREA_LABEL = '#6b6760';

const NATURAL_EARTH = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>';

/** Street widths in pixels by zoom: hairlines over the whole city, roads when close. */
const STREET_WIDTH: ExpressionSpecification = [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  11,
  0.3,
  14,
  1.5,
  18,
  14,
];
const CASING_WIDTH: ExpressionSpecification = [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  11,
  0.5,
  14,
  2.5,
  18,
  18,
];

/**
 * The built-in basemap, served by this server at /basemap (client/build/basemap-plugin.ts) with
 * the bundled glyphs, so it works without any network beyond the server itself: Natural Earth
 * land, lakes and country borders (1:10m and 1:50m) for the world, and for the demo city,
 * Vancouver's street centrelines (vector tiles from zoom 11) and its neighbourhoods' names.
 */
export function offlineBasemapStyle(): StyleSpecification {
  // 1:10m data has no more detail to give past this zoom; beyond it tiles are overzoomed.
  const maxzoom = 9;
  const { path, layer, minzoom, maxzoom: streetsMaxzoom, bounds } = VANCOUVER_STREETS;
  return {
    version: 8,
    glyphs: `${location.origin}${GLYPHS_URL}`,
    sources: {
      'basemap-land': {
        type: 'geojson',
        data: '/basemap/land.geojson',
        maxzoom,
        attribution: NATURAL_EARTH,
      },
      'basemap-lakes': {
        type: 'geojson',
        data: '/basemap/lakes.geojson',
        maxzoom,
        attribution: NATURAL_EARTH,
      },
      'basemap-boundaries': { type: 'geojson', data: '/basemap/boundaries.geojson', maxzoom },
      'basemap-streets': {
        type: 'vector',
        tiles: [`${location.origin}${path}/{z}/{x}/{y}.pbf`],
        minzoom,
        maxzoom: streetsMaxzoom,
        bounds: [...bounds],
        attribution: VANCOUVER_ATTRIBUTION,
      },
      'basemap-areas': {
        type: 'geojson',
        data: VANCOUVER_AREAS_PATH,
        attribution: VANCOUVER_ATTRIBUTION,
      },
    },
    layers: [
      { id: 'basemap-water', type: 'background', paint: { 'background-color': WATER } },
      { id: 'basemap-land', type: 'fill', source: 'basemap-land', paint: { 'fill-color': LAND } },
      {
        id: 'basemap-lakes',
        type: 'fill',
        source: 'basemap-lakes',
        paint: { 'fill-color': WATER },
      },
      {
        id: 'basemap-boundaries',
        type: 'line',
        source: 'basemap-boundaries',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': BOUNDARY,
          'line-width': ['interpolate', ['linear'], ['zoom'], 2, 0.6, 10, 1.4],
          'line-dasharray': [3, 2],
        },
      },
      {
        id: 'basemap-streets-casing',
        type: 'line',
        source: 'basemap-streets',
        'source-layer': layer,
        minzoom: 13,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: { 'line-color': STREET_CASING, 'line-width': CASING_WIDTH },
      },
      {
        id: 'basemap-streets',
        type: 'line',
        source: 'basemap-streets',
        'source-layer': layer,
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          // Alone below zoom 13, where a white hairline would vanish on the land: the casing's tone.
          'line-color': ['step', ['zoom'], STREET_CASING, 13, STREET],
          'line-width': STREET_WIDTH,
        },
      },
      {
        id: 'basemap-area-labels',
        type: 'symbol',
        source: 'basemap-areas',
        minzoom: 11,
        layout: {
          'text-field': ['get', 'name'],
          'text-font': FONT_MEDIUM,
          'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 15, 15],
          'text-max-width': 8,
          'text-letter-spacing': 0.05,
        },
        paint: {
          'text-color': AREA_LABEL,
          'text-halo-color': LAND,
          'text-halo-width': 1.5,
        },
      },
    ],
  };
}

/**
 * The hosted style when the server names one (BASEMAP_STYLE_URL), else its PMTiles archive
 * (BASEMAP_PMTILES) with labels in `lang`, else the offline basemap.
 */
export function basemapStyle(
  config: Pick<ClientConfig, 'basemapStyleUrl' | 'basemapPmtilesUrl'>,
  lang = 'en',
): string | StyleSpecification {
  if (config.basemapStyleUrl) return config.basemapStyleUrl;
  if (config.basemapPmtilesUrl) return pmtilesStyleUrl(config.basemapPmtilesUrl, lang);
  return offlineBasemapStyle();
}
