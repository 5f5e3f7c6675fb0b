import { OBSERVATION_KINDS, type ObservationKind } from '../../shared/observations/kinds.js';
import type { Open311Service } from '../../shared/schemas/open311.js';
import { GROUP_OF_KIND, type Open311Text } from './open311-text.js';
import { OPEN311_TEXT_DE } from './open311-text-de.js';
import { OPEN311_TEXT_EN } from './open311-text-en.js';
import { badRequest } from './open311-errors.js';

/** `lang` of the Open311 routes: English unless German is asked for. */
export function open311Text(lang: string | undefined): Open311Text {
  if (lang === undefined || lang === '' || lang === 'en') return OPEN311_TEXT_EN;
  if (lang === 'de') return OPEN311_TEXT_DE;
  throw badRequest(`lang must be en or de, not ${lang}`);
}

export function isServiceCode(code: string): code is ObservationKind {
  return OBSERVATION_KINDS.some((kind) => kind.slug === code);
}

/**
 * One service per observation kind. `type` is `batch`: a request is public only once a
 * moderator approved it, so POST answers a token, which GET tokens/{token} turns into the
 * service_request_id then (the spec's meaning of batch); `realtime` would promise an id at once.
 */
export function listServices(text: Open311Text): Open311Service[] {
  return OBSERVATION_KINDS.map(({ slug }) => ({
    service_code: slug,
    service_name: text.serviceName[slug],
    description: text.serviceDescription[slug],
    metadata: false,
    type: 'batch',
    keywords: text.keywords[slug],
    group: text.groups[GROUP_OF_KIND[slug]],
  }));
}
