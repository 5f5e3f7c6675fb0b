import { categoryLabel } from './category-labels.js';
import { DEFAULT_LOCALE, type Locale } from './locales.js';
import { priorityLabel } from './priority-labels.js';
import {
  formatDateTime,
  formatRelative,
  translate,
  translateCount,
  type CountedKey,
  type MessageKey,
  type MessageParams,
} from './translate.js';

/** The page's language: components read `i18n.t(...)` and re-render when it changes. */
class I18n {
  locale = $state<Locale>(DEFAULT_LOCALE);

  t = (key: MessageKey, params?: MessageParams): string => translate(this.locale, key, params);
  count = (key: CountedKey, count: number, params?: MessageParams): string =>
    translateCount(this.locale, key, count, params);
  category = (slug: string): string => categoryLabel(this.locale, slug);
  priority = (priority: number): string => priorityLabel(this.locale, priority);
  dateTime = (iso: string | number): string => formatDateTime(this.locale, iso);
  relative = (thenMs: number, nowMs: number): string => formatRelative(this.locale, thenMs, nowMs);
  number = (value: number): string => new Intl.NumberFormat(this.locale).format(value);
}

export const i18n = new I18n();
