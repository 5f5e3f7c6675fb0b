import { describe, expect, it } from 'vitest';
import type { Bbox } from '../../../shared/geo/bbox.js';
import { AUDIENCES, type Audience } from '../../../shared/layers/audiences.js';
import { LAYERS, type Layer, type StreamEvent } from '../../../shared/realtime/protocol.js';
import { FanOut } from '../../../server/realtime/fan-out.js';
import type { RelayRow } from '../../../server/realtime/event-log.js';
import { created, incidentRow, updated, type LonLat } from './incident-rows.js';
import { MemoryEventLog, MemoryTransport, settle } from './memory-stream.js';
import { observationCreated, observationRow, observationUpdated } from './observation-rows.js';

// Every layer × audience × kind of event: which part of it is sent, with which fields, or
// nothing. Spelled out here, apart from the rule table, so that a change to who sees what shows
// up as a change to this test.

const ID = '0190a6d2-7b3c-7def-8123-456789abcdef';
const EXACT: LonLat = [-123.1207, 49.2827];
const WORLD: Bbox = [-180, -90, 180, 90];

const shown = incidentRow(ID, EXACT);
const hidden = incidentRow(ID, EXACT, { category: 'domestic-abuse', visibility: 'hidden' });

// Observations: an approved report; a pending one; a second reporter's report corroborating
// the first (the group's one item is updated); the only shown report withdrawn.
const SECOND_ID = '0190a6d2-7b3c-7def-8123-456789abcdee';
const approved = observationRow(ID, EXACT);
const pending = observationRow(ID, EXACT, { moderation: 'pending', public_text: null });
const corroborating = observationRow(SECOND_ID, EXACT, { group_id: ID });
const withdrawn = {
  ...approved,
  moderation: 'withdrawn' as const,
  verification: 'retracted' as const,
};

/** Each kind of event, after what came before it. */
const SCENARIOS = {
  'created, shown': { before: [], event: created(1, shown) },
  'created, not shown': { before: [], event: created(1, hidden) },
  'updated, shown': {
    before: [created(1, shown)],
    event: updated(2, { ...shown, status: 'responding' }, { row: shown, lastEventId: 1 }),
  },
  'updated, taken off the public map': {
    before: [created(1, shown)],
    event: updated(2, hidden, { row: shown, lastEventId: 1 }, ['category']),
  },
  'observation created, shown': { before: [], event: observationCreated(1, approved) },
  'observation created, not shown': { before: [], event: observationCreated(1, pending) },
  'observation corroborated': {
    before: [observationCreated(1, approved)],
    event: observationUpdated(2, corroborating, [approved], [approved, corroborating], 1),
  },
  'observation withdrawn': {
    before: [observationCreated(1, approved)],
    event: observationUpdated(2, withdrawn, [approved], [withdrawn], 1),
  },
} satisfies Record<string, { before: RelayRow[]; event: RelayRow }>;
type Scenario = keyof typeof SCENARIOS;

interface Sent {
  type: StreamEvent['type'];
  place: 'public' | 'exact' | 'none';
  fields: string[];
  summary?: unknown;
  text?: unknown;
}

const PUBLIC_FIELDS = [
  'category',
  'createdAt',
  'district',
  'locationPrecision',
  'occurredAt',
  'place',
  'precisionMetres',
  'priority',
  'reportedAt',
  'source',
  'status',
  'summary',
  'updatedAt',
];
const DISPATCHER_FIELDS = [...PUBLIC_FIELDS, 'externalRef', 'publicLocation', 'visibility'].sort();

const publicPart = (type: Sent['type']): Sent => ({
  type,
  place: 'public',
  fields: PUBLIC_FIELDS,
  summary: 'Bicycle taken from [address]',
});
const privatePart = (type: Sent['type']): Sent => ({
  type,
  place: 'exact',
  fields: DISPATCHER_FIELDS,
  summary: 'Bicycle taken from 12 Main St',
});
const removal: Sent = { type: 'removed', place: 'none', fields: [] };

const NO_OBSERVATIONS = {
  'observation created, shown': [],
  'observation created, not shown': [],
  'observation corroborated': [],
  'observation withdrawn': [],
};
const PUBLIC_VIEW: Record<Scenario, Sent[]> = {
  'created, shown': [publicPart('created')],
  'created, not shown': [],
  'updated, shown': [publicPart('updated')],
  'updated, taken off the public map': [removal],
  ...NO_OBSERVATIONS,
};
const DISPATCHER_VIEW: Record<Scenario, Sent[]> = {
  'created, shown': [privatePart('created')],
  'created, not shown': [privatePart('created')],
  'updated, shown': [privatePart('updated')],
  'updated, taken off the public map': [privatePart('updated')],
  ...NO_OBSERVATIONS,
};

