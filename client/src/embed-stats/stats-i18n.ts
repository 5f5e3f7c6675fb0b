import type { EmbedLanguage } from '../../../shared/embed/embed-params.js';
import { categoryLabel } from '../i18n/category-labels.js';
import { statsDe } from './stats-messages-de.js';
import { statsEn, type StatsMessageKey } from './stats-messages-en.js';

export type { StatsMessageKey };
export type StatsParams = Record<string, string | number>;

const CATALOGUES: Record<EmbedLanguage, Record<StatsMessageKey, string>> = {
  en: statsEn,
  de: statsDe,
};

type PriorityKey = `stats.priority.${1 | 2 | 3 | 4 | 5}`;
const PRIORITY_KEYS = new Set([1, 2, 3, 4, 5]);

/**
 * The stats embed's words in one language. The language comes from the embed's link and never
 * changes in the page, so this is plain (no runes), and the app's whole catalogue stays out.
 */
export class StatsText {
  readonly #numbers: Intl.NumberFormat;
  readonly #times: Intl.DateTimeFormat;
  readonly #dates: Intl.DateTimeFormat;

  constructor(readonly lang: EmbedLanguage) {
    this.#numbers = new Intl.NumberFormat(lang);
    this.#times = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    this.#dates = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  }

  t = (key: StatsMessageKey, params: StatsParams = {}): string =>
    CATALOGUES[this.lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'number' ? this.#numbers.format(value) : value;
    });

  priority = (priority: number): string =>
    this.t('stats.priority', {
      number: String(priority),
      name: PRIORITY_KEYS.has(priority)
        ? CATALOGUES[this.lang][`stats.priority.${priority}` as PriorityKey]
        : '',
    });

  category = (slug: string): string => categoryLabel(this.lang, slug);
  dateTime = (iso: string): string => this.#times.format(new Date(iso));
  date = (iso: string): string => this.#dates.format(new Date(iso));
}
