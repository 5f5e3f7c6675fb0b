import { describe, expect, it } from 'vitest';
import { CATEGORY_SLUGS } from '../../shared/categories.js';
import { OBSERVATION_KIND_SLUGS } from '../../shared/observations/kinds.js';
import { INCIDENT_STATUSES } from '../../shared/schemas/incident-constants.js';
import { categoryLabel } from '../../client/src/i18n/category-labels.js';
import { de } from '../../client/src/i18n/messages/de.js';
import { en } from '../../client/src/i18n/messages/en.js';
import { FEED_TEXT_DE } from '../../server/feeds/feed-text-de.js';
import { FEED_TEXT_EN } from '../../server/feeds/feed-text-en.js';
import { OPEN311_TEXT_DE } from '../../server/open311/open311-text-de.js';
import { OPEN311_TEXT_EN } from '../../server/open311/open311-text-en.js';

/**
 * The server's words for outside readers (Open311 service names, the Atom feed's categories and
 * statuses) are the map client's, so that a report filed in a civic app and a feed entry name a
 * thing as the map does. The server cannot import the client: this keeps the copies equal.
 */
describe('Open311 and feed labels match the map client', () => {
  it('service names are the client’s observation kinds, in English and German', () => {
    for (const kind of OBSERVATION_KIND_SLUGS) {
      const key = `obs.kind.${kind}` as keyof typeof en;
      expect(OPEN311_TEXT_EN.serviceName[kind], kind).toBe(en[key]);
      expect(OPEN311_TEXT_DE.serviceName[kind], kind).toBe(de[key]);
    }
  });

  it('feed categories and statuses are the client’s, in English and German', () => {
    for (const slug of CATEGORY_SLUGS) {
      expect(FEED_TEXT_EN.categories[slug], slug).toBe(categoryLabel('en', slug));
      expect(FEED_TEXT_DE.categories[slug], slug).toBe(categoryLabel('de', slug));
    }
    for (const status of INCIDENT_STATUSES) {
      const key = `status.${status}` as keyof typeof en;
      expect(FEED_TEXT_EN.statuses[status], status).toBe(en[key]);
      expect(FEED_TEXT_DE.statuses[status], status).toBe(de[key]);
    }
  });
});
