import {
  EMBED_PATHS,
  EMBED_DEFAULT_SIZE,
  embedKindAt,
  formatMapEmbedParams,
  formatStatsEmbedParams,
  parseMapEmbedParams,
  parseStatsEmbedParams,
  type EmbedKind,
  type EmbedLanguage,
} from '../../shared/embed/embed-params.js';

/** What a pasted link embeds: which embed, its canonical query, what it shows. */
export interface EmbedTarget {
  kind: EmbedKind;
  /** The embed's URL on the link's own origin, parameters in canonical form. */
  src: string;
  lang: EmbedLanguage;
  /** The district it shows, if it names one (for the title). */
  district: string | null;
}

/** The live map's filters that its link shares with the map embed (client/src/state/url-state.ts). */
const MAP_LINK_PARAMS = ['categories', 'window', 'from', 'to', 'layers', 'lang'];
/** The accountability view's link parameters the stats panel has too. */
const ACCOUNTABILITY_LINK_PARAMS = ['district', 'period', 'priority'];
const ACCOUNTABILITY_PATH = '/accountability';

/** MapLibre's world is 512 px wide at zoom 0. */
const WORLD_PX = 512;
const MAX_MERCATOR_LAT = 85.05112878;

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

function mercatorY(lat: number): number {
  const rad = (lat * Math.PI) / 180;
  return (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
}

function latitudeOf(y: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
}

/**
 * The live map's camera (MapLibre's `#zoom/lat/lon` hash) as the bbox the map embed shows at
 * its default size: the same place at the same scale. Null for no or an unreadable camera.
 */
export function cameraBbox(hash: string): string | null {
  const parts = hash.replace(/^#/, '').split('/').slice(0, 3).map(Number);
  const [zoom, lat, lon] = parts;
  if (parts.length < 3 || zoom === undefined || lat === undefined || lon === undefined) return null;
  if (![zoom, lat, lon].every(Number.isFinite) || zoom < 0 || zoom > 24) return null;
  if (Math.abs(lat) > MAX_MERCATOR_LAT || Math.abs(lon) > 180) return null;
  const { width, height } = EMBED_DEFAULT_SIZE.map;
  const worldPx = WORLD_PX * 2 ** zoom;
  const halfLon = (width / 2 / worldPx) * 360;
  const halfY = height / 2 / worldPx;
  const y = mercatorY(lat);
  const clampLat = (value: number) =>
    Math.max(-MAX_MERCATOR_LAT, Math.min(MAX_MERCATOR_LAT, value));
  const clampLon = (value: number) => Math.max(-180, Math.min(180, value));
  const bbox = [
    clampLon(lon - halfLon),
    clampLat(latitudeOf(Math.min(1, y + halfY))),
    clampLon(lon + halfLon),
    clampLat(latitudeOf(Math.max(0, y - halfY))),
  ].map(round);
  return bbox.join(',');
}

function picked(search: URLSearchParams, names: readonly string[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const name of names) {
    const value = search.get(name);
    if (value !== null) query.set(name, value);
  }
  return query;
}

/** A Host header as the host of a URL of that scheme (lower case, default port dropped). */
function hostAs(protocol: string, host: string): string | null {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

function withoutTrailingSlash(pathname: string): string {
  return pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
}

/** The embed's own parameters: the embed's query as is, or an app link's translated. */
function embedQuery(url: URL): { kind: EmbedKind; query: string } | null {
  const kind = embedKindAt(url.pathname);
  if (kind !== null) return { kind, query: url.search };
  const pathname = withoutTrailingSlash(url.pathname);
  if (pathname === '/') {
    const query = picked(url.searchParams, MAP_LINK_PARAMS);
    const bbox = cameraBbox(url.hash);
    if (bbox !== null) query.set('bbox', bbox);
    return { kind: 'map', query: query.toString() };
  }
  if (pathname === ACCOUNTABILITY_PATH) {
    return {
      kind: 'stats',
      query: picked(url.searchParams, ACCOUNTABILITY_LINK_PARAMS).toString(),
    };
  }
  return null;
}

/**
 * The embed a URL names, when it is one of this server's (one of `ownHosts`, as Host headers
 * name them, over http or https) and its parameters are valid; else null. A link of the app itself (the live map with
 * its filters and camera, a district's accountability) names the matching embed.
 */
export function embedTargetOf(text: string, ownHosts: readonly string[]): EmbedTarget | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (!ownHosts.some((host) => hostAs(url.protocol, host) === url.host)) return null;
  const named = embedQuery(url);
  if (named === null) return null;
  if (named.kind === 'map') {
    const parsed = parseMapEmbedParams(named.query);
    if (!parsed.ok) return null;
    const query = formatMapEmbedParams(parsed.params);
    const area = parsed.params.area;
    return {
      kind: 'map',
      src: `${url.origin}${EMBED_PATHS.map}${query === '' ? '' : `?${query}`}`,
      lang: parsed.params.lang,
      district: area?.kind === 'district' ? area.name : null,
    };
  }
  const parsed = parseStatsEmbedParams(named.query);
  if (!parsed.ok) return null;
  return {
    kind: 'stats',
    src: `${url.origin}${EMBED_PATHS.stats}?${formatStatsEmbedParams(parsed.params)}`,
    lang: parsed.params.lang,
    district: parsed.params.district,
  };
}
