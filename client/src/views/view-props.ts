import type { ClientConfig } from '../api/rest.js';
import type { Locale } from '../i18n/locales.js';

/** What every page's view receives from the app. */
export interface ViewProps {
  config: ClientConfig;
  onlocale: (locale: Locale) => void;
}
