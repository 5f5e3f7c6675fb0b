import { CATEGORY_SLUGS } from '../../../shared/categories.js';
import { isLocale, type Locale } from '../i18n/locales.js';
import {
  DEFAULT_WINDOW,
  WINDOW_PRESETS,
  customWindow,
  sameWindow,
  type TimeWindow,
  type WindowPreset,
} from './time-window.js';

/**
 * The view's filters in the query string, so that a link opens the same map (the camera is in
 * MapLibre's `#zoom/lat/lon` hash). Names as in the embed's parameters: `categories`, `window`,
 * `layers`, `lang`; a custom window adds `from` and `to` (ISO 8601).
 */
export interface UrlState {
  categories: string[];
  window: TimeWindow;
  layers: string[];
  lang: Locale | null;
}

const KNOWN_CATEGORIES = new Set<string>(CATEGORY_SLUGS);
const LIST_SEPARATOR = ',';

function list(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function isPreset(value: string): value is WindowPreset {
  return (WINDOW_PRESETS as readonly string[]).includes(value);
}

function parseWindow(params: URLSearchParams): TimeWindow {
  const value = params.get('window') ?? '';
  if (isPreset(value)) return { kind: 'preset', preset: value };
  if (value === 'custom') {
    const from = Date.parse(params.get('from') ?? '');
    const to = Date.parse(params.get('to') ?? '');
    return customWindow(from, to) ?? DEFAULT_WINDOW;
  }
  return DEFAULT_WINDOW;
}

/** Unknown categories, layers and languages are dropped rather than trusted. */
export function parseUrlState(
  search: string,
  knownLayers: readonly string[],
  defaultLayers: readonly string[],
): UrlState {
  const params = new URLSearchParams(search);
  const lang = params.get('lang');
  const layerParam = params.get('layers');
  return {
    categories: [...new Set(list(params.get('categories')).filter((c) => KNOWN_CATEGORIES.has(c)))],
    window: parseWindow(params),
    layers:
      layerParam === null
        ? [...defaultLayers]
        : list(layerParam).filter((layer) => knownLayers.includes(layer)),
    lang: isLocale(lang) ? lang : null,
  };
}

/** The query string for the state, keeping parameters this module does not own. */
export function formatUrlState(
  state: UrlState,
  defaultLayers: readonly string[],
  current = '',
): string {
  const params = new URLSearchParams(current);
  for (const key of ['categories', 'window', 'from', 'to', 'layers', 'lang']) params.delete(key);
  if (state.categories.length > 0) {
    params.set('categories', [...state.categories].sort().join(LIST_SEPARATOR));
  }
  if (state.window.kind === 'preset') {
    if (!isDefaultWindow(state.window)) params.set('window', state.window.preset);
  } else {
    params.set('window', 'custom');
    params.set('from', new Date(state.window.fromMs).toISOString());
    params.set('to', new Date(state.window.toMs).toISOString());
  }
  const layers = [...state.layers].sort();
  if (layers.join() !== [...defaultLayers].sort().join()) {
    params.set('layers', layers.join(LIST_SEPARATOR));
  }
  if (state.lang) params.set('lang', state.lang);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function isDefaultWindow(window: TimeWindow): boolean {
  return sameWindow(window, DEFAULT_WINDOW);
}
