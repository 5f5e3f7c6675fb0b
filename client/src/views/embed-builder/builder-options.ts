import {
  DEFAULT_EMBED_LAYERS,
  EMBED_DEFAULT_SIZE,
  EMBED_STATS_PERIODS,
  parseMapEmbedParams,
  parseStatsEmbedParams,
  type EmbedKind,
  type EmbedLanguage,
  type EmbedLayer,
  type EmbedStatsPeriod,
  type EmbedTheme,
  type EmbedWindow,
  type EmbedWindowPreset,
} from '../../../../shared/embed/embed-params.js';
import {
  clampEmbedSize,
  embedPath,
  type EmbedSize,
  type EmbedSpec,
} from '../../../../shared/embed/embed-snippet.js';
import type { Bbox } from '../../../../shared/geo/bbox.js';

/** What the embed builder's form holds: both kinds' choices, so switching kind loses nothing. */
export interface BuilderOptions {
  kind: EmbedKind;
  /** The map embed shows the builder map's view, or a named district. */
  area: 'view' | 'district';
  /** The builder map's view; null until the map has loaded. */
  bbox: Bbox | null;
  /** The district of either kind ('' = none chosen yet). */
  district: string;
  layers: EmbedLayer[];
  categories: string[];
  window: EmbedWindowPreset | 'custom';
  /** The custom window's ends as `<input type="datetime-local">` values (the browser's zone). */
  from: string;
  to: string;
  period: EmbedStatsPeriod;
  /** '' = every priority (a select's value). */
  priority: '' | '1' | '2' | '3' | '4' | '5';
  theme: EmbedTheme;
  lang: EmbedLanguage;
  size: SizePresetId;
  /** The custom size; used when `size` is 'custom'. */
  width: number;
  height: number;
}

export const SIZE_PRESET_IDS = ['default', 'small', 'large', 'custom'] as const;
export type SizePresetId = (typeof SIZE_PRESET_IDS)[number];

/** Each kind's sizes besides its default: a phone-column frame and a full-width one. */
const SIZE_PRESETS: Record<EmbedKind, Record<Exclude<SizePresetId, 'custom'>, EmbedSize>> = {
  map: {
    default: EMBED_DEFAULT_SIZE.map,
    small: { width: 320, height: 320 },
    large: { width: 960, height: 600 },
  },
  stats: {
    default: EMBED_DEFAULT_SIZE.stats,
    small: { width: 320, height: 480 },
    large: { width: 720, height: 640 },
  },
};

export function presetSize(kind: EmbedKind, preset: Exclude<SizePresetId, 'custom'>): EmbedSize {
  return SIZE_PRESETS[kind][preset];
}

export function defaultOptions(lang: EmbedLanguage): BuilderOptions {
  return {
    kind: 'map',
    area: 'view',
    bbox: null,
    district: '',
    layers: [...DEFAULT_EMBED_LAYERS],
    categories: [],
    window: '24h',
    from: '',
    to: '',
    period: 'month',
    priority: '',
    theme: 'light',
    lang,
    size: 'default',
    width: EMBED_DEFAULT_SIZE.map.width,
    height: EMBED_DEFAULT_SIZE.map.height,
  };
}

/**
 * The builder's first options from its own query string: other pages link to it with a kind
 * and, for statistics, a district, period or priority. Anything else there is ignored.
 */
export function initialOptions(search: string, lang: EmbedLanguage): BuilderOptions {
  const options = defaultOptions(lang);
  const query = new URLSearchParams(search);
  if (query.get('kind') === 'stats') options.kind = 'stats';
  const district = query.get('district')?.trim();
  if (district) options.district = district;
  const period = query.get('period');
  if ((EMBED_STATS_PERIODS as readonly (string | null)[]).includes(period)) {
    options.period = period as EmbedStatsPeriod;
  }
  const priority = query.get('priority');
  if (priority !== null && /^[1-5]$/.test(priority)) {
    options.priority = priority as BuilderOptions['priority'];
  }
  return options;
}

export type BuilderProblem = 'district' | 'layers' | 'window' | 'invalid';

export type BuilderResult =
  { ok: true; spec: EmbedSpec; size: EmbedSize } | { ok: false; problem: BuilderProblem };

/** A datetime-local value (no zone: the browser's) as an ISO time, or null. */
function isoFromLocal(value: string): string | null {
  if (value === '') return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

function embedWindow(options: BuilderOptions): EmbedWindow | null {
  if (options.window !== 'custom') return { kind: 'preset', preset: options.window };
  const from = isoFromLocal(options.from);
  const to = isoFromLocal(options.to);
  return from === null || to === null ? null : { kind: 'custom', from, to };
}

export function chosenSize(options: BuilderOptions): EmbedSize {
  const size =
    options.size === 'custom'
      ? { width: options.width, height: options.height }
      : presetSize(options.kind, options.size);
  return clampEmbedSize(size, options.kind);
}

function draftSpec(options: BuilderOptions): EmbedSpec | BuilderProblem {
  const district = options.district.trim();
  const { lang, theme } = options;
  if (options.kind === 'stats') {
    if (district === '') return 'district';
    const priority = options.priority === '' ? null : Number(options.priority);
    return { kind: 'stats', params: { district, period: options.period, priority, lang, theme } };
  }
  if (options.area === 'district' && district === '') return 'district';
  if (options.layers.length === 0) return 'layers';
  const window = embedWindow(options);
  if (window === null) return 'window';
  const area =
    options.area === 'district'
      ? { kind: 'district' as const, name: district }
      : options.bbox === null
        ? null
        : { kind: 'bbox' as const, bbox: options.bbox };
  return {
    kind: 'map',
    params: { area, layers: options.layers, categories: options.categories, window, lang, theme },
  };
}

/**
 * The embed the options describe, checked by the embed's own parser: what the builder offers
 * is exactly what the frame accepts (a custom window over a year, a too-long name…).
 */
export function builderResult(options: BuilderOptions): BuilderResult {
  const spec = draftSpec(options);
  if (typeof spec === 'string') return { ok: false, problem: spec };
  const query = embedPath(spec).split('?')[1] ?? '';
  const parsed = spec.kind === 'map' ? parseMapEmbedParams(query) : parseStatsEmbedParams(query);
  if (!parsed.ok) {
    const windowParams = ['window', 'from', 'to'];
    const aboutWindow = parsed.problems.every((p) => windowParams.includes(p.param));
    return { ok: false, problem: aboutWindow ? 'window' : 'invalid' };
  }
  return { ok: true, spec, size: chosenSize(options) };
}

/** The map's view for the embed: 4 decimals (about 10 m) are plenty for a frame's area. */
export function roundedBbox([minLon, minLat, maxLon, maxLat]: Bbox): Bbox {
  const round = (value: number) => Math.round(value * 1e4) / 1e4;
  const west = round(minLon);
  const south = round(minLat);
  return [west, south, Math.max(round(maxLon), west + 1e-4), Math.max(round(maxLat), south + 1e-4)];
}
