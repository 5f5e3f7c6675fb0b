import type { IncidentSummary } from '../../../shared/schemas/incident-summary.js';
import { ApiError, fetchSummary, type ViewQuery } from '../api/rest.js';
import { previousRange } from './view-summary.js';

export interface ViewCounts {
  current: IncidentSummary;
  previous: IncidentSummary;
}

/**
 * The counts of a view and of the window before it (same box and categories), from the
 * summary endpoint; a newer view cancels the answers to an older one.
 */
export class ViewSummaryLoader {
  counts = $state.raw<ViewCounts | null>(null);
  error = $state<string | null>(null);
  #pending: AbortController | null = null;

  async load(view: ViewQuery | null): Promise<void> {
    this.#pending?.abort();
    if (!view || view.fromMs === undefined || view.toMs === undefined) {
      this.counts = null;
      return;
    }
    const controller = new AbortController();
    this.#pending = controller;
    const before = previousRange({ fromMs: view.fromMs, toMs: view.toMs });
    try {
      const [current, previous] = await Promise.all([
        fetchSummary(view, controller.signal),
        fetchSummary({ ...view, ...before }, controller.signal),
      ]);
      if (controller.signal.aborted) return;
      this.counts = { current, previous };
      this.error = null;
    } catch (error) {
      if (controller.signal.aborted) return;
      this.error = error instanceof ApiError ? error.message : String(error);
    }
  }

  stop(): void {
    this.#pending?.abort();
  }
}
