import { layers, namedFlavor, type Flavor } from '@protomaps/basemaps';
import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { PMTiles, type Protocol } from 'pmtiles';
import { FONT_MEDIUM, FONT_REGULAR, GLYPHS_URL } from './map-fonts.js';
import { forSchema2023, isSchema2023 } from './protomaps-2023.js';

const SOURCE = 'protomaps';
const ATTRIBUTION =
  '<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap contributors</a>, ' +
  '<a href="https://protomaps.com">Protomaps</a>';

/** Protomaps' light flavour, its text in the bundled fonts (there is no italic: regular). */
function lightFlavor(): Flavor {
  const [regular, medium] = [FONT_REGULAR[0], FONT_MEDIUM[0]];
  // No POI icons: they need a sprite, which would be another file to ship or another host.
  return { ...namedFlavor('light'), regular, bold: medium, italic: regular, pois: undefined };
}

/**
 * No sprite: a layer drawing only icons (one-way arrows) goes, and a layer with text and icon
 * (road shields, town dots) keeps its text.
 */
function withoutIcons(style: LayerSpecification[]): LayerSpecification[] {
  return style.flatMap((layer) => {
    const layout = (layer as { layout?: Record<string, unknown> }).layout;
    if (!layout || !('icon-image' in layout)) return [layer];
    if (!('text-field' in layout)) return [];
    const textOnly = Object.fromEntries(
      Object.entries(layout).filter(([name]) => !name.startsWith('icon-')),
    );
    return [{ ...layer, layout: textOnly }];
  });
}

/**
 * The @protomaps/basemaps light style over the PMTiles archive at `archiveUrl` (absolute), with
 * labels in `lang`; an archive of the 2023 schema gets the style adapted to its names.
 */
export async function pmtilesStyle(
  protocol: Protocol,
  archiveUrl: string,
  lang: string,
): Promise<StyleSpecification> {
  const archive = protocol.get(archiveUrl) ?? new PMTiles(archiveUrl);
  protocol.add(archive);
  const metadata = await archive.getMetadata();
  const current = layers(SOURCE, lightFlavor(), { lang });
  const styled = withoutIcons(isSchema2023(metadata) ? forSchema2023(current) : current);
  return {
    version: 8,
    glyphs: `${location.origin}${GLYPHS_URL}`,
    sources: {
      [SOURCE]: { type: 'vector', url: `pmtiles://${archiveUrl}`, attribution: ATTRIBUTION },
    },
    layers: styled,
  };
}
