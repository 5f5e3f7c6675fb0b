/**
 * The harmonised category list and each category's public policy.
 * migrations/002_categories.sql seeds the same list; tests/integration/categories.test.ts
 * fails if the two drift apart.
 *
 * - `point`: shown as a point snapped to a ~150 m grid cell.
 * - `coarse`: shown as a point snapped to a ~600 m cell: the place is often the victim's home.
 * - `aggregate`: never shown as a point, only counted per district or 1,200 m cell.
 * The list runs from the finest policy to the coarsest; an incident's visibility only moves
 * along it towards the coarsest (server/incidents/visibility.ts).
 * - `hidden`: never shown publicly in any form but anonymous totals (sexual offences,
 *   domestic abuse): a point, even a coarse one, can identify a victim (ICO guidance on
 *   crime mapping, https://ico.org.uk/media/for-organisations/documents/1543/crime_mapping.pdf).
 */
export const PUBLIC_POLICIES = ['point', 'coarse', 'aggregate', 'hidden'] as const;
export type PublicPolicy = (typeof PUBLIC_POLICIES)[number];

export interface Category {
  readonly slug: string;
  readonly label: string;
  readonly policy: PublicPolicy;
}

export const CATEGORIES = [
  { slug: 'anti-social-behaviour', label: 'Anti-social behaviour', policy: 'point' },
  { slug: 'arson', label: 'Arson', policy: 'point' },
  { slug: 'bicycle-theft', label: 'Bicycle theft', policy: 'point' },
  { slug: 'burglary', label: 'Burglary', policy: 'coarse' },
  { slug: 'criminal-damage', label: 'Criminal damage', policy: 'point' },
  { slug: 'domestic-abuse', label: 'Domestic abuse', policy: 'hidden' },
  { slug: 'drugs', label: 'Drugs', policy: 'point' },
  { slug: 'fraud', label: 'Fraud', policy: 'coarse' },
  { slug: 'homicide', label: 'Homicide', policy: 'coarse' },
  { slug: 'human-trafficking', label: 'Human trafficking', policy: 'aggregate' },
  { slug: 'kidnapping', label: 'Kidnapping', policy: 'aggregate' },
  { slug: 'non-criminal', label: 'Non-criminal incident', policy: 'point' },
  { slug: 'offences-against-children', label: 'Offences against children', policy: 'aggregate' },
  { slug: 'other', label: 'Other crime', policy: 'point' },
  { slug: 'prostitution', label: 'Prostitution', policy: 'coarse' },
  { slug: 'public-order', label: 'Public order', policy: 'point' },
  { slug: 'robbery', label: 'Robbery', policy: 'point' },
  { slug: 'sexual-offences', label: 'Sexual offences', policy: 'hidden' },
  { slug: 'shoplifting', label: 'Shoplifting', policy: 'point' },
  { slug: 'stalking-harassment', label: 'Stalking and harassment', policy: 'aggregate' },
  { slug: 'suspicious-activity', label: 'Suspicious activity', policy: 'point' },
  { slug: 'theft', label: 'Theft', policy: 'point' },
  { slug: 'traffic', label: 'Traffic incident', policy: 'point' },
  { slug: 'trespass', label: 'Trespass', policy: 'point' },
  { slug: 'vehicle-crime', label: 'Vehicle crime', policy: 'point' },
  { slug: 'violence', label: 'Violence against the person', policy: 'coarse' },
  {
    // data.police.uk publishes violence and sexual offences as one category; since it may
    // hold sexual offences, it is never shown as a point.
    slug: 'violence-and-sexual-offences',
    label: 'Violence and sexual offences',
    policy: 'aggregate',
  },
  { slug: 'weapons', label: 'Weapons', policy: 'point' },
] as const satisfies readonly Category[];

export type CategorySlug = (typeof CATEGORIES)[number]['slug'];

export const CATEGORY_SLUGS = CATEGORIES.map((c) => c.slug) as [CategorySlug, ...CategorySlug[]];

const bySlug = new Map<string, Category>(CATEGORIES.map((c) => [c.slug, c]));

export function findCategory(slug: string): Category | undefined {
  return bySlug.get(slug);
}
