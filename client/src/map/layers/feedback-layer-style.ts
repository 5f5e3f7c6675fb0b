import type { AddLayerObject, GeoJSONSourceSpecification } from 'maplibre-gl';
import type { FeedbackFeatureProperties } from '../../../../shared/schemas/feedback.js';
import { formatMean } from '../../responses/rating-bars.js';
import { FONT_MEDIUM } from '../map-fonts.js';

/**
 * The feedback layer: a small badge beside the incident (top right of its point, clear of the
 * symbol) with the mean rating and how many rated, e.g. "4.2 (7)"; its colour says low, middling
 * or high. Responses nobody rated get no badge.
 */
export const FEEDBACK_SOURCE = 'feedback';
export const FEEDBACK_LAYER_IDS = ['feedback-badges'];

export type MeanBand = 'low' | 'middling' | 'high';

/** White text on each keeps 4.5:1 (WCAG 1.4.3). */
export const MEAN_BADGE: Record<MeanBand, string> = {
  low: '#991b1b',
  middling: '#92400e',
  high: '#166534',
};

export function meanBand(mean: number): MeanBand {
  if (mean < 2.5) return 'low';
  if (mean < 3.5) return 'middling';
  return 'high';
}

export interface DrawnFeedback {
  label: string;
  band: MeanBand;
  count: number;
  incidentId: string;
}

export function drawnFeedback(
  properties: FeedbackFeatureProperties,
  locale: string,
): DrawnFeedback {
  const mean = properties.mean ?? 0;
  const count = new Intl.NumberFormat(locale).format(properties.count);
  return {
    label: properties.mean === null ? '' : `${formatMean(mean, locale)} (${count})`,
    band: meanBand(mean),
    count: properties.mean === null ? 0 : properties.count,
    incidentId: properties.incidentId,
  };
}

export function feedbackSource(): GeoJSONSourceSpecification {
  return { type: 'geojson', data: { type: 'FeatureCollection', features: [] } };
}

export function feedbackLayers(source: string): AddLayerObject[] {
  return [
    {
      id: 'feedback-badges',
      type: 'symbol',
      source,
      filter: ['>', ['get', 'count'], 0],
      layout: {
        'text-field': ['get', 'label'],
        'text-font': FONT_MEDIUM,
        'text-size': 12,
        'text-anchor': 'bottom-left',
        'text-offset': [0.9, -0.7],
        'text-allow-overlap': true,
        'text-ignore-placement': true,
      },
      paint: {
        'text-color': '#ffffff',
        'text-halo-color': [
          'match',
          ['get', 'band'],
          'low',
          MEAN_BADGE.low,
          'middling',
          MEAN_BADGE.middling,
          MEAN_BADGE.high,
        ],
        'text-halo-width': 3,
      },
    },
  ];
}
