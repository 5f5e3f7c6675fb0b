import path from 'node:path';

const FIXTURES_DIR = path.resolve(import.meta.dirname, '../fixtures');

/** A hand-made file of tests/fixtures/import. */
export const importFixture = (name: string) => path.join(FIXTURES_DIR, 'import', name);

/** A slice of a real, public data set, kept in tests/fixtures/open-data (see its README). */
export const openData = (name: string) => path.join(FIXTURES_DIR, 'open-data', name);
