import { describe, expect, it } from 'vitest';
import { assertDeclared, UndeclaredEventError } from '../../../server/record/declared-events.js';
import { prepareEvents } from '../../../server/record/events.js';
import { incidentEvent } from '../../../server/incidents/incident-events.js';
import { incidentRow } from '../../support/incident-factory.js';

// The record writer chains only what shared/layers declares: every writer's events pass
// through prepareEvents, which refuses the others before anything is hashed or written.

const EXACT = { lon: -123.120_734, lat: 49.282_719 };

function createdEvent() {
  return incidentEvent(
    'incident.created',
    incidentRow({ location: EXACT, visibility: 'point' }),
    [],
  );
}

describe('events against their declarations', () => {
  it('takes an event as its writer builds it', () => {
    expect(() => {
      assertDeclared(createdEvent());
    }).not.toThrow();
    expect(prepareEvents([createdEvent()])).toHaveLength(1);
  });

  it('refuses an event type no layer declares', () => {
    const event = { ...createdEvent(), type: 'incident.teleported' };
    expect(() => prepareEvents([event])).toThrow(UndeclaredEventError);
    expect(() => prepareEvents([{ ...createdEvent(), entity: 'observation' }])).toThrow(
      /observation event incident.created is not declared/,
    );
  });

  it('refuses a public part carrying a field its declaration does not name, without quoting it', () => {
    const event = createdEvent();
    const leaking = { ...event, public: { ...event.public, exactLocation: EXACT } };
    let thrown: unknown;
    try {
      prepareEvents([leaking]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UndeclaredEventError);
    const message = (thrown as Error).message;
    expect(message).toMatch(/public part off its declaration/);
    expect(message).not.toContain(String(EXACT.lon));
  });

  it('refuses a public feature whose properties carry the exact text', () => {
    const event = createdEvent();
    const feature = (event.public as { feature: { properties: Record<string, unknown> } }).feature;
    const leaking = {
      ...event,
      public: {
        ...event.public,
        feature: { ...feature, properties: { ...feature.properties, externalRef: 'cad-1' } },
      },
    };
    expect(() => {
      assertDeclared(leaking);
    }).toThrow(/public part off its declaration at \/feature\/properties/);
  });

  it('refuses a private part off its declaration', () => {
    const event = { ...createdEvent(), private: { note: 42 } };
    expect(() => {
      assertDeclared(event);
    }).toThrow(/private part off its declaration/);
  });
});
