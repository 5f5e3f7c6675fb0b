import { describe, expect, it } from 'vitest';
import { rebuildReason } from '../../client/build/client-build-staleness.js';

const BUILT_AT = 1_700_000_000_000;

describe('rebuildReason', () => {
  it('builds when there is no build yet, whatever the inputs', () => {
    expect(rebuildReason(null, [])).toBe('there is no build yet');
    expect(rebuildReason(null, [{ path: 'client/src/main.ts', mtimeMs: 0 }])).toBe(
      'there is no build yet',
    );
  });

  it('keeps a build newer than every input, or as new as one', () => {
    const inputs = [
      { path: 'client/src', mtimeMs: BUILT_AT - 60_000 },
      { path: 'client/src/main.ts', mtimeMs: BUILT_AT - 1 },
      { path: 'shared/categories.ts', mtimeMs: BUILT_AT },
    ];
    expect(rebuildReason(BUILT_AT, inputs)).toBeNull();
    expect(rebuildReason(BUILT_AT, [])).toBeNull();
  });

  it('rebuilds when any input changed after the build, and names it', () => {
    const inputs = [
      { path: 'client/src/main.ts', mtimeMs: BUILT_AT - 1 },
      { path: 'shared/schemas/incident.ts', mtimeMs: BUILT_AT + 1 },
    ];
    expect(rebuildReason(BUILT_AT, inputs)).toBe(
      'shared/schemas/incident.ts changed since the last build',
    );
  });

  it('rebuilds when a directory changed, as when a file in it was deleted', () => {
    expect(rebuildReason(BUILT_AT, [{ path: 'client/src/views', mtimeMs: BUILT_AT + 5 }])).toBe(
      'client/src/views changed since the last build',
    );
  });
});
