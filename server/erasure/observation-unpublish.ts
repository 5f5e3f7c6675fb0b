import type { UnpublishObservations } from './erasure.service.js';

/**
 * HOOK (branch i12-observations): the `observation.updated` events that take erased reports off
 * the public map (the group they were shown in recomputed, or `not_shown`). Until the
 * observation-state service lands, nothing is streamed: the rows are marked `erased`, which no
 * public read shows.
 */
export const unpublishErasedObservations: UnpublishObservations = async () => [];
