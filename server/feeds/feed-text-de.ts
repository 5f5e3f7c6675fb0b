import { CATEGORY_LABELS_DE } from '../../shared/category-labels-de.js';
import type { FeedText } from './feed-text.js';

export const FEED_TEXT_DE: FeedText = {
  feedTitle: 'Openbeat: neue Vorfälle und Statusänderungen',
  feedSubtitle: (area) => `Öffentliche Vorfälle in ${area}, die neuesten zuerst`,
  everywhere: 'der ganzen Karte',
  categories: CATEGORY_LABELS_DE,
  statuses: {
    open: 'Offen',
    responding: 'Polizei im Einsatz',
    resolved: 'Erledigt',
    unfounded: 'Unbegründet',
  },
  createdTitle: (category, status) => `Neuer Vorfall: ${category} (${status})`,
  statusTitle: (category, status) => `${category} – Status: ${status}`,
  category: 'Kategorie',
  status: 'Status',
  time: 'Zeit',
  place: 'Ungefährer Ort',
  approximate: (metres) => `im Umkreis von etwa ${metres} m um diesen Punkt`,
  summary: 'Zusammenfassung',
  openMap: 'Auf der Karte öffnen',
};
