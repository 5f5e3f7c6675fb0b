import { ApiError, fetchPlaces, type Place } from '../api/rest.js';
import { formatCoordinates, parseCoordinates } from '../../../shared/geo/coordinates.js';
import { PLACE_QUERY_MAX_LENGTH } from '../../../shared/schemas/places.js';

/** Typing pauses this long before the server is asked. */
export const SEARCH_DEBOUNCE_MS = 250;
const RESULT_LIMIT = 8;
/** One letter finds half the city: wait for a second. */
const MIN_QUERY_LENGTH = 2;

export type SearchStatus = 'idle' | 'searching' | 'done' | 'failed';

/**
 * The header's place search: what was typed, the places found for it, and which one the
 * keyboard is on. Coordinates are recognised here and never sent; other text is sent once
 * typing pauses, and an answer to an older text is dropped.
 */
export class PlaceSearch {
  query = $state('');
  results = $state.raw<Place[]>([]);
  status = $state<SearchStatus>('idle');
  /** The option the arrow keys are on; -1 = none. */
  activeIndex = $state(-1);
  open = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;

  readonly #search: typeof fetchPlaces;

  constructor(search: typeof fetchPlaces = fetchPlaces) {
    this.#search = search;
  }

  get active(): Place | undefined {
    return this.results[this.activeIndex];
  }

  /** The input changed. */
  type(text: string): void {
    this.query = text;
    this.#cancel();
    this.activeIndex = -1;
    const trimmed = text.trim();
    const typed = parseCoordinates(trimmed);
    if (typed) {
      const place: Place = {
        kind: 'coordinates',
        name: formatCoordinates(typed),
        center: [typed.lon, typed.lat],
      };
      this.#show([place]);
      return;
    }
    if (trimmed.length < MIN_QUERY_LENGTH || trimmed.length > PLACE_QUERY_MAX_LENGTH) {
      this.results = [];
      this.status = 'idle';
      this.open = false;
      return;
    }
    this.status = 'searching';
    this.#timer = setTimeout(() => void this.#ask(trimmed), SEARCH_DEBOUNCE_MS);
  }

  /** ArrowDown / ArrowUp: the next or previous option, round the ends. */
  move(step: 1 | -1): void {
    if (this.results.length === 0) return;
    this.open = true;
    const count = this.results.length;
    this.activeIndex =
      this.activeIndex === -1 && step === -1
        ? count - 1
        : (this.activeIndex + step + count) % count;
  }

  /** The place was chosen: its name stays in the box, the list closes. */
  choose(place: Place): void {
    this.#cancel();
    this.query = place.name;
    this.open = false;
    this.activeIndex = -1;
  }

  close(): void {
    this.open = false;
    this.activeIndex = -1;
  }

  clear(): void {
    this.#cancel();
    this.query = '';
    this.results = [];
    this.status = 'idle';
    this.close();
  }

  /** Call when the component goes: no timer or request outlives it. */
  stop(): void {
    this.#cancel();
  }

  async #ask(text: string): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    try {
      const places = await this.#search(text, RESULT_LIMIT, controller.signal);
      if (controller.signal.aborted) return;
      this.#show(places);
    } catch (error) {
      if (controller.signal.aborted || !(error instanceof ApiError)) return;
      this.results = [];
      this.status = 'failed';
      this.open = false;
    }
  }

  #show(places: Place[]): void {
    this.results = places;
    this.status = 'done';
    this.open = places.length > 0;
  }

  #cancel(): void {
    clearTimeout(this.#timer);
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }
}
