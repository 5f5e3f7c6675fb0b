import type { Map as MapLibreMap } from 'maplibre-gl';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The largest part of the map (left of, right of, above or below the cover) that the cover leaves
 * free, in the map's own pixels; the whole map when the cover does not overlap it.
 */
export function freeArea(map: Rect, cover: Rect | null): Rect {
  const whole = { x: 0, y: 0, width: map.width, height: map.height };
  if (!cover) return whole;
  const left = Math.max(0, Math.min(map.width, cover.x - map.x));
  const right = Math.max(0, Math.min(map.width, cover.x + cover.width - map.x));
  const top = Math.max(0, Math.min(map.height, cover.y - map.y));
  const bottom = Math.max(0, Math.min(map.height, cover.y + cover.height - map.y));
  if (right <= left || bottom <= top) return whole;
  const sides: Rect[] = [
    { x: 0, y: 0, width: left, height: map.height },
    { x: right, y: 0, width: map.width - right, height: map.height },
    { x: 0, y: 0, width: map.width, height: top },
    { x: 0, y: bottom, width: map.width, height: map.height - bottom },
  ];
  return sides.reduce((best, side) =>
    side.width * side.height > best.width * best.height ? side : best,
  );
}

/** Whether the point lies inside the rectangle, at least `margin` px from its edges. */
export function insideWithMargin(point: { x: number; y: number }, area: Rect, margin: number) {
  return (
    point.x >= area.x + margin &&
    point.x <= area.x + area.width - margin &&
    point.y >= area.y + margin &&
    point.y <= area.y + area.height - margin
  );
}

/** A symbol's half width and a finger's: the point is clear of the cover's edge by this much. */
const MARGIN_PX = 32;

/**
 * Pans the map, when needed, so the selected point is drawn in the part the detail panel leaves
 * free (not under the panel, not off the map), in that part's centre. The map's size is read
 * first: on a phone the panel takes room from the map rather than covering it.
 */
export function revealBeside(
  map: MapLibreMap,
  point: { lon: number; lat: number },
  cover: { getBoundingClientRect(): Rect } | null,
): void {
  map.resize();
  const mapRect = map.getContainer().getBoundingClientRect();
  const free = freeArea(mapRect, cover?.getBoundingClientRect() ?? null);
  const drawn = map.project([point.lon, point.lat]);
  if (insideWithMargin(drawn, free, MARGIN_PX)) return;
  map.easeTo({
    center: [point.lon, point.lat],
    offset: [
      free.x + free.width / 2 - mapRect.width / 2,
      free.y + free.height / 2 - mapRect.height / 2,
    ],
    duration: 400,
  });
}