const PUBLIC_OBSERVATION_FIELDS = [
  'behaviours',
  'category',
  'district',
  'incidentId',
  'locationPrecision',
  'observedAt',
  'place',
  'precisionMetres',
  'reports',
  'text',
  'verification',
];
const DISPATCHER_OBSERVATION_FIELDS = [
  'behaviours',
  'category',
  'createdAt',
  'district',
  'groupId',
  'heldFor',
  'incidentId',
  'locationPrecision',
  'moderation',
  'observedAt',
  'place',
  'precisionMetres',
  'publicLocation',
  'publicText',
  'text',
  'updatedAt',
  'verification',
];
/** The public item: the group's id, its moderated text only. */
const publicItem = (type: Sent['type']): Sent => ({
  type,
  place: 'public',
  fields: PUBLIC_OBSERVATION_FIELDS,
  text: 'Tags on the wall',
});
/** The one report, exactly, with its text as written. */
const exactReport = (type: Sent['type']): Sent => ({
  type,
  place: 'exact',
  fields: DISPATCHER_OBSERVATION_FIELDS,
  text: 'Tags on 12 Main St by the man in red',
});
const NO_INCIDENTS = {
  'created, shown': [],
  'created, not shown': [],
  'updated, shown': [],
  'updated, taken off the public map': [],
};
const PUBLIC_OBSERVATION_VIEW: Record<Scenario, Sent[]> = {
  ...NO_INCIDENTS,
  'observation created, shown': [publicItem('created')],
  'observation created, not shown': [],
  'observation corroborated': [publicItem('updated')],
  'observation withdrawn': [removal],
};
const DISPATCHER_OBSERVATION_VIEW: Record<Scenario, Sent[]> = {
  ...NO_INCIDENTS,
  'observation created, shown': [exactReport('created')],
  'observation created, not shown': [exactReport('created')],
  'observation corroborated': [exactReport('updated')],
  'observation withdrawn': [exactReport('updated')],
};

/** Layers and audiences missing here are sent nothing. */
const EXPECTED: Partial<Record<Layer, Record<Audience, Record<Scenario, Sent[]>>>> = {
  incidents: {
    public: PUBLIC_VIEW,
    reporter: PUBLIC_VIEW,
    resident: PUBLIC_VIEW,
    moderator: PUBLIC_VIEW,
    dispatcher: DISPATCHER_VIEW,
    admin: PUBLIC_VIEW,
  },
  observations: {
    public: PUBLIC_OBSERVATION_VIEW,
    reporter: PUBLIC_OBSERVATION_VIEW,
    resident: PUBLIC_OBSERVATION_VIEW,
    moderator: PUBLIC_OBSERVATION_VIEW,
    dispatcher: DISPATCHER_OBSERVATION_VIEW,
    admin: PUBLIC_OBSERVATION_VIEW,
  },
};

function placeOf(event: StreamEvent): Sent['place'] {
  const coordinates = event.feature.geometry?.coordinates;
  if (!coordinates) return 'none';
  const [lon, lat] = coordinates;
  if (lon === EXACT[0] && lat === EXACT[1]) return 'exact';
  if (event.layer === 'observations') {
    expect([lon, lat]).toEqual([approved.public_lon, approved.public_lat]);
    expect(event.feature.id).toBe(ID);
  } else {
    expect([lon, lat]).toEqual([shown.public_lon, shown.public_lat]);
  }
  return 'public';
}

function sent(event: StreamEvent): Sent {
  const { properties } = event.feature;
  return {
    type: event.type,
    place: placeOf(event),
    fields: Object.keys(properties).sort(),
    ...('summary' in properties ? { summary: properties.summary } : {}),
    ...('text' in properties ? { text: properties.text } : {}),
  };
}

async function received(
  layer: Layer,
  audience: Audience,
  scenario: Scenario,
  how: 'live' | 'replayed',
): Promise<Sent[]> {
  const { before, event } = SCENARIOS[scenario];
  const log = new MemoryEventLog();
  const transport = new MemoryTransport();
  const fanOut = new FanOut(transport, log, { maxBacklog: 100, maxQueuedPackets: 100 });
  log.append(...before);
  log.cursor = before.length;
  const connection = transport.connection('socket');
  if (how === 'live') {
    fanOut.subscribe(connection, audience, { bbox: WORLD, layers: [layer] });
    log.append(event);
    log.cursor = event.id;
    fanOut.dispatch([event]);
  } else {
    log.append(event);
    log.cursor = event.id;
    fanOut.subscribe(connection, audience, { bbox: WORLD, layers: [layer], since: before.length });
    await settle();
  }
  return connection.received.map(sent);
}

const CASES = LAYERS.flatMap((layer) =>
  AUDIENCES.flatMap((audience) =>
    (Object.keys(SCENARIOS) as Scenario[]).map((scenario) => ({ layer, audience, scenario })),
  ),
);

describe('who is sent what', () => {
  it.each(CASES)('$layer, $audience, $scenario', async ({ layer, audience, scenario }) => {
    const expected = EXPECTED[layer]?.[audience][scenario] ?? [];
    expect(await received(layer, audience, scenario, 'live')).toEqual(expected);
    expect(await received(layer, audience, scenario, 'replayed')).toEqual(expected);
  });
});
