import type { Locale } from '../i18n/locales.js';
import type { TimeWindow } from './time-window.js';
import { formatUrlState, parseUrlState, type UrlState } from './url-state.js';

/**
 * What the live map shows (categories, time window, layers, and the language once chosen),
 * read from the address and kept in it, so that a link opens the same map.
 */
export class ViewSettings {
  categories: string[];
  timeWindow: TimeWindow;
  layers: string[];
  /** `lang` goes into the address only when chosen (in the link, or with the switch). */
  langChosen: boolean;
  readonly #defaultLayers: readonly string[];

  constructor(initial: UrlState, defaultLayers: readonly string[]) {
    this.categories = $state(initial.categories);
    this.timeWindow = $state(initial.window);
    this.layers = $state(initial.layers);
    this.langChosen = $state(initial.lang !== null);
    this.#defaultLayers = defaultLayers;
  }

  /** The settings in the page's address; unknown layers (and categories) are dropped. */
  static fromAddress(knownLayers: readonly string[], defaultLayers: readonly string[]) {
    return new ViewSettings(
      parseUrlState(location.search, knownLayers, defaultLayers),
      defaultLayers,
    );
  }

  /**
   * Keeps the query string in step with the settings (the camera is MapLibre's, in the hash).
   * Call while a component initialises: it stops with the component.
   */
  syncToAddress(locale: () => Locale): void {
    $effect(() => {
      const state: UrlState = {
        categories: this.categories,
        window: this.timeWindow,
        layers: this.layers,
        lang: this.langChosen ? locale() : null,
      };
      const search = formatUrlState(state, this.#defaultLayers, location.search);
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    });
  }
}
