import { describe, expect, it } from 'vitest';
import { incidentInAddress, searchWithIncident } from '../../client/src/state/incident-link.js';

const ID = '0190f4c2-8d5e-7a1b-9c3d-4e5f60718293';

describe('a link to one incident (?incident=<id>)', () => {
  it('reads a UUID, in either case, and nothing else', () => {
    expect(incidentInAddress(`?incident=${ID}`)).toEqual({ kind: 'id', id: ID });
    expect(incidentInAddress(`?window=7d&incident=${ID.toUpperCase()}`)).toEqual({
      kind: 'id',
      id: ID,
    });
    expect(incidentInAddress('?window=7d')).toEqual({ kind: 'none' });
    for (const bad of ['', 'abc', `${ID}x`, `urn:uuid:${ID}`, `${ID}/../x`, '1 OR 1=1']) {
      expect(incidentInAddress(`?incident=${encodeURIComponent(bad)}`), bad).toEqual({
        kind: 'malformed',
      });
    }
  });

  it('writes the id, or removes it, keeping every other parameter', () => {
    expect(searchWithIncident('?categories=theft&lang=de', ID)).toBe(
      `?categories=theft&lang=de&incident=${ID}`,
    );
    expect(searchWithIncident(`?incident=${ID}&lang=de`, null)).toBe('?lang=de');
    expect(searchWithIncident(`?incident=${ID}`, null)).toBe('');
    expect(incidentInAddress(searchWithIncident('', ID))).toEqual({ kind: 'id', id: ID });
  });
});
