import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import type { TSchema } from 'typebox';
import { PUBLIC_POLICIES, type PublicPolicy } from '../../../shared/categories.js';
import { LAYERS } from '../../../shared/realtime/constants.js';
import { AUDIENCE_RULES } from '../../../shared/layers/audiences.js';
import {
  ENTITY_DECLARATIONS,
  LAYER_DECLARATIONS,
  eventDeclaration,
  streamedAs,
} from '../../../shared/layers/registry.js';
import type { NewEvent } from '../../../server/record/events.js';
import { withholdingEvent } from '../../../server/audit/withholding.service.js';
import { importBatchEvent } from '../../../server/import/import-event.js';
import { stageRow } from '../../../server/import/staged-row.js';
import { incidentEvent } from '../../../server/incidents/incident-events.js';
import type { IncidentRow } from '../../../server/incidents/incident-row.js';
import { responseEvent } from '../../../server/responses/response-events.js';
import type { PlacedResponseRow } from '../../../server/responses/response-row.js';
import { incidentRow as factoryIncidentRow } from '../../support/incident-factory.js';
import { buildFeedbackEvent } from '../../../server/feedback/feedback-events.js';
import type { FeedbackRow, RatedResponse } from '../../../server/feedback/feedback-row.js';
import { moderationEvent } from '../../../server/moderation/moderation-event.js';

// The events the writers build must be what shared/layers declares: a field added to a public
// part without a declaration (and so without a look at who may see it) fails here.

const EXACT = { lon: -123.1207, lat: 49.2827 };

function incidentRow(visibility: PublicPolicy, overrides: Partial<IncidentRow> = {}): IncidentRow {
  return {
    ...factoryIncidentRow({
      id: '0190a6d2-7b3c-7def-8123-456789abcdef',
      location: EXACT,
      visibility,
      source: 'cad-feed',
      summary: 'Bicycle taken from 12 Main St',
      publicSummary: 'Bicycle taken from [address]',
      occurredAt: new Date('2026-03-01T10:00:00Z'),
      externalRef: 'cad-1',
      block: '512 Main St',
      district: 'Downtown',
    }),
    ...overrides,
  };
}

function problems(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].map((error) => `${error.instancePath} ${error.message}`);
}

function expectDeclared(event: NewEvent): void {
  const declaration = eventDeclaration(event.entity, event.type);
  expect(declaration, `${event.entity} ${event.type} is declared`).toBeDefined();
  if (!declaration) return;
  expect(problems(declaration.public, event.public), 'public part').toEqual([]);
  expect(problems(declaration.private, event.private), 'private part').toEqual([]);
}

