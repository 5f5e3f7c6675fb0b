import { describe, expect, it } from 'vitest';
import {
  keyedWrite,
  requestHash,
  usesInBatch,
} from '../../../server/idempotency/idempotency.service.js';

describe('Idempotency-Keys within one batch', () => {
  const post = (body: unknown) => ({ method: 'POST', path: '/api/v1/incidents', body });

  it('binds a key to the request, whatever the order of its fields', () => {
    expect(keyedWrite('key-1', undefined, post({ a: 1 }))).toBeUndefined();
    expect(keyedWrite('key-1', 'k', post({ a: 1, b: 2 }))).toEqual({
      principal: 'key-1',
      key: 'k',
      requestHash: requestHash(post({ b: 2, a: 1 })),
    });
    expect(requestHash(post({ a: 1 }))).not.toBe(requestHash(post({ a: 2 })));
  });

  it('sends the first use of a key on, and marks its repeats with or without the same request', () => {
    const writes = [
      keyedWrite('key-1', 'a', post({ n: 1 })),
      undefined,
      keyedWrite('key-1', 'a', post({ n: 1 })),
      keyedWrite('key-2', 'a', post({ n: 1 })),
      keyedWrite('key-1', 'a', post({ n: 2 })),
      undefined,
    ];
    expect(usesInBatch(writes)).toEqual([
      { first: true },
      { first: true },
      { first: false, of: 0, sameRequest: true },
      // Another client's key of the same name is its own.
      { first: true },
      { first: false, of: 0, sameRequest: false },
      { first: true },
    ]);
  });
});
