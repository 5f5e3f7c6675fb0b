import type { MapFeature, SourceDiff } from './incident-store.js';

/** A map source the incident feed keeps current (F: the source's features). */
export interface SourceSink<F extends { id: number } = MapFeature> {
  /** Everything at once: on attach and after a large change. */
  replace(features: F[]): void;
  apply(diff: SourceDiff<F>): void;
}
