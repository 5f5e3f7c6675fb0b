import type { AddLayerObject, GeoJSONSourceSpecification, Map as MapLibreMap } from 'maplibre-gl';
import {
  VERIFICATION_STATES,
  type VerificationState,
} from '../../../../shared/observations/kinds.js';

/** The observations layer: a diamond (incidents are circles), its ring saying how verified. */
export const OBSERVATION_SOURCE = 'observations';
export const OBSERVATION_LAYER_IDS = ['observations-selected', 'observations-points'];
export const OBSERVATION_FILL = '#6d28d9';

/** The ring of each verification state: grey, blue, green, orange, dark grey. */
export const VERIFICATION_RING: Record<VerificationState, string> = {
  unverified: '#9ca3af',
  corroborated: '#2563eb',
  confirmed: '#15803d',
  disputed: '#ea580c',
  retracted: '#374151',
};

export const observationIconName = (state: VerificationState) => `observation-${state}`;

const SIZE = 40; // drawn at pixelRatio 2: 20 CSS px

/** One diamond icon per verification state, drawn on a canvas (no image files to load). */
export function registerObservationIcons(map: MapLibreMap): void {
  for (const state of VERIFICATION_STATES) {
    const name = observationIconName(state);
    if (map.hasImage(name)) continue;
    const canvas = document.createElement('canvas');
    canvas.width = SIZE;
    canvas.height = SIZE;
    const context = canvas.getContext('2d');
    if (!context) continue;
    const half = SIZE / 2;
    const diamond = (inset: number) => {
      context.beginPath();
      context.moveTo(half, inset);
      context.lineTo(SIZE - inset, half);
      context.lineTo(half, SIZE - inset);
      context.lineTo(inset, half);
      context.closePath();
    };
    diamond(1);
    context.fillStyle = VERIFICATION_RING[state];
    context.fill();
    diamond(7);
    context.fillStyle = OBSERVATION_FILL;
    context.fill();
    context.strokeStyle = '#ffffff';
    context.lineWidth = 2;
    context.stroke();
    map.addImage(name, context.getImageData(0, 0, SIZE, SIZE), { pixelRatio: 2 });
  }
}

export function observationSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

export function observationLayers(source: string): AddLayerObject[] {
  return [
    {
      id: 'observations-selected',
      type: 'circle',
      source,
      paint: {
        'circle-radius': 16,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-width': 3,
        'circle-stroke-color': '#111827',
        'circle-stroke-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 1, 0],
      },
    },
    {
      id: 'observations-points',
      type: 'symbol',
      source,
      layout: {
        'icon-image': ['concat', 'observation-', ['get', 'verification']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
      },
    },
  ];
}
