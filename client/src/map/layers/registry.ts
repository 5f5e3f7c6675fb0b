import type { Component } from 'svelte';
import type { MessageKey } from '../../i18n/translate.js';
import DistrictsLayer from './DistrictsLayer.svelte';
import FeedbackLayer from './FeedbackLayer.svelte';
import HeatmapLayer from './HeatmapLayer.svelte';
import HistoryTilesLayer from './HistoryTilesLayer.svelte';
import IncidentsLayer from './IncidentsLayer.svelte';
import type { LayerProps } from './layer-props.js';
import ObservationsLayer from './ObservationsLayer.svelte';
import ResponsesLayer from './ResponsesLayer.svelte';

export interface MapLayerEntry {
  id: string;
  labelKey: MessageKey;
  component: Component<LayerProps>;
  defaultOn: boolean;
  /**
   * Kept mounted while switched off (only hidden): its source stays current, so switching it
   * back on is instant. Otherwise unmounted, so a hidden layer costs nothing.
   */
  keepMounted: boolean;
}

/**
 * The map's layers, bottom to top, as the layer toggles and the URL (`layers=`) know them.
 * A new layer is a component and an entry.
 */
export const MAP_LAYERS: readonly MapLayerEntry[] = [
  {
    id: 'districts',
    labelKey: 'layers.districts',
    component: DistrictsLayer,
    defaultOn: true,
    keepMounted: false,
  },
  {
    id: 'heatmap',
    labelKey: 'layers.heatmap',
    component: HeatmapLayer,
    defaultOn: false,
    keepMounted: false,
  },
  {
    id: 'history',
    labelKey: 'layers.history',
    component: HistoryTilesLayer,
    defaultOn: true,
    keepMounted: false,
  },
  {
    id: 'responses',
    labelKey: 'layers.responses',
    component: ResponsesLayer,
    defaultOn: true,
    keepMounted: false,
  },
  {
    id: 'incidents',
    labelKey: 'layers.incidents',
    component: IncidentsLayer,
    defaultOn: true,
    keepMounted: true,
  },
  {
    id: 'observations',
    labelKey: 'layers.observations',
    component: ObservationsLayer,
    defaultOn: true,
    keepMounted: false,
  },
  {
    id: 'feedback',
    labelKey: 'layers.feedback',
    component: FeedbackLayer,
    defaultOn: false,
    keepMounted: false,
  },
];

export const LAYER_IDS = MAP_LAYERS.map((layer) => layer.id);
export const DEFAULT_LAYER_IDS = MAP_LAYERS.filter((layer) => layer.defaultOn).map((l) => l.id);
