import type { MapEmbedParams } from '../../../shared/embed/embed-params.js';
import { EmbedAnnouncer } from './embed-announcer.js';
import { EmbedFooter } from './embed-footer.js';
import { EmbedTable } from './embed-table.js';
import type { EmbedText } from './embed-text.js';

/** The embed's page without the app's chrome: the map, the line under it, the table. */
export interface EmbedPage {
  root: HTMLElement;
  mapContainer: HTMLElement;
  text: EmbedText;
  footer: EmbedFooter;
  table: EmbedTable;
  announcer: EmbedAnnouncer;
}

export function buildEmbedPage(
  root: HTMLElement,
  params: MapEmbedParams,
  text: EmbedText,
): EmbedPage {
  const main = document.createElement('main');
  main.className = 'embed-main';
  const heading = document.createElement('h1');
  heading.className = 'visually-hidden';
  heading.textContent = text.t('embed.title');
  const mapContainer = document.createElement('div');
  mapContainer.className = 'embed-map';
  mapContainer.dataset.testid = 'embed-map';
  const page: EmbedPage = {
    root,
    mapContainer,
    text,
    footer: new EmbedFooter(text, params),
    table: new EmbedTable(text),
    announcer: new EmbedAnnouncer(text),
  };
  main.append(
    heading,
    mapContainer,
    page.footer.element,
    page.table.element,
    page.announcer.element,
  );
  root.replaceChildren(main);
  return page;
}