describe('the events the writers build match their declarations', () => {
  it.each(PUBLIC_POLICIES)('incident.created under the %s policy', (policy) => {
    expectDeclared(incidentEvent('incident.created', incidentRow(policy), []));
  });

  it.each(PUBLIC_POLICIES.flatMap((from) => PUBLIC_POLICIES.map((to) => [from, to])))(
    'incident.updated from %s to %s',
    (from, to) => {
      const previous = { row: incidentRow(from), lastEventId: 7 };
      const row = incidentRow(to, { status: 'responding', category: 'burglary' });
      expectDeclared(
        incidentEvent('incident.updated', row, ['category', 'status', 'place'], previous),
      );
    },
  );

  it.each(PUBLIC_POLICIES)(
    'response.created and response.updated under the %s policy',
    (policy) => {
      const row: PlacedResponseRow = {
        id: '0190a6d2-7b3c-7def-8123-456789abcde2',
        incident_id: '0190a6d2-7b3c-7def-8123-456789abcdef',
        district_id: null,
        category: 'theft',
        priority: 2,
        officer_initiated: false,
        state: 'dispatched',
        received_at: new Date('2026-03-01T10:00:00Z'),
        dispatched_at: new Date('2026-03-01T10:02:00Z'),
        en_route_at: null,
        on_scene_at: null,
        cleared_at: null,
        disposition: null,
        source: 'cad-feed',
        external_ref: null,
        created_at: new Date('2026-03-01T10:00:00Z'),
        updated_at: new Date('2026-03-01T10:02:00Z'),
        visibility: policy,
        public_lon: policy === 'hidden' ? null : -123.12,
        public_lat: policy === 'hidden' ? null : 49.28,
        exact_lon: EXACT.lon,
        exact_lat: EXACT.lat,
      };
      const step = {
        id: '0190a6d2-7b3c-7def-8123-456789abcde3',
        step: 'dispatched' as const,
        at: new Date('2026-03-01T10:02:00Z'),
        unit: '1A12',
        disposition: null,
        supersedes: null,
      };
      const created = responseEvent('response.created', row, step);
      expectDeclared(created);
      expect(JSON.stringify(created.public)).not.toContain('1A12');
      expectDeclared(responseEvent('response.updated', row, undefined, { row, lastEventId: 3 }));
      // A call without a place: nothing public, no feature for dispatch either.
      const unlocated = {
        ...row,
        incident_id: null,
        visibility: null,
        exact_lon: null,
        exact_lat: null,
      };
      expectDeclared(responseEvent('response.created', unlocated, step));
    },
  );

  it('incidents.imported', () => {
    const staged = stageRow(
      {
        position: 1,
        externalRef: 'row-1',
        category: { slug: 'theft' },
        x: EXACT.lon,
        y: EXACT.lat,
        srid: 4326,
        occurredAt: new Date('2026-03-01T10:00:00Z'),
        summary: 'Bicycle taken from 12 Main St',
        priority: 3,
      },
      EXACT,
      { category: 'theft', policy: 'point' },
      { source: 'police-uk', createdAt: '2026-03-02T00:00:00.000Z' },
    );
    expectDeclared(
      importBatchEvent({
        importId: '0190a6d2-7b3c-7def-8123-456789abcde1',
        source: 'police-uk',
        format: 'police-uk-csv',
        batch: 1,
        rows: [{ ...staged, publicDistrict: 'Downtown', publicPlace: 'Downtown' }],
      }),
    );
  });

  it('record.withheld, by an operator and by a coarsening', () => {
    expectDeclared(withholdingEvent([3, 5], 'erasure', { note: 'request 42' }));
    expectDeclared(
      withholdingEvent([3], 'policy_coarsened', { incidentId: incidentRow('point').id }),
    );
  });

  const response: RatedResponse = {
    response_id: '0190a6d2-7b3c-7def-8123-456789abcd01',
    incident_id: '0190a6d2-7b3c-7def-8123-456789abcdef',
    category: 'theft',
    visibility: 'point',
    public_lon: -123.12,
    public_lat: 49.28,
  };
  const feedbackRow: FeedbackRow = {
    id: '0190a6d2-7b3c-7def-8123-456789abcd02',
    response_id: response.response_id,
    rating: 2,
    comment: 'Officer Smith took an hour',
    public_comment: null,
    moderation: 'held',
    held_for: ['officer_named'],
    revision: 2,
    created_at: new Date('2026-03-01T10:00:00Z'),
    updated_at: new Date('2026-03-01T11:00:00Z'),
  };

  it.each(PUBLIC_POLICIES)('feedback.changed on a response of a %s incident', (policy) => {
    const located = policy === 'hidden' ? { public_lon: null, public_lat: null } : {};
    const event = buildFeedbackEvent(
      'edited',
      { ...response, visibility: policy, ...located },
      feedbackRow,
      { ratings: [2, 5, 5], updatedAt: feedbackRow.updated_at },
    );
    expectDeclared(event);
    const shown = policy === 'point' || policy === 'coarse';
    expect(event.public).toMatchObject({ visibility: shown ? 'shown' : 'not_shown' });
    expect(event.identified).toBe(shown);
  });

  it('moderation.decided on feedback, from a state only feedback has', () => {
    expectDeclared(
      moderationEvent({
        kind: 'feedback',
        targetId: feedbackRow.id,
        decision: 'hide',
        reason: 'names_an_officer',
        note: null,
        decidedBy: 'key:1',
        from: 'none',
        to: 'hidden',
      }),
    );
  });

  it('a public part with a field nobody declared does not match', () => {
    const event = incidentEvent('incident.created', incidentRow('point'), []);
    const declaration = eventDeclaration(event.entity, event.type);
    if (!declaration) throw new Error('incident.created is not declared');
    expect(problems(declaration.public, { ...event.public, exactLocation: EXACT })).not.toEqual([]);
  });
});

describe('the declarations', () => {
  it('name each entity once, and each streamed layer once', () => {
    const entities = ENTITY_DECLARATIONS.map((declaration) => declaration.entity);
    expect(new Set(entities).size).toBe(entities.length);
    const layers = LAYER_DECLARATIONS.map((declaration) => declaration.layer);
    expect(new Set(layers).size).toBe(layers.length);
    for (const layer of layers) expect(LAYERS).toContain(layer);
  });

  it('give every streamed layer a row of the audience table, and no other layer one', () => {
    expect(Object.keys(AUDIENCE_RULES).sort()).toEqual(
      LAYER_DECLARATIONS.map((declaration) => declaration.layer).sort(),
    );
  });

  it('stream incident events and no record-only ones', () => {
    expect(streamedAs('incident', 'incident.created')).toEqual({
      layer: 'incidents',
      kind: 'created',
    });
    expect(streamedAs('incident', 'incident.updated')).toEqual({
      layer: 'incidents',
      kind: 'updated',
    });
    expect(streamedAs('feedback', 'feedback.changed')).toEqual({
      layer: 'feedback',
      kind: 'updated',
    });
    expect(streamedAs('response', 'response.updated')).toEqual({
      layer: 'responses',
      kind: 'updated',
    });
    expect(streamedAs('import', 'incidents.imported')).toBeNull();
    expect(streamedAs('record', 'record.withheld')).toBeNull();
    expect(streamedAs('incident', 'constructor')).toBeNull();
    expect(eventDeclaration('incident', 'toString')).toBeUndefined();
  });
});
