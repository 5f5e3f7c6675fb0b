import { clientRouteAt } from '../../../shared/client-routes.js';

/** What of a click decides whether the page may handle it instead of the browser. */
export interface ClickLike {
  button: number;
  defaultPrevented: boolean;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface LinkLike {
  href: string;
  target: string;
  hasAttribute(name: string): boolean;
}

/**
 * Where a click on a link goes, when the client can show it without loading the page again: a
 * plain click on a link to another of the client's pages. Everything else (a new tab, a
 * download, another site, a file such as the privacy page, a jump within the page) is left to
 * the browser.
 */
export function clientNavigationTarget(
  click: ClickLike,
  link: LinkLike | null,
  current: URL,
): string | null {
  if (!link || click.defaultPrevented || click.button !== 0) return null;
  if (click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return null;
  if ((link.target !== '' && link.target !== '_self') || link.hasAttribute('download')) {
    return null;
  }
  const to = new URL(link.href, current);
  if (to.origin !== current.origin || to.pathname === current.pathname) return null;
  if (clientRouteAt(to.pathname) === null) return null;
  return `${to.pathname}${to.search}${to.hash}`;
}
