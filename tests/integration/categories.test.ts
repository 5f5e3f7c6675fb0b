import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/categories.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('the harmonised categories', () => {
  it('seeded by the migration are exactly the shared list, with the same public policies', async () => {
    const rows = await db.pool.query<{ slug: string; label: string; policy: string }>(
      'SELECT slug, label, public_policy AS policy FROM categories ORDER BY slug',
    );
    const shared = [...CATEGORIES].map(({ slug, label, policy }) => ({ slug, label, policy }));
    expect(rows.rows).toEqual(shared.sort((a, b) => (a.slug < b.slug ? -1 : 1)));
  });

  it('never show sexual offences or domestic abuse publicly', () => {
    const policy = (slug: string) => CATEGORIES.find((c) => c.slug === slug)?.policy;
    expect(policy('sexual-offences')).toBe('hidden');
    expect(policy('domestic-abuse')).toBe('hidden');
  });

  it.each([
    ['police.uk', 'anti-social-behaviour', 'anti-social-behaviour'],
    ['police.uk', 'violent-crime', 'violence-and-sexual-offences'],
    ['police.uk', 'criminal-damage-arson', 'criminal-damage'],
    ['police.uk', 'Theft from the person', 'theft'],
    ['chicago', 'BATTERY', 'violence'],
    ['chicago', 'CRIM SEXUAL ASSAULT', 'sexual-offences'],
    ['chicago', 'DECEPTIVE PRACTICE', 'fraud'],
    ['chicago', 'MOTOR VEHICLE THEFT', 'vehicle-crime'],
  ])('map %s "%s" onto %s', async (source, code, category) => {
    const found = await db.pool.query<{ category: string }>(
      'SELECT category FROM category_aliases WHERE source = $1 AND code = $2',
      [source, code],
    );
    expect(found.rows[0]?.category).toBe(category);
  });
});
