import type { StyleSpecification } from 'maplibre-gl';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';

/** A calm, light palette, so that coloured incident symbols stand out on top of it. */
const WATER = '#dde6ec';
const LAND = '#f4f2ee';
const BOUNDARY = '#a9a7a2';

const NATURAL_EARTH = '<a href="https://www.naturalearthdata.com/">Natural Earth</a>';

/** The bundled glyphs (client/public/fonts): every text on the map uses one of these fonts. */
export const GLYPHS_URL = '/fonts/{fontstack}/{range}.pbf';
export const FONT_REGULAR = ['Noto Sans Regular'];
export const FONT_MEDIUM = ['Noto Sans Medium'];

/**
 * The built-in basemap: land and country borders from Natural Earth (1:10m), served by this
 * server at /basemap (client/build/basemap-plugin.ts), and the bundled glyphs for labels: it
 * works without any network beyond the server itself.
 */
export function offlineBasemapStyle(): StyleSpecification {
  // 1:10m data has no more detail to give past this zoom; beyond it tiles are overzoomed.
  const maxzoom = 9;
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
      'basemap-boundaries': { type: 'geojson', data: '/basemap/boundaries.geojson', maxzoom },
    },
    layers: [
      { id: 'basemap-water', type: 'background', paint: { 'background-color': WATER } },
      {
        id: 'basemap-land',
        type: 'fill',
        source: 'basemap-land',
        paint: { 'fill-color': LAND },
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
    ],
  };
}

/** The hosted style when the server names one (BASEMAP_STYLE_URL), else the offline basemap. */
export function basemapStyle(
  config: Pick<ClientConfig, 'basemapStyleUrl'>,
): string | StyleSpecification {
  return config.basemapStyleUrl ?? offlineBasemapStyle();
}
