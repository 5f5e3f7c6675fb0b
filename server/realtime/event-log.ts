import type pg from 'pg';
import type { StreamEvent } from '../../shared/realtime/protocol.js';
import { readChainHead, readEventsForRelay } from '../audit/events.service.js';
import type { Retraction } from '../record/events.js';

/** A feature as a streamed layer's event parts carry it. */
export type LayerFeature = Exclude<StreamEvent, { type: 'removed' }>['feature'];

/** An events row as the relay reads it. */
export interface RelayRow {
  id: number;
  type: string;
  entity_type: string;
  entity_id: string;
  /** Empty once withheld. */
  public: { feature?: LayerFeature };
  /** Empty unless asked for. */
  private: { feature?: LayerFeature };
  retracts: Retraction | null;
}

export interface EventRange {
  after: number;
  upTo: number;
  limit: number;
  /** Read the private parts too (only while an audience that sees them listens). */
  withPrivate: boolean;
}

/** The committed events, in id order: ids are handed out under the chain lock. */
export interface EventLog {
  /** The last event id there is. */
  head(): Promise<number>;
  read(range: EventRange): Promise<RelayRow[]>;
}

export function databaseEventLog(pool: pg.Pool): EventLog {
  return {
    head: async () => (await readChainHead(pool)).id,
    read: (range) => readEventsForRelay<RelayRow>(pool, range),
  };
}
