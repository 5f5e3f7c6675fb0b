import type { IncidentsFeed } from './incidents-feed.svelte.js';
import { filterFor } from './settings-filter.js';
import { resolveWindow, sameWindow, type TimeRange } from './time-window.js';
import type { ViewSettings } from './view-settings.svelte.js';

/** How often a rolling window moves on. */
const CLOCK_MS = 30_000;

const categoryKey = (categories: readonly string[]) => [...categories].sort().join();

/**
 * The feed filtered as the settings say: new categories or a new window make the server filter
 * anew; a rolling window moves on with a clock, dropping what fell out without asking the
 * server again; the playback head narrows what is shown.
 */
export class LiveFilter {
  readonly #settings: ViewSettings;
  readonly #feed: IncidentsFeed;
  playbackHeadMs = $state<number | null>(null);
  nowMs = $state(Date.now());

  constructor(settings: ViewSettings, feed: IncidentsFeed) {
    this.#settings = settings;
    this.#feed = feed;
  }

  /** The window's range on the clock (a rolling window moves on with it). */
  get range(): TimeRange {
    return resolveWindow(this.#settings.timeWindow, this.nowMs);
  }

  /** Call while a component initialises: it stops with the component. */
  keepFeedFiltered(): void {
    const settings = this.#settings;
    let lastServerFilter = {
      categories: categoryKey(settings.categories),
      window: settings.timeWindow,
    };
    $effect(() => {
      const categories = categoryKey(settings.categories);
      const changed =
        categories !== lastServerFilter.categories ||
        !sameWindow(settings.timeWindow, lastServerFilter.window);
      if (!changed) return;
      lastServerFilter = { categories, window: settings.timeWindow };
      this.playbackHeadMs = null;
      this.#feed.setFilter(filterFor(settings, null), true);
    });
    $effect(() => {
      const clock = setInterval(() => {
        this.nowMs = Date.now();
        if (settings.timeWindow.kind === 'preset') {
          this.#feed.setFilter(filterFor(settings, this.playbackHeadMs), false);
        }
      }, CLOCK_MS);
      return () => {
        clearInterval(clock);
      };
    });
  }

  setPlaybackHead(head: number | null): void {
    this.playbackHeadMs = head;
    this.#feed.setPlaybackHead(head);
  }
}
