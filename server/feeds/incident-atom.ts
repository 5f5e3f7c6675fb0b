import { Feed } from 'feed';
import { CLIENT_ROUTES } from '../../shared/client-routes.js';
import { DATA_LICENSE } from '../export/data-license.js';
import type { FeedText } from './feed-text.js';
import type { FeedChange } from './incident-feed.service.js';

/** Where the feed is served and what it covers: used for its ids and links. */
export interface FeedContext {
  /** `https://host[:port]`, as the request reached us. */
  origin: string;
  /** The host name alone: the authority of the tag: ids (RFC 4151). */
  hostname: string;
  /** The request's path and query: the self link and the feed's own id. */
  selfPath: string;
  /** The area in words: a district's name, a bbox, or the whole map. */
  area: string;
  lang: 'en' | 'de';
}

const TAG_DATE = '2026';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A tag: URI (RFC 4151) that stays the same for an event whatever the query around it. */
export function entryId(hostname: string, eventId: number): string {
  return `tag:${hostname},${TAG_DATE}:openbeat/event/${eventId}`;
}

function mapLink(origin: string, incidentId: string): string {
  return `${origin}${CLIENT_ROUTES.liveMap}?incident=${encodeURIComponent(incidentId)}`;
}

/** The entry's lines: only fields of the public feature (public point, redacted summary). */
function entryLines(change: FeedChange, text: FeedText): [string, string][] {
  const { properties, geometry } = change.feature;
  const [lon, lat] = geometry.coordinates;
  // `place` names the district already where it says more than the district.
  const where = properties.place ?? properties.district ?? '';
  const point = `${lat.toFixed(5)}, ${lon.toFixed(5)} (${text.approximate(properties.precisionMetres)})`;
  return [
    [text.category, text.categories[properties.category]],
    [text.status, text.statuses[properties.status]],
    [text.time, change.at],
    [text.place, where === '' ? point : `${where}; ${point}`],
    [text.summary, properties.summary],
  ];
}

export function incidentAtom(
  changes: readonly FeedChange[],
  context: FeedContext,
  text: FeedText,
): string {
  const self = `${context.origin}${context.selfPath}`;
  const newest = changes[0]?.at;
  const feed = new Feed({
    id: `tag:${context.hostname},${TAG_DATE}:openbeat${context.selfPath}`,
    title: text.feedTitle,
    description: text.feedSubtitle(context.area),
    link: `${context.origin}${CLIENT_ROUTES.liveMap}`,
    feedLinks: { atom: self },
    language: context.lang,
    // A fixed time for an empty feed: the same answer, the same ETag.
    updated: new Date(newest ?? 0),
    generator: 'Openbeat',
    author: { name: DATA_LICENSE.attribution },
    copyright: `${DATA_LICENSE.name} (${DATA_LICENSE.id})`,
  });
  for (const change of changes) {
    const { properties } = change.feature;
    const category = text.categories[properties.category];
    const status = text.statuses[properties.status];
    const link = mapLink(context.origin, change.feature.id);
    const lines = entryLines(change, text);
    feed.addItem({
      id: entryId(context.hostname, change.eventId),
      title:
        change.kind === 'created'
          ? text.createdTitle(category, status)
          : text.statusTitle(category, status),
      link,
      date: new Date(change.at),
      description: lines.map(([label, value]) => `${label}: ${value}`).join('\n'),
      content: `<dl>${lines
        .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
        .join('')}</dl><p><a href="${escapeHtml(link)}">${escapeHtml(text.openMap)}</a></p>`,
      category: [{ term: properties.category, label: category } as { term: string }],
    });
  }
  // The feed package writes no xml:lang (RFC 4287 §2): readers learn the language from it.
  return feed
    .atom1()
    .replace(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${context.lang}">`,
    );
}
