import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { EmbedLayer, EmbedLanguage } from '../../../shared/embed/embed-params.js';
import type { FeedbackFeatureProperties } from '../../../shared/schemas/feedback.js';
import type { ResponseFeatureProperties } from '../../../shared/schemas/response.js';
import {
  drawnFeedback,
  feedbackLayers,
  feedbackSource,
} from '../map/layers/feedback-layer-style.js';
import {
  INCIDENT_SOURCE,
  incidentLayers,
  incidentSource,
  registerCategoryIcons,
} from '../map/layers/incident-layer-style.js';
import {
  observationLayers,
  observationSource,
  registerObservationIcons,
} from '../map/layers/observation-layer-style.js';
import {
  drawnResponse,
  responseLayers,
  responseSource,
} from '../map/layers/response-layer-style.js';
import { incidentStacks, type Collection } from './embed-stacks.js';
import type { EmbedStore, HeldFeature } from './embed-store.js';

/**
 * The embed's layers, with the app's own styles (client/src/map/layers/*-style.ts) but not its
 * components: the embed feeds each source straight from its store. Drawn bottom to top:
 * responses under incidents, observations and feedback badges above.
 */
const DRAW_ORDER: readonly EmbedLayer[] = ['responses', 'incidents', 'observations', 'feedback'];

function collection(
  features: HeldFeature[],
  properties: (feature: HeldFeature) => Record<string, unknown>,
): Collection {
  return {
    type: 'FeatureCollection',
    features: features.map((feature) => ({
      type: 'Feature',
      id: feature.id,
      geometry: { type: 'Point', coordinates: [feature.lon, feature.lat] },
      properties: properties(feature),
    })),
  };
}

function sourceData(layer: EmbedLayer, store: EmbedStore, lang: EmbedLanguage): Collection {
  const features = store.features(layer);
  switch (layer) {
    case 'incidents':
      return incidentStacks(features);
    case 'observations':
      return collection(features, (f) => ({ verification: f.properties.verification }));
    case 'responses':
      return collection(features, (f) => ({
        ...drawnResponse(f.properties as unknown as ResponseFeatureProperties),
      }));
    case 'feedback':
      return collection(features, (f) => ({
        ...drawnFeedback(f.properties as unknown as FeedbackFeatureProperties, lang),
      }));
  }
}

/** Adds the sources and style layers of the shown layers to a loaded map. */
export function addEmbedLayers(map: MapLibreMap, layers: readonly EmbedLayer[]): void {
  for (const layer of DRAW_ORDER) {
    if (!layers.includes(layer)) continue;
    switch (layer) {
      case 'incidents':
        registerCategoryIcons(map);
        map.addSource(INCIDENT_SOURCE, incidentSource());
        for (const style of incidentLayers(INCIDENT_SOURCE)) map.addLayer(style);
        break;
      case 'observations':
        registerObservationIcons(map);
        map.addSource(layer, observationSource());
        for (const style of observationLayers(layer)) map.addLayer(style);
        break;
      case 'responses':
        map.addSource(layer, responseSource());
        for (const style of responseLayers(layer)) map.addLayer(style);
        break;
      case 'feedback':
        map.addSource(layer, feedbackSource());
        for (const style of feedbackLayers(layer)) map.addLayer(style);
        break;
    }
  }
}

/** Puts the store's features on the map. */
export function drawEmbedLayers(
  map: MapLibreMap,
  layers: readonly EmbedLayer[],
  store: EmbedStore,
  lang: EmbedLanguage,
): void {
  for (const layer of layers) {
    void map.getSource<GeoJSONSource>(layer)?.setData(sourceData(layer, store, lang));
  }
}
