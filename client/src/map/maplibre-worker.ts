import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// MapLibre 6 loads its worker from beside its own module; bundled, that file is elsewhere:
// point it at the copy Vite emits (same origin, so the CSP's worker-src 'self' allows it).
setWorkerUrl(workerUrl);
