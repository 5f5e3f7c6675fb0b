import {
  EMBED_DEFAULT_SIZE,
  EMBED_PATHS,
  formatMapEmbedParams,
  formatStatsEmbedParams,
  type EmbedKind,
  type EmbedLanguage,
  type EmbedLayer,
  type EmbedStatsPeriod,
  type EmbedWindowPreset,
  type MapEmbedParams,
  type StatsEmbedParams,
} from './embed-params.js';

/**
 * An embed's link, its title and its `<iframe>` snippet (issue 14): one builder for the embed
 * builder's copy buttons and the oEmbed answer's `html`, so a pasted link and a copied snippet
 * give the same frame. Pure: no DOM, no i18n catalogue (the title is in the embed's language,
 * whichever page asks).
 */

export type EmbedSpec =
  { kind: 'map'; params: MapEmbedParams } | { kind: 'stats'; params: StatsEmbedParams };

export interface EmbedSize {
  width: number;
  height: number;
}

/** Smaller than this, the map's controls and the panel's table no longer fit; larger is a page. */
export const EMBED_SIZE_LIMITS = { min: 200, max: 2000 } as const;

/** A whole number of CSS pixels within EMBED_SIZE_LIMITS; not a number: the kind's default. */
export function clampEmbedSize(size: EmbedSize, kind: EmbedKind): EmbedSize {
  const clamp = (value: number, fallback: number) =>
    Number.isFinite(value)
      ? Math.min(EMBED_SIZE_LIMITS.max, Math.max(EMBED_SIZE_LIMITS.min, Math.round(value)))
      : fallback;
  const fallback = EMBED_DEFAULT_SIZE[kind];
  return { width: clamp(size.width, fallback.width), height: clamp(size.height, fallback.height) };
}

/** The embed's path and query, e.g. `/embed?district=Harbour&theme=dark`. */
export function embedPath(spec: EmbedSpec): string {
  const query =
    spec.kind === 'map' ? formatMapEmbedParams(spec.params) : formatStatsEmbedParams(spec.params);
  return query === '' ? EMBED_PATHS[spec.kind] : `${EMBED_PATHS[spec.kind]}?${query}`;
}

/** The embed's absolute URL on `origin` (`https://host[:port]`, no trailing slash needed). */
export function embedUrl(origin: string, spec: EmbedSpec): string {
  return new URL(embedPath(spec), origin).toString();
}

interface TitleWords {
  map: string;
  mapOf: (district: string) => string;
  stats: (district: string) => string;
  layers: Record<EmbedLayer, string>;
  and: string;
  categories: (count: number) => string;
  window: Record<EmbedWindowPreset, string>;
  custom: (from: string, to: string) => string;
  period: Record<EmbedStatsPeriod, string>;
  priority: (priority: number) => string;
}

const TITLE_WORDS: Record<EmbedLanguage, TitleWords> = {
  en: {
    map: 'Openbeat live map',
    mapOf: (district) => `Openbeat live map of ${district}`,
    stats: (district) => `Openbeat police response statistics for ${district}`,
    layers: {
      incidents: 'incidents',
      observations: 'residents’ observations',
      responses: 'police responses',
      feedback: 'feedback on responses',
    },
    and: 'and',
    categories: (count) => (count === 1 ? '1 category' : `${count} categories`),
    window: { '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days' },
    custom: (from, to) => `${from} to ${to}`,
    period: {
      week: 'past week',
      month: 'past month',
      quarter: 'past quarter',
      year: 'past year',
    },
    priority: (priority) => `priority ${priority}`,
  },
  de: {
    map: 'Openbeat-Livekarte',
    mapOf: (district) => `Openbeat-Livekarte für ${district}`,
    stats: (district) => `Openbeat-Statistik der Polizeieinsätze für ${district}`,
    layers: {
      incidents: 'Vorfälle',
      observations: 'Beobachtungen von Anwohnenden',
      responses: 'Polizeieinsätze',
      feedback: 'Rückmeldungen zu Einsätzen',
    },
    and: 'und',
    categories: (count) => (count === 1 ? '1 Kategorie' : `${count} Kategorien`),
    window: { '1h': 'letzte Stunde', '24h': 'letzte 24 Stunden', '7d': 'letzte 7 Tage' },
    custom: (from, to) => `${from} bis ${to}`,
    period: {
      week: 'vergangene Woche',
      month: 'vergangener Monat',
      quarter: 'vergangenes Quartal',
      year: 'vergangenes Jahr',
    },
    priority: (priority) => `Priorität ${priority}`,
  },
};

function joined(items: string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1) ?? ''}`;
}

/** The day of an ISO time (UTC), as the custom window's title shows it. */
const day = (iso: string) => iso.slice(0, 10);

/** What the frame shows, in the embed's language: the iframe's `title` (WCAG 4.1.2). */
export function embedTitle(spec: EmbedSpec): string {
  const words = TITLE_WORDS[spec.params.lang];
  if (spec.kind === 'stats') {
    const { district, period, priority } = spec.params;
    const parts = [words.period[period]];
    if (priority !== null) parts.push(words.priority(priority));
    return `${words.stats(district)}: ${parts.join(', ')}`;
  }
  const { area, layers, categories, window } = spec.params;
  const head = area?.kind === 'district' ? words.mapOf(area.name) : words.map;
  const parts = [
    joined(
      layers.map((layer) => words.layers[layer]),
      words.and,
    ),
  ];
  if (categories.length > 0) parts.push(words.categories(categories.length));
  parts.push(
    window.kind === 'custom'
      ? words.custom(day(window.from), day(window.to))
      : words.window[window.preset],
  );
  return `${head}: ${parts.join(', ')}`;
}

/** Text safe inside a double-quoted HTML attribute (and between tags). */
export function escapeHtmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export interface IframeAttributes extends EmbedSize {
  src: string;
  title: string;
}

/**
 * The `<iframe>` to paste: exactly src, title, width, height, lazy loading and no border. No
 * `sandbox` or `allow`: the embed needs its scripts and nothing more, and asks for no feature.
 */
export function iframeHtml({ src, title, width, height }: IframeAttributes): string {
  const attribute = (name: string, value: string | number) =>
    `${name}="${escapeHtmlAttribute(String(value))}"`;
  return [
    '<iframe',
    attribute('src', src),
    attribute('title', title),
    attribute('width', width),
    attribute('height', height),
    'loading="lazy"',
    'style="border:0"',
  ]
    .join(' ')
    .concat('></iframe>');
}

export interface EmbedCode {
  /** The embed's absolute URL: the link to copy. */
  url: string;
  title: string;
  size: EmbedSize;
  /** The `<iframe>` snippet. */
  html: string;
}

/** Everything the builder shows and oEmbed answers for one embed at one size. */
export function embedCode(origin: string, spec: EmbedSpec, size?: EmbedSize): EmbedCode {
  const fitted = clampEmbedSize(size ?? EMBED_DEFAULT_SIZE[spec.kind], spec.kind);
  const url = embedUrl(origin, spec);
  const title = embedTitle(spec);
  return { url, title, size: fitted, html: iframeHtml({ src: url, title, ...fitted }) };
}
