import { readFileSync } from 'node:fs';
import { useSha256 } from '../../shared/audit/sha256.js';
import { NATIVE_SHA256 } from '../audit/native-sha256.js';
import { AuditClient, FetchProblem } from './verify/audit-client.js';
import { readCliArgs } from './cli-args.js';
import { readSavedHead, writeSavedHead } from './verify/saved-head.js';
import { verifyRecord } from './verify/verify-record.js';

const USAGE = `Usage: npm run verify -- --url <server> [--head saved-head.json] [--key <public key>] [--save-head <file>] [--parallel <pages>]

Downloads a server's public record and checks it without trusting the server: every event's
hashes and the chain, the Merkle root and the Ed25519 signature of the server's head, and,
given a head saved earlier (--head), that today's record extends it.
  --key        the public key to hold the server to: base64 of the raw key, or a file
               (PEM, or the JSON of /.well-known/openbeat-audit-key)
  --save-head  write the checked head to this file, to check against later
  --parallel   pages of 1,000 events downloaded ahead (default 4)
Exit status: 0 the record verifies; 1 it does not (the first break is printed);
2 wrong arguments; 3 the server could not be read.`;

function keyArgument(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let text = value;
  try {
    text = readFileSync(value, 'utf8');
  } catch {
    return value;
  }
  if (text.trim().startsWith('{')) return (JSON.parse(text) as { publicKey: string }).publicKey;
  return text;
}

async function main(): Promise<number> {
  useSha256(NATIVE_SHA256);
  const { values } = readCliArgs(USAGE, {
    url: { type: 'string' },
    head: { type: 'string' },
    key: { type: 'string' },
    'save-head': { type: 'string' },
    parallel: { type: 'string' },
  });
  const url = typeof values.url === 'string' ? values.url : undefined;
  const parallel = Number(values.parallel ?? 4);
  if (!url || !Number.isInteger(parallel) || parallel < 1) {
    console.error(USAGE);
    return 2;
  }
  const saved = typeof values.head === 'string' ? await readSavedHead(values.head) : undefined;
  const started = performance.now();
  const outcome = await verifyRecord(new AuditClient(new URL(url)), {
    pinnedKey: keyArgument(typeof values.key === 'string' ? values.key : undefined),
    saved,
    parallel,
  });
  if (!outcome.ok) {
    const where = outcome.problem.id === null ? '' : ` at event ${outcome.problem.id}`;
    console.log(`BROKEN${where}: ${outcome.problem.what}`);
    return 1;
  }
  const { head, counts } = outcome;
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `OK: ${counts.events} events verified (${counts.withheld} withheld, ${counts.erased} erased) in ${seconds} s`,
  );
  console.log(
    `head: treeSize ${head.treeSize}, rootHash ${head.rootHash}, signed ${head.timestamp} by key ${outcome.keyId}`,
  );
  if (saved)
    console.log(`it extends the saved head of ${saved.treeSize} events (${saved.timestamp})`);
  const saveTo = values['save-head'];
  if (typeof saveTo === 'string') {
    await writeSavedHead(saveTo, head, outcome.frontier);
    console.log(`saved the head to ${saveTo}`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof FetchProblem ? 3 : 1;
  },
);
