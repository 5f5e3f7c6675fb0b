import { WITHHOLDING_REASONS, type WithholdingReason } from '../../shared/audit/chain.js';
import { withholdEvents } from '../audit/withholding.service.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { InvalidRequestError } from '../errors.js';
import { CommitSignal } from '../record/commit-signal.js';
import { RecordWriter } from '../record/record-writer.js';
import { readCliArgs } from './cli-args.js';

const OPERATOR_REASONS = WITHHOLDING_REASONS.filter((reason) => reason !== 'policy_coarsened');

const USAGE = `usage: npm run record:withhold -- --reason <${OPERATOR_REASONS.join('|')}> --note <reference> <event id>...

Withholds the public parts of the named events of the public record: they are erased and served
as "withheld" with their hashes, so the chain still verifies, and the withholding is itself an
event, naming the events and the reason (the note stays private). For a data-protection erasure
or a court order; an incident that becomes more sensitive is withheld by itself.
With the embedded database, stop the server first (DATABASE_URL works while servers run).`;

function isOperatorReason(value: string): value is WithholdingReason {
  return (OPERATOR_REASONS as readonly string[]).includes(value);
}

async function main() {
  const { values, positionals } = readCliArgs(
    USAGE,
    { reason: { type: 'string' }, note: { type: 'string' } },
    { allow: true },
  );
  const reason = typeof values.reason === 'string' ? values.reason : '';
  const note = typeof values.note === 'string' ? values.note.trim() : '';
  const events = positionals.map(Number);
  if (
    !isOperatorReason(reason) ||
    note === '' ||
    events.length === 0 ||
    !events.every((id) => Number.isSafeInteger(id) && id > 0)
  ) {
    console.error(USAGE);
    process.exit(2);
  }
  const db = await openDatabase({ ...loadConfig(), dbPoolMax: 1 });
  try {
    // No relay runs in this process: the servers' relays learn of the event by NOTIFY or poll.
    const records = new RecordWriter(db.pool, new CommitSignal());
    const { withholdingEventId } = await withholdEvents(records, { events, reason, note });
    console.log(
      `Withheld the public parts of event${events.length > 1 ? 's' : ''} ${events.join(', ')} ` +
        `(${reason}), recorded as event ${withholdingEventId}.`,
    );
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(
    `record:withhold failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
