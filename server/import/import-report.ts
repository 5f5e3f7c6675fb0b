import type { Rejection } from './import-row.js';

const LISTED_REJECTIONS = 20;

/** What an import did: every record read is imported, a duplicate, or skipped with a reason. */
export class ImportReport {
  read = 0;
  imported = 0;
  duplicates = 0;
  readonly skippedByReason = new Map<string, number>();
  readonly firstSkipped: Rejection[] = [];

  constructor(readonly positionLabel: string) {}

  get skipped(): number {
    let total = 0;
    for (const count of this.skippedByReason.values()) total += count;
    return total;
  }

  skip(rejection: Rejection): void {
    this.skippedByReason.set(
      rejection.reason,
      (this.skippedByReason.get(rejection.reason) ?? 0) + 1,
    );
    if (this.firstSkipped.length < LISTED_REJECTIONS) this.firstSkipped.push(rejection);
    else if (rejection.position < (this.firstSkipped.at(-1)?.position ?? 0)) {
      // Rejections found in the database step arrive a batch late: keep the first by position.
      this.firstSkipped.pop();
      this.firstSkipped.push(rejection);
    }
    this.firstSkipped.sort((a, b) => a.position - b.position);
  }

  format(): string {
    const lines = [
      `read ${this.read}, imported ${this.imported}, duplicates ${this.duplicates}, skipped ${this.skipped}`,
    ];
    if (this.skipped > 0) {
      lines.push('skipped by reason:');
      const reasons = [...this.skippedByReason].sort((a, b) => b[1] - a[1]);
      for (const [reason, count] of reasons) lines.push(`  ${reason}: ${count}`);
      lines.push(`first ${this.firstSkipped.length} skipped:`);
      for (const r of this.firstSkipped) {
        lines.push(
          `  ${this.positionLabel} ${r.position}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`,
        );
      }
    }
    return lines.join('\n');
  }
}
