import type { EmbedRow } from './embed-store.js';
import type { EmbedText } from './embed-text.js';

/** The table shows at most this many rows, the newest: its caption says so. */
export const MAX_TABLE_ROWS = 200;

function cell(tag: 'td' | 'th', content: string): HTMLTableCellElement {
  const node = document.createElement(tag);
  node.textContent = content;
  if (tag === 'th') node.scope = 'col';
  return node;
}

/**
 * The accessible table of what the map shows (WCAG 1.1.1: the map's content as text): kind,
 * category, status, time and approximate place, newest first, behind a labelled toggle.
 */
export class EmbedTable {
  readonly element: HTMLDetailsElement;
  readonly #caption: HTMLTableCaptionElement;
  readonly #body: HTMLTableSectionElement;
  readonly #text: EmbedText;

  constructor(text: EmbedText) {
    this.#text = text;
    this.element = document.createElement('details');
    this.element.className = 'embed-table';
    const summary = document.createElement('summary');
    summary.textContent = text.t('embed.table.toggle');
    const table = document.createElement('table');
    table.dataset.testid = 'embed-table';
    this.#caption = table.createCaption();
    const head = table.createTHead().insertRow();
    for (const key of [
      'embed.table.kind',
      'embed.table.category',
      'embed.table.status',
      'embed.table.time',
      'embed.table.place',
    ] as const) {
      head.append(cell('th', text.t(key)));
    }
    this.#body = table.createTBody();
    this.element.append(summary, table);
  }

  show(rows: readonly EmbedRow[]): void {
    const t = this.#text;
    const shown = rows.slice(0, MAX_TABLE_ROWS);
    this.#caption.textContent =
      rows.length > shown.length
        ? t.t('embed.table.capped', { shown: shown.length, count: rows.length })
        : t.t('embed.table.caption', { count: rows.length });
    if (shown.length === 0) {
      const empty = cell('td', t.t('embed.table.empty'));
      empty.colSpan = 5;
      const row = document.createElement('tr');
      row.append(empty);
      this.#body.replaceChildren(row);
      return;
    }
    this.#body.replaceChildren(
      ...shown.map((row) => {
        const tr = document.createElement('tr');
        tr.dataset.id = row.id;
        tr.dataset.layer = row.layer;
        const time = document.createElement('time');
        time.dateTime = new Date(row.timeMs).toISOString();
        time.textContent = t.time(row.timeMs);
        const timeCell = document.createElement('td');
        timeCell.append(time);
        tr.append(
          cell(
            'td',
            t.t(row.layer === 'incidents' ? 'embed.kind.incident' : 'embed.kind.observation'),
          ),
          cell('td', t.category(row.layer, row.category)),
          cell('td', t.status(row.layer, row.status)),
          timeCell,
          cell('td', row.place ?? t.t('embed.placeUnknown')),
        );
        return tr;
      }),
    );
  }
}
