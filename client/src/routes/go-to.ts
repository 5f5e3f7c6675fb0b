/**
 * Opens another of the client's pages from code (after signing in, say), as a click on a link
 * would: the router (history-router.ts) follows `popstate`, so it hears of the new address.
 */
export function goTo(url: string): void {
  history.pushState(null, '', url);
  dispatchEvent(new PopStateEvent('popstate'));
}

/**
 * The current page, as `?next=` takes it: where to come back to after signing in (with the
 * hash, where the live map keeps its view).
 */
export function currentPage(): string {
  return `${location.pathname}${location.search}${location.hash}`;
}

/** The sign-in page, coming back here after it. */
export function signInPage(signInPath: string): string {
  return `${signInPath}?next=${encodeURIComponent(currentPage())}`;
}
