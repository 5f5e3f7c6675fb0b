import type { CategorySlug } from './categories.js';

/**
 * The categories in a few groups a resident recognises, for the filters and the dispatcher's
 * choice of category: the one place that says which group a category belongs to.
 */
export const CATEGORY_GROUP_IDS = ['violence', 'property', 'traffic', 'disorder', 'other'] as const;
export type CategoryGroupId = (typeof CATEGORY_GROUP_IDS)[number];

/** Every category has exactly one group (a new category without one fails typecheck). */
export const CATEGORY_GROUP: Readonly<Record<CategorySlug, CategoryGroupId>> = {
  homicide: 'violence',
  violence: 'violence',
  'violence-and-sexual-offences': 'violence',
  'sexual-offences': 'violence',
  'domestic-abuse': 'violence',
  'offences-against-children': 'violence',
  'stalking-harassment': 'violence',
  kidnapping: 'violence',
  'human-trafficking': 'violence',
  robbery: 'violence',
  weapons: 'violence',
  theft: 'property',
  shoplifting: 'property',
  'bicycle-theft': 'property',
  'vehicle-crime': 'property',
  burglary: 'property',
  'criminal-damage': 'property',
  arson: 'property',
  fraud: 'property',
  traffic: 'traffic',
  'anti-social-behaviour': 'disorder',
  'public-order': 'disorder',
  drugs: 'disorder',
  prostitution: 'disorder',
  trespass: 'disorder',
  'suspicious-activity': 'disorder',
  'non-criminal': 'other',
  other: 'other',
};

export interface CategoryGroup<T> {
  id: CategoryGroupId;
  items: T[];
}

/** Items (each naming its category) sorted into the groups, in group order; empty groups left out. */
export function groupByCategory<T>(
  items: readonly T[],
  slugOf: (item: T) => string,
): CategoryGroup<T>[] {
  const groups = CATEGORY_GROUP_IDS.map((id) => ({ id, items: [] as T[] }));
  for (const item of items) {
    const id = (CATEGORY_GROUP as Record<string, CategoryGroupId | undefined>)[slugOf(item)];
    groups.find((group) => group.id === (id ?? 'other'))?.items.push(item);
  }
  return groups.filter((group) => group.items.length > 0);
}
