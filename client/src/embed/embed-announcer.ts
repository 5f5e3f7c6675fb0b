import type { HeldFeature } from './embed-store.js';
import type { EmbedText } from './embed-text.js';

/** A screen reader hears of new incidents at most this often (a burst is one sentence). */
const ANNOUNCE_EVERY_MS = 5000;

/** Says new incidents politely (aria-live), throttled, with the latest one's category and place. */
export class EmbedAnnouncer {
  readonly element: HTMLElement;
  readonly #text: EmbedText;
  #pending: HeldFeature[] = [];
  #lastMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(text: EmbedText) {
    this.#text = text;
    this.element = document.createElement('div');
    this.element.className = 'visually-hidden';
    this.element.setAttribute('role', 'status');
    this.element.setAttribute('aria-live', 'polite');
    this.element.dataset.testid = 'embed-announcer';
  }

  added(incidents: readonly HeldFeature[]): void {
    if (incidents.length === 0) return;
    this.#pending.push(...incidents);
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, this.#lastMs + ANNOUNCE_EVERY_MS - Date.now());
    this.#timer = setTimeout(() => {
      this.#say();
    }, wait);
  }

  #say(): void {
    this.#timer = undefined;
    this.#lastMs = Date.now();
    const pending = this.#pending.splice(0);
    const latest = pending.at(-1);
    if (!latest) return;
    const t = this.#text;
    const place = latest.properties.place ?? latest.properties.district;
    const params = {
      count: pending.length,
      category: t.category('incidents', String(latest.properties.category)),
      place: typeof place === 'string' ? place : t.t('embed.placeUnknown'),
    };
    this.element.textContent =
      pending.length === 1
        ? t.t('embed.announce.one', params)
        : t.t('embed.announce.other', params);
  }
}
