import { CATEGORIES, type CategorySlug } from '../../../shared/categories.js';
import { CATEGORY_LABELS_DE } from '../../../shared/category-labels-de.js';
import type { Locale } from './locales.js';

const de = CATEGORY_LABELS_DE;

const en = Object.fromEntries(CATEGORIES.map((c) => [c.slug, c.label])) as Record<
  CategorySlug,
  string
>;

export function categoryLabel(locale: Locale, slug: string): string {
  const labels = locale === 'de' ? de : en;
  return (labels as Record<string, string | undefined>)[slug] ?? slug;
}
