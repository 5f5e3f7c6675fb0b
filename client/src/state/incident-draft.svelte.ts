import type { LonLat } from '../../../shared/schemas/common.js';

/** Six decimals (~0.1 m): as precise as a dispatcher can place anything. */
const round = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * Where the dispatcher's new incident goes: picked on the map (after asking to), dragged there,
 * the map's centre, or typed in (`place` set as typed).
 */
export class IncidentDraft {
  /** Waiting for a click on the map. */
  placing = $state(false);
  place = $state<LonLat | null>(null);

  togglePlacing(): void {
    this.placing = !this.placing;
  }

  /** A place picked on the map: placing ends. */
  pick(lon: number, lat: number): void {
    this.placing = false;
    this.place = { lon: round(lon), lat: round(lat) };
  }

  /** The place's marker dragged: placing, if asked for, still waits for its click. */
  moveTo(lon: number, lat: number): void {
    this.place = { lon: round(lon), lat: round(lat) };
  }
}
