import { EMBED_DEFAULT_SIZE, type EmbedLanguage } from '../../shared/embed/embed-params.js';
import type { OEmbedRich } from '../../shared/schemas/oembed.js';
import type { EmbedTarget } from './embed-link.js';

export const PROVIDER_NAME = 'Openbeat';
/** The snippet for a URL does not change; what it shows updates itself, live. */
export const OEMBED_CACHE_AGE_SECONDS = 86_400;

const TITLES: Record<EmbedLanguage, { map: string; mapOf: string; stats: string }> = {
  en: {
    map: 'Openbeat: live map',
    mapOf: 'Openbeat: live map of {district}',
    stats: 'Openbeat: accountability of {district}',
  },
  de: {
    map: 'Openbeat: Live-Karte',
    mapOf: 'Openbeat: Live-Karte von {district}',
    stats: 'Openbeat: Rechenschaft für {district}',
  },
};

export interface Size {
  width: number;
  height: number;
}

/**
 * The embed's default size, scaled down (aspect kept) to fit `maxwidth` and `maxheight`, never
 * up: oEmbed 1.0 §2.2 says the answer must not exceed them.
 */
export function fittedSize(size: Size, maxWidth?: number, maxHeight?: number): Size {
  const scale = Math.min(
    1,
    maxWidth === undefined ? 1 : maxWidth / size.width,
    maxHeight === undefined ? 1 : maxHeight / size.height,
  );
  return {
    width: Math.max(1, Math.floor(size.width * scale)),
    height: Math.max(1, Math.floor(size.height * scale)),
  };
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export function embedTitle(target: EmbedTarget): string {
  const titles = TITLES[target.lang];
  const template =
    target.kind === 'stats' ? titles.stats : target.district === null ? titles.map : titles.mapOf;
  return template.replace('{district}', target.district ?? '');
}

/** The iframe a page embeds: a title for screen readers, loaded when scrolled near. */
export function iframeHtml(src: string, title: string, size: Size): string {
  return `<iframe src="${escapeHtml(src)}" title="${escapeHtml(title)}" loading="lazy" width="${size.width}" height="${size.height}" style="border:0"></iframe>`;
}

/** The oEmbed answer (type rich) for an embed, at most maxWidth × maxHeight. */
export function oembedAnswer(
  target: EmbedTarget,
  providerUrl: string,
  maxWidth?: number,
  maxHeight?: number,
): OEmbedRich {
  const size = fittedSize(EMBED_DEFAULT_SIZE[target.kind], maxWidth, maxHeight);
  const title = embedTitle(target);
  return {
    version: '1.0',
    type: 'rich',
    html: iframeHtml(target.src, title, size),
    width: size.width,
    height: size.height,
    title,
    provider_name: PROVIDER_NAME,
    provider_url: providerUrl,
    cache_age: OEMBED_CACHE_AGE_SECONDS,
  };
}
