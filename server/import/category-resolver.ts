import type pg from 'pg';
import { findCategory, type PublicPolicy } from '../../shared/categories.js';
import type { ImportRow } from './import-row.js';

export type Resolved =
  | { ok: true; category: string; policy: PublicPolicy }
  | { ok: false; reason: string; detail: string };

/**
 * Maps a source's category names onto the harmonised list through category_aliases
 * (migrations/002_categories.sql): exact, case-sensitive codes, as the source spells them.
 * A name with no alias is not guessed: the row is reported and skipped.
 */
export class CategoryResolver {
  private constructor(private readonly aliases: ReadonlyMap<string, string>) {}

  static async load(db: pg.ClientBase, source: string): Promise<CategoryResolver> {
    const result = await db.query<{ code: string; category: string }>(
      'SELECT code, category FROM category_aliases WHERE source = $1',
      [source],
    );
    return new CategoryResolver(new Map(result.rows.map((row) => [row.code, row.category])));
  }

  get size(): number {
    return this.aliases.size;
  }

  resolve(category: ImportRow['category']): Resolved {
    const slug = 'slug' in category ? category.slug : this.aliases.get(category.code);
    const found = slug === undefined ? undefined : findCategory(slug);
    if (!found) {
      const name = 'slug' in category ? category.slug : category.code;
      return { ok: false, reason: 'unknown category', detail: name };
    }
    return { ok: true, category: found.slug, policy: found.policy };
  }
}
