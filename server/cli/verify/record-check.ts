import { verifyChain, GENESIS_HASH, type PublicEventRecord } from '../../../shared/audit/chain.js';
import { leafHashBytes, MerkleAccumulator } from '../../../shared/audit/merkle.js';

/** The first place where the record is not what it claims to be. */
export interface RecordBreak {
  /** The event where it breaks; null for a break of the whole (a signature, a key). */
  id: number | null;
  what: string;
}

/** What the record looked like at a saved head's size, to compare with the saved head. */
export interface Checkpoint {
  size: number;
  root: string;
  hash: string;
  frontier: string[];
}

/** Says what a gap or a step back in the ids means. */
function idProblem(expected: number, found: number): string {
  if (found > expected) {
    return `event ${expected} is missing: the record goes from event ${expected - 1} to ${found}`;
  }
  return `event ${found} appears out of order (again, or reordered) where event ${expected} belongs`;
}

function describe(reason: string, id: number): RecordBreak {
  const idMismatch = /^expected event (\d+), found (\d+)$/.exec(reason);
  if (idMismatch) {
    return {
      id: Number(idMismatch[1]),
      what: idProblem(Number(idMismatch[1]), Number(idMismatch[2])),
    };
  }
  if (reason.startsWith('prevHash')) {
    return { id, what: `prev link: its prevHash is not the hash of event ${id - 1} (${reason})` };
  }
  return { id, what: `content hash: ${reason}` };
}

/**
 * Checks the events 1..n fed to it in order, one page at a time, in O(log n) memory: every
 * hash and link (verifyChain), no id missing, extra or out of order, and the Merkle tree over
 * them, with the tree's state at `checkpointAt` (a saved head's size) kept for comparing.
 */
export class RecordCheck {
  private readonly tree = new MerkleAccumulator();
  private last = { id: 0, hash: GENESIS_HASH };
  counts = { events: 0, withheld: 0, erased: 0 };
  checkpoint: Checkpoint | null = null;

  constructor(private readonly checkpointAt: number | null) {}

  get lastId(): number {
    return this.last.id;
  }

  get lastHash(): string {
    return this.last.hash;
  }

  /** The first break in these events, or null when they continue the record cleanly. */
  feed(events: readonly PublicEventRecord[]): RecordBreak | null {
    const verdict = verifyChain(events, this.last);
    if (!verdict.ok) return describe(verdict.reason, verdict.id);
    for (const event of events) {
      this.tree.push(leafHashBytes(event.hash));
      if (event.v === 2 && event.erased) this.counts.erased += 1;
      if (this.tree.size === this.checkpointAt) {
        this.checkpoint = {
          size: this.tree.size,
          root: this.tree.root(),
          hash: event.hash,
          frontier: this.tree.frontier(),
        };
      }
    }
    this.counts.events += events.length;
    this.counts.withheld += verdict.withheld;
    this.last = { id: verdict.lastId, hash: verdict.lastHash };
    return null;
  }

  root(): string {
    return this.tree.root();
  }

  frontier(): string[] {
    return this.tree.frontier();
  }
}
