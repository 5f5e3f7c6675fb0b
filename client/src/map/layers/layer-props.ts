import type { PublicObservationFeature } from '../../../../shared/schemas/observation.js';
import type { IncidentsFeed } from '../../state/incidents-feed.svelte.js';

/** What every layer component receives from the live map view. */
export interface LayerProps {
  feed: IncidentsFeed;
  visible: boolean;
  onselect: (incidentId: string) => void;
  /** Several incidents on one point were selected (client/src/state/incident-stacks.ts). */
  onselectstack?: (stackKey: string) => void;
  /** An observation was clicked, or the open one changed live (null: it left the map). */
  onselectobservation?: (feature: PublicObservationFeature | null) => void;
  selectedObservation?: PublicObservationFeature | null;
}
