import type { Rejection } from './import-row.js';
import { ImportReport } from './import-report.js';
import type { SfCall } from './sf-call-record.js';

const LISTED = 20;

/**
 * What an import of dispatched calls did: the rows (read, imported, duplicates, skipped by
 * reason), what they became (incidents, responses with and without a place, steps), and what
 * the data said that the timeline cannot hold (steps left out, with the row's line).
 */
export class CallImportReport extends ImportReport {
  incidents = 0;
  responses = 0;
  /** Responses of calls without a place (SF's `sensitive_call`, or no point given). */
  unlocatedResponses = 0;
  steps = 0;
  officerInitiated = 0;
  contradictedSteps = 0;
  readonly firstContradicted: Rejection[] = [];
  /** Call types not in the table, which took the default category, with their counts. */
  readonly defaultedCallTypes = new Map<string, number>();

  constructor() {
    super('line');
  }

  /** Notes what the data of a call said that was not written as it was. */
  noteCall(call: SfCall): void {
    if (!call.callTypeKnown) {
      this.defaultedCallTypes.set(
        call.callType,
        (this.defaultedCallTypes.get(call.callType) ?? 0) + 1,
      );
    }
    for (const step of call.timeline.contradicted) {
      this.contradictedSteps += 1;
      if (this.firstContradicted.length >= LISTED) continue;
      const { after } = step;
      this.firstContradicted.push({
        position: call.position,
        reason: `${step.step} before ${after.step}`,
        detail:
          `id ${call.externalRef}: ${step.step} ${step.at.toISOString()}, ` +
          `${after.step} ${after.at.toISOString()}`,
      });
    }
  }

  override format(): string {
    const lines = [
      super.format(),
      `wrote ${this.incidents} incidents, ${this.responses} responses (${this.unlocatedResponses} without a place), ` +
        `${this.steps} steps; ${this.officerInitiated} officer-initiated`,
    ];
    if (this.contradictedSteps > 0) {
      lines.push(`${this.contradictedSteps} steps contradicted an earlier step and were left out:`);
      for (const r of this.firstContradicted) {
        lines.push(`  line ${r.position}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`);
      }
    }
    if (this.defaultedCallTypes.size > 0) {
      const types = [...this.defaultedCallTypes].map(([type, n]) => `${type} (${n})`).join(', ');
      lines.push(`call types with no category of their own, imported as other: ${types}`);
    }
    return lines.join('\n');
  }
}
