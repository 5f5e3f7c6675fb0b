import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';
import type { LiveStatus } from '../api/live-stream.js';
import type { EmbedText } from './embed-text.js';
import { fullMapHref, type Camera } from './full-map-link.js';

/** The line under the map: data as of, live or not, and the link to the full map. */
export class EmbedFooter {
  readonly element: HTMLElement;
  readonly #asOf: HTMLTimeElement;
  readonly #status: HTMLElement;
  readonly #link: HTMLAnchorElement;
  readonly #text: EmbedText;
  readonly #params: MapEmbedParams;

  constructor(text: EmbedText, params: MapEmbedParams) {
    this.#text = text;
    this.#params = params;
    this.element = document.createElement('footer');
    this.element.className = 'embed-footer';
    this.#asOf = document.createElement('time');
    this.#asOf.dataset.testid = 'embed-as-of';
    this.#status = document.createElement('span');
    this.#status.dataset.testid = 'embed-live';
    this.#link = document.createElement('a');
    this.#link.target = '_blank';
    this.#link.rel = 'noopener';
    this.#link.dataset.testid = 'embed-full-map';
    this.#link.textContent = text.t('embed.openFull');
    const hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.textContent = ` ${text.t('embed.openFullHint')}`;
    this.#link.append(hint);
    this.element.append(this.#asOf, ' · ', this.#status, ' · ', this.#link);
    this.setStatus('connecting');
    this.setCamera(null);
  }

  dataAsOf(ms: number): void {
    this.#asOf.dateTime = new Date(ms).toISOString();
    this.#asOf.textContent = this.#text.t('embed.asOf', { time: this.#text.time(ms) });
  }

  setStatus(status: LiveStatus): void {
    this.#status.dataset.status = status;
    this.#status.textContent = this.#text.t(`embed.live.${status}`);
  }

  setCamera(camera: Camera | null): void {
    this.#link.href = fullMapHref(this.#params, camera);
  }
}
