/**
 * Counts exports in flight. Each holds a pool connection for as long as its reader takes, so
 * without a bound a few slow downloads would starve every other request of connections.
 */
export function exportSlots(max: number): { take(): (() => void) | null } {
  let inUse = 0;
  return {
    take() {
      if (inUse >= max) return null;
      inUse += 1;
      let given = true;
      return () => {
        if (!given) return;
        given = false;
        inUse -= 1;
      };
    },
  };
}
