import cliProgress from 'cli-progress';

export interface Progress {
  bytes(count: number): void;
  rows(read: number): void;
  stop(): void;
}

const SILENT: Progress = { bytes: () => undefined, rows: () => undefined, stop: () => undefined };

/**
 * A progress bar on stderr when it is a terminal, nothing otherwise: rows/s, and a percentage
 * and ETA from the bytes read when the input's size is known (a file, not stdin).
 */
export function createProgress(totalBytes: number | undefined, stream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const started = Date.now();
  let read = 0;
  let rowsRead = 0;
  const known = totalBytes !== undefined && totalBytes > 0;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: known
        ? '{bar} {percentage}% | {rowsRead} rows | {rate} rows/s | ETA {eta_formatted}'
        : '{rowsRead} rows | {rate} rows/s',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(known ? totalBytes : 1, 0, { rowsRead: 0, rate: 0 });
  const payload = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return { rowsRead, rate: Math.round(rowsRead / seconds) };
  };
  return {
    bytes(count) {
      read += count;
      if (known) bar.update(Math.min(read, totalBytes), payload());
    },
    rows(value) {
      rowsRead = value;
      bar.update(known ? Math.min(read, totalBytes) : 0, payload());
    },
    stop() {
      bar.stop();
    },
  };
}
