import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';

export interface Camera {
  zoom: number;
  lat: number;
  lon: number;
}

/**
 * The full map (`/`) with the embed's filters, in the app's own parameters
 * (client/src/state/url-state.ts) and its `#zoom/lat/lon` camera.
 */
export function fullMapHref(params: MapEmbedParams, camera: Camera | null): string {
  const query = new URLSearchParams();
  if (params.categories.length > 0) query.set('categories', params.categories.join(','));
  if (params.window.kind === 'custom') {
    query.set('window', 'custom');
    query.set('from', params.window.from);
    query.set('to', params.window.to);
  } else {
    query.set('window', params.window.preset);
  }
  query.set('layers', params.layers.join(','));
  query.set('lang', params.lang);
  const hash = camera
    ? `#${camera.zoom.toFixed(2)}/${camera.lat.toFixed(5)}/${camera.lon.toFixed(5)}`
    : '';
  return `/?${query.toString()}${hash}`;
}
