import type { MapFeature, SourceDiff } from './incident-store.js';

/** A map source the incident feed keeps current. */
export interface SourceSink {
  /** Everything at once: on attach and after a large change. */
  replace(features: MapFeature[]): void;
  apply(diff: SourceDiff): void;
}
