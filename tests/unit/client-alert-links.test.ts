import { describe, expect, it } from 'vitest';
import { base64UrlToBytes } from '../../client/src/api/vapid-key.js';
import { incidentMapLink } from '../../client/src/state/alert-link.js';
import { incidentInAddress } from '../../client/src/state/incident-link.js';

/** A notification's link to the map, and the VAPID key as PushManager takes it. */
const ID = '0190f4c2-8d5e-7a1b-9c3d-4e5f60718293';

describe('alert notification helpers', () => {
  it('links to the incident on the live map, on our own origin, at its public point', () => {
    const link = incidentMapLink({
      incident: {
        id: ID,
        category: 'theft',
        status: 'open',
        point: [-123.1, 49.28],
        occurredAt: '2026-12-05T18:00:00Z',
      },
    });
    expect(link).toBe(`/?incident=${ID}#16/49.28000/-123.10000`);
    const url = new URL(link, 'https://openbeat.example');
    expect(url.origin).toBe('https://openbeat.example');
    expect(incidentInAddress(url.search)).toEqual({ kind: 'id', id: ID });
  });

  it('decodes a base64url key without padding into its bytes', () => {
    const bytes = Uint8Array.from({ length: 65 }, (_, i) => (i * 37 + 4) % 256);
    const text = Buffer.from(bytes).toString('base64url');
    expect(text).not.toContain('=');
    expect([...base64UrlToBytes(text)]).toEqual([...bytes]);
  });
});
