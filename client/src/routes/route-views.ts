import type { Component } from 'svelte';
import type { ClientRouteId } from '../../../shared/client-routes.js';
import type { MessageKey } from '../i18n/translate.js';
import type { ViewProps } from '../views/view-props.js';

export interface RouteView {
  /** The page's title (the browser tab, the history list). */
  titleKey: MessageKey;
  load: () => Promise<{ default: Component<ViewProps> }>;
}

/** Each route's view, loaded when first opened: a page does not download another's code. */
export const ROUTE_VIEWS: Record<ClientRouteId, RouteView> = {
  liveMap: { titleKey: 'app.title', load: () => import('../views/LiveMapView.svelte') },
  report: { titleKey: 'report.title', load: () => import('../views/ReportView.svelte') },
  myReports: { titleKey: 'myReports.title', load: () => import('../views/MyReportsView.svelte') },
  moderation: {
    titleKey: 'moderation.title',
    load: () => import('../views/ModerationView.svelte'),
  },
  moderationLog: {
    titleKey: 'moderationLog.title',
    load: () => import('../views/ModerationLogView.svelte'),
  },
  signIn: { titleKey: 'account.signInTitle', load: () => import('../views/SignInView.svelte') },
  signUp: { titleKey: 'account.signUpTitle', load: () => import('../views/SignUpView.svelte') },
  account: { titleKey: 'account.title', load: () => import('../views/AccountView.svelte') },
  setup: { titleKey: 'setup.title', load: () => import('../views/SetupView.svelte') },
  admin: { titleKey: 'admin.title', load: () => import('../views/AdminView.svelte') },
  accountability: {
    titleKey: 'acc.title',
    load: () => import('../views/AccountabilityView.svelte'),
  },
  accountabilityMethod: {
    titleKey: 'acc.method.title',
    load: () => import('../views/AccountabilityMethodView.svelte'),
  },
  embedBuilder: { titleKey: 'eb.title', load: () => import('../views/EmbedBuilderView.svelte') },
  alerts: { titleKey: 'alerts.title', load: () => import('../views/AlertsView.svelte') },
};

export const NOT_FOUND_TITLE_KEY: MessageKey = 'notFound.title';
