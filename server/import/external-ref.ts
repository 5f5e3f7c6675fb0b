import { createHash } from 'node:crypto';

/**
 * External ids for sources whose records carry none (anti-social behaviour in police.uk, the
 * tidied extracts): a hash of the record's fields, plus how many identical records came
 * before it in the same input, because identical records are distinct incidents there (two
 * reports in one month at one snap point). Re-importing the same file, or a later file that
 * repeats it and adds rows, gives the same ids. Keeps one counter per distinct record.
 */
export class RowHashRefs {
  readonly #seen = new Map<string, number>();

  constructor(private readonly prefix = 'h:') {}

  next(fields: readonly string[]): string {
    const hash = createHash('sha256').update(fields.join('\u001f')).digest('hex').slice(0, 32);
    const occurrence = (this.#seen.get(hash) ?? 0) + 1;
    this.#seen.set(hash, occurrence);
    return `${this.prefix}${hash}:${occurrence}`;
  }
}
