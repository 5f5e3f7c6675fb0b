import type { EmbedLanguage } from '../../../shared/embed/embed-params.js';
import { categoryLabel } from '../i18n/category-labels.js';
import { embedDe } from '../i18n/messages/embed-de.js';
import { embedEn, type EmbedMessageKey } from '../i18n/messages/embed-en.js';

const CATALOGUES: Record<EmbedLanguage, Record<EmbedMessageKey, string>> = {
  en: embedEn,
  de: embedDe,
};

/** The embed's words in one language: its own catalogue, not the app's (translate.ts). */
export interface EmbedText {
  lang: EmbedLanguage;
  t(key: EmbedMessageKey, params?: Record<string, string | number>): string;
  /** An incident category's or an observation kind's label. */
  category(layer: 'incidents' | 'observations', slug: string): string;
  /** An incident status or an observation's verification state. */
  status(layer: 'incidents' | 'observations', value: string): string;
  time(ms: number): string;
}

function has(catalogue: Record<string, string>, key: string): key is EmbedMessageKey {
  return key in catalogue;
}

export function embedText(lang: EmbedLanguage): EmbedText {
  const catalogue = CATALOGUES[lang];
  const numbers = new Intl.NumberFormat(lang);
  const times = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const lookup = (key: string): string => (has(catalogue, key) ? catalogue[key] : key);
  return {
    lang,
    t(key, params = {}) {
      return catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params[name];
        if (value === undefined) return whole;
        return typeof value === 'number' ? numbers.format(value) : value;
      });
    },
    category(layer, slug) {
      return layer === 'incidents' ? categoryLabel(lang, slug) : lookup(`obs.${slug}`);
    },
    status(layer, value) {
      return lookup(layer === 'incidents' ? `status.${value}` : `verification.${value}`);
    },
    time(ms) {
      return times.format(new Date(ms));
    },
  };
}
