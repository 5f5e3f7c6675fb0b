import { CATEGORIES, type CategorySlug } from '../../shared/categories.js';
import type { FeedText } from './feed-text.js';

export const FEED_TEXT_EN: FeedText = {
  feedTitle: 'Openbeat: new incidents and status changes',
  feedSubtitle: (area) => `Public incidents in ${area}, newest first`,
  everywhere: 'the whole map',
  categories: Object.fromEntries(CATEGORIES.map((c) => [c.slug, c.label])) as Record<
    CategorySlug,
    string
  >,
  statuses: {
    open: 'Open',
    responding: 'Police responding',
    resolved: 'Resolved',
    unfounded: 'Unfounded',
  },
  createdTitle: (category, status) => `New incident: ${category} (${status})`,
  statusTitle: (category, status) => `${category} – status: ${status}`,
  category: 'Category',
  status: 'Status',
  time: 'Time',
  place: 'Approximate place',
  approximate: (metres) => `within about ${metres} m of this point`,
  summary: 'Summary',
  openMap: 'Open on the map',
};
