import { LiveStream, type LiveStatus } from '../../api/live-stream.js';

/** The whole world: the figures are of every district, so any response or rating matters. */
const WHOLE_AREA: [number, number, number, number] = [-180, -90, 180, 90];
/** Events come in bursts (a timeline's steps, a rating and its edit): one refetch per burst. */
export const REFRESH_DEBOUNCE_MS = 1500;

/**
 * Keeps the accountability view live: subscribed to the responses and feedback layers over the
 * whole area, it calls `refresh` once a burst of events has settled, and after a resync (events
 * may have been missed).
 */
export class LiveRefresh {
  readonly #stream: LiveStream;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(refresh: () => void, onstatus: (status: LiveStatus) => void) {
    const later = () => {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(refresh, REFRESH_DEBOUNCE_MS);
    };
    this.#stream = new LiveStream({
      onEvents: later,
      onResync: later,
      onStatus: onstatus,
    });
    void this.#stream.subscribe({ bbox: WHOLE_AREA, layers: ['responses', 'feedback'] });
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#stream.close();
  }
}
