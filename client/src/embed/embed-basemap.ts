import type { StyleSpecification } from 'maplibre-gl';
import type { EmbedLanguage, EmbedTheme } from '../../../shared/embed/embed-params.js';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';
import { basemapStyle } from '../map/basemap-style.js';

/**
 * The dark theme's colours for the offline basemap's layers (basemap-style.ts), by layer id:
 * dark land and water, streets a little lighter, labels light. The category symbols keep their
 * colours and white outlines, which stand out on it as on the light one.
 */
const DARK_PAINT: Record<string, Record<string, unknown>> = {
  'basemap-water': { 'background-color': '#15202b' },
  'basemap-land': { 'fill-color': '#262b31' },
  'basemap-lakes': { 'fill-color': '#15202b' },
  'basemap-boundaries': { 'line-color': '#6b7280' },
  'basemap-streets-casing': { 'line-color': '#1d2126' },
  'basemap-streets': { 'line-color': ['step', ['zoom'], '#3a4048', 13, '#474e57'] },
  'basemap-area-labels': { 'text-color': '#c9ced6', 'text-halo-color': '#262b31' },
};

function darkened(style: StyleSpecification): StyleSpecification {
  return {
    ...style,
    layers: style.layers.map((layer) => {
      const paint = DARK_PAINT[layer.id];
      if (!paint) return layer;
      return { ...layer, paint: { ...layer.paint, ...paint } } as typeof layer;
    }),
  };
}

/**
 * The app's basemap (basemap-style.ts) in the embed's theme. A hosted style or a PMTiles archive
 * keeps its own colours: only the offline basemap, whose layers we know, is darkened.
 */
export function embedBasemap(
  config: Pick<ClientConfig, 'basemapStyleUrl' | 'basemapPmtilesUrl'>,
  lang: EmbedLanguage,
  theme: EmbedTheme,
): string | StyleSpecification {
  const style = basemapStyle(config, lang);
  return theme === 'dark' && typeof style !== 'string' ? darkened(style) : style;
}
