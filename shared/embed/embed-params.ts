import { CATEGORY_SLUGS } from '../categories.js';
import { parseBbox, type Bbox } from '../geo/bbox.js';

/**
 * The embeds' URL parameters (issue 14): the one parser and formatter of `/embed` (a read-only
 * live map) and `/embed/stats` (a district's accountability panel), used by the embed pages,
 * the embed builder and the oEmbed endpoint. Unlike the app's own links, which drop what they
 * do not know, an embed refuses a bad parameter with a problem the frame shows: a journalist
 * must see that the map is not what they asked for, not a quietly different one.
 */

export const EMBED_PATHS = { map: '/embed', stats: '/embed/stats' } as const;
export type EmbedKind = keyof typeof EMBED_PATHS;

/** The layers an embed may show: only public ones exist for it. */
export const EMBED_LAYERS = ['incidents', 'observations', 'responses', 'feedback'] as const;
export type EmbedLayer = (typeof EMBED_LAYERS)[number];
export const DEFAULT_EMBED_LAYERS: readonly EmbedLayer[] = ['incidents'];

/** Rolling windows, as the app's; `custom` takes `from` and `to` (ISO 8601, at most a year). */
export const EMBED_WINDOWS = ['1h', '24h', '7d', 'custom'] as const;
export type EmbedWindowPreset = Exclude<(typeof EMBED_WINDOWS)[number], 'custom'>;
export type EmbedWindow =
  { kind: 'preset'; preset: EmbedWindowPreset } | { kind: 'custom'; from: string; to: string };
export const DEFAULT_EMBED_WINDOW: EmbedWindow = { kind: 'preset', preset: '24h' };
const MAX_CUSTOM_WINDOW_MS = 366 * 86_400_000;

export const EMBED_THEMES = ['light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

/** The client's languages (client/src/i18n/locales.ts; a unit test keeps the two equal). */
export const EMBED_LANGUAGES = ['en', 'de'] as const;
export type EmbedLanguage = (typeof EMBED_LANGUAGES)[number];

/** The stats panel's periods, as the accountability API's. */
export const EMBED_STATS_PERIODS = ['week', 'month', 'quarter', 'year'] as const;
export type EmbedStatsPeriod = (typeof EMBED_STATS_PERIODS)[number];

/** An iframe's size when nobody says otherwise (CSS pixels). */
export const EMBED_DEFAULT_SIZE: Record<EmbedKind, { width: number; height: number }> = {
  map: { width: 640, height: 480 },
  stats: { width: 480, height: 560 },
};

const MAX_DISTRICT_NAME = 200;

export type EmbedArea = { kind: 'bbox'; bbox: Bbox } | { kind: 'district'; name: string } | null;

export interface MapEmbedParams {
  /** null: the map's default view. */
  area: EmbedArea;
  layers: EmbedLayer[];
  /** Empty: every category. */
  categories: string[];
  window: EmbedWindow;
  lang: EmbedLanguage;
  theme: EmbedTheme;
}

export interface StatsEmbedParams {
  district: string;
  period: EmbedStatsPeriod;
  /** null: every priority. */
  priority: number | null;
  lang: EmbedLanguage;
  theme: EmbedTheme;
}

export type EmbedProblemCode = 'unknown_parameter' | 'invalid' | 'missing' | 'conflict';

/** What is wrong with one parameter: the frame says it in its language, by code. */
export interface EmbedProblem {
  param: string;
  code: EmbedProblemCode;
  /** The value as given (cut to 100 characters), when there was one. */
  value?: string;
  /** An English sentence for logs, tests and the oEmbed endpoint. */
  message: string;
}

export type EmbedParseResult<T> = { ok: true; params: T } | { ok: false; problems: EmbedProblem[] };

const MAP_PARAMS = [
  'bbox',
  'district',
  'layers',
  'categories',
  'window',
  'from',
  'to',
  'lang',
  'theme',
];
const STATS_PARAMS = ['district', 'period', 'priority', 'lang', 'theme'];
const KNOWN_CATEGORIES = new Set<string>(CATEGORY_SLUGS);

function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

function oneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

function list(value: string): string[] {
  return [...new Set(value.split(',').map((item) => item.trim()))];
}

/** Collects problems while reading a query string. */
class Reader {
  readonly problems: EmbedProblem[] = [];
  constructor(
    private readonly params: URLSearchParams,
    known: readonly string[],
  ) {
    for (const [name, value] of params) {
      if (!known.includes(name)) {
        this.problem(name, 'unknown_parameter', value, `${name} is not a parameter of this embed`);
      } else if (params.getAll(name).length > 1) {
        this.problem(name, 'invalid', value, `${name} is given more than once`);
      }
    }
  }

  get(name: string): string | null {
    return this.params.get(name);
  }

  problem(param: string, code: EmbedProblemCode, value: string | null, message: string): void {
    if (this.problems.some((p) => p.param === param)) return;
    this.problems.push({
      param,
      code,
      ...(value === null ? {} : { value: shown(value) }),
      message,
    });
  }

  choice<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.get(name);
    if (value === null) return fallback;
    if (oneOf(values, value)) return value;
    this.problem(name, 'invalid', value, `${name} must be one of ${values.join(', ')}`);
    return fallback;
  }

  result<T>(params: T): EmbedParseResult<T> {
    return this.problems.length === 0
      ? { ok: true, params }
      : { ok: false, problems: this.problems };
  }
}

