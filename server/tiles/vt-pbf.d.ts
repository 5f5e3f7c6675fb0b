// vt-pbf 3 ships no types; this declares the one function Openbeat uses.
declare module 'vt-pbf' {
  /** A point feature in geojson-vt's tile format: tile-local integer coordinates. */
  export interface GeojsonVtPointFeature {
    type: 1;
    geometry: [number, number][];
    tags: Record<string, string | number | boolean>;
    id?: number;
  }

  export interface GeojsonVtLayer {
    features: GeojsonVtPointFeature[];
  }

  /** Encodes layers (name → features) as a Mapbox Vector Tile. */
  export function fromGeojsonVt(
    layers: Record<string, GeojsonVtLayer>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;

  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
