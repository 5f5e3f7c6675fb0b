import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { runRetention } from '../erasure/retention.service.js';
import { CommitSignal } from '../record/commit-signal.js';
import { RecordWriter } from '../record/record-writer.js';
import { readCliArgs } from './cli-args.js';

const USAGE = `usage: npm run retention:run [-- --days <n>]

Erases, now, the personal data past the retention period: the exact places, texts as written and
reporters of observations, and tips to appeals, older than OBSERVATION_RETENTION_DAYS (default
90) or --days. Public fields stay; the erasures are events of the public record, whose chain
still verifies. Every server also does this at start and then hourly.
With the embedded database, stop the server first (DATABASE_URL works while servers run).`;

async function main() {
  const { values } = readCliArgs(USAGE, { days: { type: 'string' } });
  const config = loadConfig();
  const days = values.days === undefined ? config.observationRetentionDays : Number(values.days);
  if (!Number.isInteger(days) || days < 1) {
    console.error(USAGE);
    process.exit(2);
  }
  const db = await openDatabase({ ...config, dbPoolMax: 1 });
  try {
    // No relay runs in this process: the servers' relays learn of the events by NOTIFY or poll.
    const records = new RecordWriter(db.pool, new CommitSignal());
    const report = await runRetention(records, { retentionDays: days });
    if (!report.ran) {
      console.log('Another process is running retention now; nothing done here.');
      return;
    }
    console.log(
      `Retention (${days} days): erased ${report.observations} observations ` +
        `(${report.erasedEvents} private event parts) and ${report.tips} tips.`,
    );
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(`retention:run failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