function readDistrict(reader: Reader): string | null {
  const value = reader.get('district');
  if (value === null) return null;
  const name = value.trim();
  if (name.length === 0 || name.length > MAX_DISTRICT_NAME) {
    reader.problem(
      'district',
      'invalid',
      value,
      `district must be a name of 1 to ${MAX_DISTRICT_NAME} characters`,
    );
    return null;
  }
  return name;
}

function readArea(reader: Reader): EmbedArea {
  const bboxText = reader.get('bbox');
  const district = readDistrict(reader);
  if (bboxText !== null && reader.get('district') !== null) {
    reader.problem(
      'district',
      'conflict',
      reader.get('district'),
      'give bbox or district, not both',
    );
    return null;
  }
  if (bboxText !== null) {
    const parsed = parseBbox(bboxText);
    if (parsed.ok) return { kind: 'bbox', bbox: parsed.bbox };
    reader.problem('bbox', 'invalid', bboxText, parsed.message);
    return null;
  }
  return district === null ? null : { kind: 'district', name: district };
}

function readLayers(reader: Reader): EmbedLayer[] {
  const value = reader.get('layers');
  if (value === null) return [...DEFAULT_EMBED_LAYERS];
  const layers = list(value);
  const unknown = layers.filter((layer) => !oneOf(EMBED_LAYERS, layer));
  if (unknown.length > 0 || layers.length === 0) {
    reader.problem('layers', 'invalid', value, `layers must be some of ${EMBED_LAYERS.join(', ')}`);
    return [...DEFAULT_EMBED_LAYERS];
  }
  return EMBED_LAYERS.filter((layer) => layers.includes(layer));
}

function readCategories(reader: Reader): string[] {
  const value = reader.get('categories');
  if (value === null) return [];
  const categories = list(value);
  const unknown = categories.filter((category) => !KNOWN_CATEGORIES.has(category));
  if (unknown.length > 0) {
    reader.problem('categories', 'invalid', value, `unknown categories: ${unknown.join(', ')}`);
    return [];
  }
  return categories.sort();
}

