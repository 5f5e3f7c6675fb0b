import type { Map as MapLibreMap } from 'maplibre-gl';
import type { Place } from '../../../shared/schemas/places.js';

/** Close enough to read the streets, not so close that a block fills the screen. */
const POINT_ZOOM = 16;
const MAX_FIT_ZOOM = 17;
const FIT_PADDING = 40;

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Moves the map to a found place: fits its bbox when it has one, flies to its centre if not. */
export function flyToPlace(
  map: MapLibreMap,
  place: Pick<Place, 'center' | 'bbox'>,
  zoom = POINT_ZOOM,
): void {
  const animate = !prefersReducedMotion();
  if (place.bbox) {
    const [minLon, minLat, maxLon, maxLat] = place.bbox;
    map.fitBounds(
      [
        [minLon, minLat],
        [maxLon, maxLat],
      ],
      { padding: FIT_PADDING, maxZoom: MAX_FIT_ZOOM, animate },
    );
  } else {
    map.flyTo({ center: place.center, zoom: Math.max(map.getZoom(), zoom), animate });
  }
}
