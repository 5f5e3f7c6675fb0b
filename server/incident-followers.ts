import { withholdFeedbackOfCoarsened } from './feedback/feedback-withholding.js';
import type { IncidentFollower } from './incidents/incidents.service.js';
import { followIncident } from './responses/response-follow.js';

/**
 * What follows a change to an incident, in its transaction: its response's copies and events,
 * and the withholding of its feedback's events when its policy coarsens. Every writer of
 * incident changes (the API, the simulator) passes this one list.
 */
export const INCIDENT_FOLLOWERS: readonly IncidentFollower[] = [
  followIncident,
  withholdFeedbackOfCoarsened,
];
