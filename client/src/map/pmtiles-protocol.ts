import { addProtocol } from 'maplibre-gl';

/** A style URL of this scheme names a PMTiles archive: the style is made for it in the page. */
const STYLE_SCHEME = 'pmtiles-style';

let registered = false;

/**
 * Registers the `pmtiles` protocol (tiles read from the archive by byte ranges) and the
 * `pmtiles-style` one (the style made from the archive's metadata). Their code (pmtiles and
 * @protomaps/basemaps) loads on first use, so a page on another basemap never downloads it.
 */
function registerProtocols(): void {
  if (registered) return;
  registered = true;
  const loaded = (async () => {
    const [{ Protocol }, { pmtilesStyle }] = await Promise.all([
      import('pmtiles'),
      import('./pmtiles-style.js'),
    ]);
    return { protocol: new Protocol(), pmtilesStyle };
  })();
  addProtocol('pmtiles', async (params, abortController) => {
    const { protocol } = await loaded;
    return protocol.tile(params, abortController);
  });
  addProtocol(STYLE_SCHEME, async (params) => {
    const { protocol, pmtilesStyle } = await loaded;
    const url = new URL(params.url.replace(`${STYLE_SCHEME}://`, ''));
    const lang = url.searchParams.get('lang') ?? 'en';
    url.search = '';
    return { data: await pmtilesStyle(protocol, url.href, lang) };
  });
}

/** The style URL for the PMTiles archive this server serves at `archivePath`. */
export function pmtilesStyleUrl(archivePath: string, lang: string): string {
  registerProtocols();
  const archive = new URL(archivePath, location.origin);
  archive.searchParams.set('lang', lang);
  return `${STYLE_SCHEME}://${archive.href}`;
}
