import type { FeedbackSummary, MyFeedback } from '../../../shared/schemas/feedback.js';
import type { LonLat } from '../../../shared/schemas/common.js';
import type { Response } from '../../../shared/schemas/response.js';
import { fetchFeedbackSummary, fetchMyFeedback } from '../api/feedback-api.js';
import { fetchIncidentResponse } from '../api/responses-api.js';
import { LiveStream } from '../api/live-stream.js';
import type { LayerEvent } from './point-layer-store.js';

/** Half the side of the box watched around the incident's point, in degrees (about 100 m). */
const WATCH_HALF_DEG = 0.001;

/**
 * One incident's response as its panel shows it: the timeline (GET …/response), the public
 * feedback summary and, for a signed-in person, their own feedback. Reloaded when the live
 * stream tells of a change to this incident's response or feedback (a stream of its own,
 * watching the incident's point, so it works with the map's layers switched off).
 */
export class IncidentResponse {
  response = $state.raw<Response | null>(null);
  summary = $state.raw<FeedbackSummary | null>(null);
  mine = $state.raw<MyFeedback | null>(null);
  loading = $state(true);
  error = $state<string | null>(null);
  readonly incidentId: string;
  readonly #signedIn: () => boolean;
  #stream: LiveStream | null = null;
  #generation = 0;

  constructor(incidentId: string, signedIn: () => boolean) {
    this.incidentId = incidentId;
    this.#signedIn = signedIn;
  }

  /** Loads everything, and reloads on the stream's news of this incident. */
  open(point: LonLat): void {
    void this.reload();
    this.#stream = new LiveStream({
      onEvents: (batch) => {
        if ((batch as LayerEvent[]).some((event) => this.#concerns(event))) void this.reload();
      },
      onResync: () => this.reload(),
    });
    const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
    void this.#stream.subscribe({
      bbox: [
        clamp(point.lon - WATCH_HALF_DEG, 180),
        clamp(point.lat - WATCH_HALF_DEG, 90),
        clamp(point.lon + WATCH_HALF_DEG, 180),
        clamp(point.lat + WATCH_HALF_DEG, 90),
      ],
      layers: ['responses', 'feedback'],
    });
  }

  close(): void {
    this.#stream?.close();
    this.#stream = null;
    this.#generation++;
  }

  async reload(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const response = await fetchIncidentResponse(this.incidentId);
      const [summary, mine] = response
        ? await Promise.all([
            fetchFeedbackSummary(this.incidentId, response.id).catch(() => null),
            this.#signedIn()
              ? fetchMyFeedback(this.incidentId, response.id).catch(() => null)
              : null,
          ])
        : [null, null];
      if (generation !== this.#generation) return;
      this.response = response;
      this.summary = summary;
      this.mine = mine;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) {
        this.error = error instanceof Error ? error.message : String(error);
      }
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  #concerns(event: LayerEvent): boolean {
    if (event.layer !== 'responses' && event.layer !== 'feedback') return false;
    const properties = event.feature.properties as { incidentId?: unknown } | undefined;
    return properties?.incidentId === this.incidentId || event.feature.id === this.response?.id;
  }
}
