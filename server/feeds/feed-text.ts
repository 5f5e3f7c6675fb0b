import type { CategorySlug } from '../../shared/categories.js';
import type { IncidentStatus } from '../../shared/schemas/incident-constants.js';

export const FEED_LANGUAGES = ['en', 'de'] as const;
export type FeedLanguage = (typeof FEED_LANGUAGES)[number];

/** The words of the incident feed in one language (feed-text-*.ts). */
export interface FeedText {
  feedTitle: string;
  feedSubtitle: (area: string) => string;
  everywhere: string;
  /** The same names the map client gives categories and statuses (client/src/i18n). */
  categories: Record<CategorySlug, string>;
  statuses: Record<IncidentStatus, string>;
  createdTitle: (category: string, status: string) => string;
  statusTitle: (category: string, status: string) => string;
  category: string;
  status: string;
  time: string;
  place: string;
  approximate: (metres: number) => string;
  summary: string;
  openMap: string;
}
