import type { Map as MapLibreMap } from 'maplibre-gl';
import { getContext, setContext } from 'svelte';

const KEY = Symbol('openbeat-map');

/** The map shell's MapLibre instance, for the layer components inside it. */
export function setMapContext(getMap: () => MapLibreMap): void {
  setContext(KEY, getMap);
}

export function getMap(): MapLibreMap {
  const getter = getContext<(() => MapLibreMap) | undefined>(KEY);
  if (!getter) throw new Error('a map layer must be placed inside <MapShell>');
  return getter();
}
