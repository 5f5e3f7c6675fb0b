import type { Bbox } from '../../../shared/geo/bbox.js';
import type { EmbedLayer } from '../../../shared/embed/embed-params.js';
import type { StreamFeature } from '../../../shared/realtime/protocol.js';
import type { ClientConfig } from '../../../shared/schemas/client-config.js';
import type { DistrictCollection } from '../../../shared/schemas/district.js';

/**
 * The embed's first load over REST. `credentials: 'omit'`: an embed sends no cookie and sees no
 * session, so it reads exactly what anyone may read, whoever looks at the page.
 */
async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, {
    credentials: 'omit',
    headers: { accept: 'application/json' },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new Error(`${path.split('?')[0] ?? path}: ${body?.message ?? response.statusText}`);
  }
  return (await response.json()) as T;
}

interface Page {
  features: StreamFeature[];
  nextCursor?: string | null;
}

export interface SnapshotQuery {
  bbox: Bbox | null;
  fromMs: number;
  toMs: number;
  categories: readonly string[];
}

/** At most this many incidents (newest first): an embed is a view, not an export. */
const MAX_INCIDENTS = 3000;

function params(query: SnapshotQuery, withTime: boolean, limit: number): URLSearchParams {
  const search = new URLSearchParams();
  if (query.bbox) search.set('bbox', query.bbox.join(','));
  if (withTime) {
    search.set('from', new Date(query.fromMs).toISOString());
    search.set('to', new Date(query.toMs).toISOString());
  }
  search.set('limit', String(limit));
  return search;
}

async function loadIncidents(query: SnapshotQuery): Promise<StreamFeature[]> {
  const features: StreamFeature[] = [];
  let cursor: string | null | undefined = null;
  do {
    const search = params(query, true, 1000);
    for (const category of query.categories) search.append('category', category);
    if (cursor) search.set('cursor', cursor);
    const page: Page = await getJson<Page>(`/api/v1/incidents?${search.toString()}`);
    features.push(...page.features);
    cursor = page.nextCursor;
  } while (cursor && features.length < MAX_INCIDENTS);
  return features;
}

/** One layer's public features in the area and window. */
export async function loadLayer(layer: EmbedLayer, query: SnapshotQuery): Promise<StreamFeature[]> {
  switch (layer) {
    case 'incidents':
      return loadIncidents(query);
    case 'observations':
      return (await getJson<Page>(`/api/v1/observations?${params(query, true, 1000).toString()}`))
        .features;
    case 'responses':
      return (await getJson<Page>(`/api/v1/responses?${params(query, true, 5000).toString()}`))
        .features;
    case 'feedback':
      return (await getJson<Page>(`/api/v1/feedback?${params(query, false, 5000).toString()}`))
        .features;
  }
}

export function loadDistricts(): Promise<DistrictCollection> {
  return getJson<DistrictCollection>('/api/v1/districts');
}

export function loadClientConfig(): Promise<ClientConfig> {
  return getJson<ClientConfig>('/client-config.json');
}
