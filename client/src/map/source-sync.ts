import type { GeoJSONSource } from 'maplibre-gl';
import type { MapFeature, SourceDiff } from '../state/incident-store.js';
import type { SourceSink } from '../state/source-sink.js';

/**
 * Above this share of the source changing at once, one setData is cheaper than a diff (a
 * snapshot after a long pan replaces almost everything).
 */
const REPLACE_SHARE = 0.5;

export function diffSize(diff: SourceDiff<{ id: number }>): number {
  return diff.add.length + diff.remove.length;
}

/** A GeoJSON Feature with the numeric id that updateData and feature-state need. */
type GeoJsonFeature = GeoJSON.Feature & { id: number };

/** A GeoJSON source as a sink: MapLibre's updateData for small changes, setData for big ones. */
export function geojsonSink<F extends GeoJsonFeature = MapFeature>(
  source: () => GeoJSONSource | undefined,
  allFeatures: () => F[],
): SourceSink<F> {
  let size = 0;
  const replace = (features: F[]) => {
    size = features.length;
    void source()?.setData({ type: 'FeatureCollection', features });
  };
  return {
    replace,
    apply(diff) {
      if (diffSize(diff) === 0) return;
      if (diffSize(diff) > Math.max(50, size * REPLACE_SHARE)) {
        replace(allFeatures());
        return;
      }
      size += diff.add.length - diff.remove.length;
      void source()?.updateData({ remove: diff.remove, add: diff.add });
    },
  };
}
