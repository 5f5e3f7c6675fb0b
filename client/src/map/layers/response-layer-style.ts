import type {
  AddLayerObject,
  ExpressionSpecification,
  GeoJSONSourceSpecification,
} from 'maplibre-gl';
import {
  RESPONSE_STEPS,
  type ResponseFeatureProperties,
  type ResponseStep,
} from '../../../../shared/schemas/response.js';
import { timeToSceneBand, type TimeToSceneBand } from '../../responses/time-to-scene.js';

/**
 * The responses layer: a disc under each incident's symbol, filled by where its response is
 * (received … cleared), ringed by how long it took to reach the scene. The disc sits under the
 * incidents' symbols, so the category stays readable on top.
 */
export const RESPONSE_SOURCE = 'responses';
export const RESPONSE_LAYER_IDS = ['responses-discs'];
/** The incidents layer's lowest style layer: the discs go under it when it is there. */
export const BELOW_LAYER = 'incidents-clusters';

export const RESPONSE_STATE_FILL: Record<ResponseStep, string> = {
  received: '#6b7280',
  dispatched: '#d97706',
  en_route: '#2563eb',
  on_scene: '#059669',
  cleared: '#374151',
};

/**
 * The ring by time to scene: green to dark red, each at least 3:1 against the light basemap
 * (WCAG 1.4.11); no ring while nobody is on scene, a thin grey one for officer-initiated.
 */
export const BAND_RING: Record<TimeToSceneBand, { colour: string; width: number }> = {
  le5: { colour: '#15803d', width: 4 },
  le10: { colour: '#a16207', width: 4 },
  le20: { colour: '#c2410c', width: 4 },
  over20: { colour: '#991b1b', width: 4 },
  not_yet: { colour: '#ffffff', width: 1 },
  officer: { colour: '#4b5563', width: 1.5 },
};

/** What the style reads of a response feature. */
export interface DrawnResponse {
  state: ResponseStep;
  band: TimeToSceneBand;
  incidentId: string;
}

export function drawnResponse(properties: ResponseFeatureProperties): DrawnResponse {
  return {
    state: properties.state,
    band: timeToSceneBand(properties.figures, properties.officerInitiated),
    incidentId: properties.incidentId,
  };
}

export function responseSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

function matchOf<K extends string>(
  property: string,
  table: Record<K, string | number>,
  fallback: string | number,
): ExpressionSpecification {
  const pairs = Object.entries(table).flatMap(([key, value]) => [key, value as string | number]);
  return ['match', ['get', property], ...pairs, fallback] as unknown as ExpressionSpecification;
}

export function responseLayers(source: string): AddLayerObject[] {
  const ringColour = Object.fromEntries(
    Object.entries(BAND_RING).map(([band, ring]) => [band, ring.colour]),
  ) as Record<TimeToSceneBand, string>;
  const ringWidth = Object.fromEntries(
    Object.entries(BAND_RING).map(([band, ring]) => [band, ring.width]),
  ) as Record<TimeToSceneBand, number>;
  return [
    {
      id: 'responses-discs',
      type: 'circle',
      source,
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 9, 15, 16],
        'circle-color': matchOf('state', RESPONSE_STATE_FILL, RESPONSE_STATE_FILL.received),
        'circle-opacity': 0.45,
        'circle-stroke-color': matchOf('band', ringColour, '#ffffff'),
        'circle-stroke-width': matchOf('band', ringWidth, 1),
      },
    },
  ];
}

/** Every state, in order, for the legend. */
export const LEGEND_STATES = RESPONSE_STEPS;
