import type { AddLayerObject } from 'maplibre-gl';
import { SUPPRESSED_COLOUR } from './accountability-model.js';

/** The accountability map's source and layers (ids of their own: `accountability-*`). */
export const CHOROPLETH_SOURCE = 'accountability-districts';
export const FILL_LAYER = 'accountability-fill';
export const HATCH_LAYER = 'accountability-withheld';
export const OUTLINE_LAYER = 'accountability-outline';
export const SELECTED_LAYER = 'accountability-selected';
export const HATCH_IMAGE = 'accountability-hatch';

const HATCH_SIZE = 8;

/** Diagonal dark strokes on transparent: the pattern of a withheld figure, as in the legend. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(HATCH_SIZE * HATCH_SIZE * 4);
  for (let y = 0; y < HATCH_SIZE; y++) {
    for (let x = 0; x < HATCH_SIZE; x++) {
      if ((x + y) % HATCH_SIZE > 1) continue;
      const offset = (y * HATCH_SIZE + x) * 4;
      data.set([66, 66, 66, 220], offset);
    }
  }
  return { width: HATCH_SIZE, height: HATCH_SIZE, data };
}

export function choroplethLayers(): AddLayerObject[] {
  return [
    {
      id: FILL_LAYER,
      type: 'fill',
      source: CHOROPLETH_SOURCE,
      paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.8 },
    },
    {
      id: HATCH_LAYER,
      type: 'fill',
      source: CHOROPLETH_SOURCE,
      filter: ['==', ['get', 'suppressed'], true],
      paint: { 'fill-pattern': HATCH_IMAGE },
    },
    {
      id: OUTLINE_LAYER,
      type: 'line',
      source: CHOROPLETH_SOURCE,
      paint: { 'line-color': '#37474f', 'line-width': 1 },
    },
    {
      id: SELECTED_LAYER,
      type: 'line',
      source: CHOROPLETH_SOURCE,
      filter: ['==', ['get', 'district'], ''],
      paint: { 'line-color': '#111111', 'line-width': 3.5 },
    },
  ];
}

/** The legend's swatch of a withheld figure: the same grey under the same hatching. */
export const HATCH_CSS = `repeating-linear-gradient(135deg, #424242 0 1.5px, ${SUPPRESSED_COLOUR} 1.5px 6px)`;
