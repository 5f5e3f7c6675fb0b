import { ApiError, fetchIncident } from '../api/rest.js';
import { incidentInAddress, searchWithIncident, type IncidentInAddress } from './incident-link.js';
import { incidentRecordOf, type IncidentRecord } from './incident-store.js';

export type LinkProblem = 'malformed' | 'notFound' | 'failed';

/**
 * The incident a link names (`?incident=<id>`), fetched on its own: it may lie outside the
 * first view and the time window, where no snapshot brings it. `problem` says why a link
 * opened nothing.
 */
export class LinkedIncident {
  record = $state.raw<IncidentRecord | null>(null);
  problem = $state<LinkProblem | null>(null);
  /** The id the address named on load, if well formed. */
  readonly requestedId: string | null;
  readonly #request: IncidentInAddress;

  constructor(search: string) {
    this.#request = incidentInAddress(search);
    this.requestedId = this.#request.kind === 'id' ? this.#request.id : null;
    if (this.#request.kind === 'malformed') this.problem = 'malformed';
  }

  /** Fetches the linked incident (after `signedIn`: a dispatcher sees exact places). */
  async load(signedIn: () => Promise<unknown>): Promise<IncidentRecord | null> {
    if (this.requestedId === null) return null;
    try {
      await signedIn();
      const feature = await fetchIncident(this.requestedId);
      // A map id no store uses: this record is only shown in the panel.
      this.record = incidentRecordOf(feature, 0);
      if (!this.record) this.problem = 'failed';
    } catch (error) {
      const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
      this.problem = missing ? 'notFound' : 'failed';
    }
    return this.record;
  }

  dismiss(): void {
    this.problem = null;
  }

  /**
   * Keeps `?incident=` in step with the selection (replaceState: selecting is not a page of
   * history). Call while a component initialises: it stops with the component.
   */
  static syncToAddress(selectedId: () => string | null): void {
    $effect(() => {
      const search = searchWithIncident(location.search, selectedId());
      if (search === location.search) return;
      history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
    });
  }
}
