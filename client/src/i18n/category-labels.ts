import { CATEGORIES, type CategorySlug } from '../../../shared/categories.js';
import type { Locale } from './locales.js';

const de: Record<CategorySlug, string> = {
  'anti-social-behaviour': 'Ordnungsstörung',
  arson: 'Brandstiftung',
  'bicycle-theft': 'Fahrraddiebstahl',
  burglary: 'Einbruch',
  'criminal-damage': 'Sachbeschädigung',
  'domestic-abuse': 'Häusliche Gewalt',
  drugs: 'Drogen',
  fraud: 'Betrug',
  homicide: 'Tötungsdelikt',
  'human-trafficking': 'Menschenhandel',
  kidnapping: 'Entführung',
  'non-criminal': 'Nicht strafbarer Vorfall',
  'offences-against-children': 'Straftaten gegen Kinder',
  other: 'Sonstige Straftat',
  prostitution: 'Prostitution',
  'public-order': 'Öffentliche Ordnung',
  robbery: 'Raub',
  'sexual-offences': 'Sexualdelikte',
  shoplifting: 'Ladendiebstahl',
  'stalking-harassment': 'Stalking und Belästigung',
  'suspicious-activity': 'Verdächtige Aktivität',
  theft: 'Diebstahl',
  traffic: 'Verkehrsunfall',
  trespass: 'Hausfriedensbruch',
  'vehicle-crime': 'Kfz-Kriminalität',
  violence: 'Gewalt gegen Personen',
  'violence-and-sexual-offences': 'Gewalt- und Sexualdelikte',
  weapons: 'Waffen',
};

const en = Object.fromEntries(CATEGORIES.map((c) => [c.slug, c.label])) as Record<
  CategorySlug,
  string
>;

export function categoryLabel(locale: Locale, slug: string): string {
  const labels = locale === 'de' ? de : en;
  return (labels as Record<string, string | undefined>)[slug] ?? slug;
}
