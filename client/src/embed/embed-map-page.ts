import {
  Map as MapLibreMap,
  NavigationControl,
  type LngLatBoundsLike,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';
import type { Bbox } from '../../../shared/geo/bbox.js';
import { OBSERVATION_KIND_SLUGS } from '../../../shared/observations/kinds.js';
import type { DistrictFeature } from '../../../shared/schemas/district.js';
import { LiveStream, type Subscription } from '../api/live-stream.js';
import { dataBounds } from '../map/first-view.js';
import { mapLibreLocale } from '../map/maplibre-locale.js';
import '../map/maplibre-worker.js';
import { resolveArea } from './embed-area.js';
import { embedBasemap } from './embed-basemap.js';
import type { EmbedPage } from './embed-shell.js';
import { EmbedLiveData } from './embed-live-data.js';
import { loadClientConfig } from './embed-rest.js';
import { showProblems } from './embed-problems.js';

const WORLD: Bbox = [-180, -90, 180, 90];
const OUTLINE = 'embed-district';
const FIT = { padding: 24, maxZoom: 15 };

function bounds(bbox: Bbox): LngLatBoundsLike {
  return [
    [bbox[0], bbox[1]],
    [bbox[2], bbox[3]],
  ];
}

function drawOutline(map: MapLibreMap, district: DistrictFeature, dark: boolean): void {
  map.addSource(OUTLINE, { type: 'geojson', data: district });
  map.addLayer({
    id: OUTLINE,
    type: 'line',
    source: OUTLINE,
    paint: {
      'line-color': dark ? '#c4b5fd' : '#6d4c9f',
      'line-width': 2.5,
      'line-dasharray': [2, 1],
    },
  });
}

function createMap(
  page: EmbedPage,
  style: string | StyleSpecification,
  bbox: Bbox | null,
): MapLibreMap {
  const map = new MapLibreMap({
    container: page.mapContainer,
    style,
    ...(bbox ? { bounds: bounds(bbox), fitBoundsOptions: FIT } : { center: [0, 20], zoom: 1.5 }),
    attributionControl: { compact: false, customAttribution: page.text.t('embed.attribution') },
    locale: mapLibreLocale(page.text.lang),
    dragRotate: false,
    pitchWithRotate: false,
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  map.getCanvas().setAttribute('aria-label', page.text.t('embed.mapLabel'));
  return map;
}

/**
 * The embed's map: the area resolved (a district fetched and checked), the basemap in the theme,
 * the layers, then the first load and the live stream (embed-live-data.ts).
 */
export async function startEmbedMap(page: EmbedPage, params: MapEmbedParams): Promise<void> {
  const [area, config] = await Promise.all([
    resolveArea(params.area),
    loadClientConfig().catch(() => ({ basemapStyleUrl: null, basemapPmtilesUrl: null })),
  ]);
  if (!area.ok) {
    showProblems(page.root, [area.problem], page.text, area.known);
    return;
  }
  const map = createMap(page, embedBasemap(config, params.lang, params.theme), area.bbox);
  await map.once('load');
  // For tests and benchmarks, as the app does (MapShell.svelte): what is on the map.
  (globalThis as unknown as { openbeatMap?: MapLibreMap }).openbeatMap = map;
  if (area.district) drawOutline(map, area.district, params.theme === 'dark');
  // parseMapEmbedParams took only known category slugs. Observations have kinds, not
  // categories: the embed's categories leave them all.
  const categories = (
    params.categories.length === 0
      ? undefined
      : [
          ...params.categories,
          ...(params.layers.includes('observations') ? OBSERVATION_KIND_SLUGS : []),
        ]
  ) as Subscription['categories'];
  const data = new EmbedLiveData(map, page, params, area.bbox);
  const stream = new LiveStream({
    anonymous: true,
    onEvents: (events) => {
      data.apply(events);
    },
    onResync: () => data.reload(),
    onStatus: (status) => {
      page.footer.setStatus(status);
    },
  });
  const syncCamera = () => {
    const centre = map.getCenter();
    page.footer.setCamera({ zoom: map.getZoom(), lat: centre.lat, lon: centre.lng });
  };
  map.on('moveend', syncCamera);
  // Subscribed before the first load, so that nothing between the two is missed.
  void stream.subscribe({
    bbox: area.bbox ?? WORLD,
    layers: [...params.layers],
    ...(categories && { categories: [...new Set(categories)] }),
  });
  await data.reload();
  if (!area.bbox) {
    const points = data.points();
    const fit = dataBounds(points);
    if (fit) map.fitBounds(fit, { ...FIT, animate: false });
  }
  syncCamera();
}
