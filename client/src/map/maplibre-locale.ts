import type { Locale } from '../i18n/locales.js';

/** MapLibre's own control labels; English is its default. */
const GERMAN: Record<string, string> = {
  'NavigationControl.ZoomIn': 'Hineinzoomen',
  'NavigationControl.ZoomOut': 'Herauszoomen',
  'NavigationControl.ResetBearing': 'Norden oben',
  'AttributionControl.ToggleAttribution': 'Quellenangaben ein-/ausblenden',
  'ScaleControl.Meters': 'm',
  'ScaleControl.Kilometers': 'km',
  'Map.Title': 'Karte',
};

export function mapLibreLocale(locale: Locale): Record<string, string> {
  return locale === 'de' ? GERMAN : {};
}
