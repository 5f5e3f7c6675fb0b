/** The incident's fixed vocabularies, apart from the schemas so the client can use them alone. */
export const INCIDENT_STATUSES = ['open', 'responding', 'resolved', 'unfounded'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const PRIORITY_MIN = 1;
export const PRIORITY_MAX = 5;

/** The source name of incidents the demo simulator publishes; the map marks them. */
export const SIMULATOR_SOURCE = 'simulator';