function isoTime(value: string | null): number | null {
  if (value === null || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function readWindow(reader: Reader): EmbedWindow {
  const preset = reader.choice('window', EMBED_WINDOWS, '24h');
  const from = reader.get('from');
  const to = reader.get('to');
  if (preset !== 'custom') {
    if (from !== null || to !== null) {
      reader.problem(
        from === null ? 'to' : 'from',
        'conflict',
        from ?? to,
        'from and to need window=custom',
      );
    }
    return { kind: 'preset', preset };
  }
  const fromMs = isoTime(from);
  const toMs = isoTime(to);
  if (fromMs === null || toMs === null) {
    const param = fromMs === null ? 'from' : 'to';
    const value = fromMs === null ? from : to;
    reader.problem(
      param,
      value === null ? 'missing' : 'invalid',
      value,
      'window=custom needs from and to as ISO 8601 times with a zone',
    );
  } else if (fromMs >= toMs || toMs - fromMs > MAX_CUSTOM_WINDOW_MS) {
    reader.problem('to', 'invalid', to, 'to must come after from, at most a year later');
  } else {
    return {
      kind: 'custom',
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
    };
  }
  return DEFAULT_EMBED_WINDOW;
}

/** The map embed's parameters from a query string (with or without its `?`). */
export function parseMapEmbedParams(search: string): EmbedParseResult<MapEmbedParams> {
  const reader = new Reader(new URLSearchParams(search), MAP_PARAMS);
  return reader.result({
    area: readArea(reader),
    layers: readLayers(reader),
    categories: readCategories(reader),
    window: readWindow(reader),
    lang: reader.choice('lang', EMBED_LANGUAGES, 'en'),
    theme: reader.choice('theme', EMBED_THEMES, 'light'),
  });
}

/** The stats panel's parameters; `district` is required. */
export function parseStatsEmbedParams(search: string): EmbedParseResult<StatsEmbedParams> {
  const reader = new Reader(new URLSearchParams(search), STATS_PARAMS);
  const district = readDistrict(reader);
  if (district === null && reader.get('district') === null) {
    reader.problem('district', 'missing', null, 'the stats panel needs a district');
  }
  const priorityText = reader.get('priority');
  let priority: number | null = null;
  if (priorityText !== null) {
    if (/^[1-5]$/.test(priorityText)) priority = Number(priorityText);
    else reader.problem('priority', 'invalid', priorityText, 'priority must be 1 to 5');
  }
  return reader.result({
    district: district ?? '',
    period: reader.choice('period', EMBED_STATS_PERIODS, 'month'),
    priority,
    lang: reader.choice('lang', EMBED_LANGUAGES, 'en'),
    theme: reader.choice('theme', EMBED_THEMES, 'light'),
  });
}

/** The map embed's query string (without `?`), defaults left out: parse(format(p)) equals p. */
export function formatMapEmbedParams(params: MapEmbedParams): string {
  const query = new URLSearchParams();
  if (params.area?.kind === 'bbox') query.set('bbox', params.area.bbox.join(','));
  if (params.area?.kind === 'district') query.set('district', params.area.name);
  const layers = EMBED_LAYERS.filter((layer) => params.layers.includes(layer));
  if (layers.join(',') !== DEFAULT_EMBED_LAYERS.join(',')) query.set('layers', layers.join(','));
  if (params.categories.length > 0)
    query.set('categories', [...params.categories].sort().join(','));
  if (params.window.kind === 'custom') {
    query.set('window', 'custom');
    query.set('from', params.window.from);
    query.set('to', params.window.to);
  } else if (params.window.preset !== '24h') {
    query.set('window', params.window.preset);
  }
  if (params.lang !== 'en') query.set('lang', params.lang);
  if (params.theme !== 'light') query.set('theme', params.theme);
  return query.toString();
}

export function formatStatsEmbedParams(params: StatsEmbedParams): string {
  const query = new URLSearchParams({ district: params.district });
  if (params.period !== 'month') query.set('period', params.period);
  if (params.priority !== null) query.set('priority', String(params.priority));
  if (params.lang !== 'en') query.set('lang', params.lang);
  if (params.theme !== 'light') query.set('theme', params.theme);
  return query.toString();
}

/** Which embed a URL's path is, or null. A trailing slash is ignored, as the server does. */
export function embedKindAt(pathname: string): EmbedKind | null {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  if (path === EMBED_PATHS.map) return 'map';
  if (path === EMBED_PATHS.stats) return 'stats';
  return null;
}
