import { clientNavigationTarget, type ClickLike, type LinkLike } from './link-navigation.js';

/** The parts of `window` the router uses. */
export interface RouterWindow {
  location: { href: string; pathname: string };
  history: { pushState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'popstate' | 'click', listener: (event: Event) => void): void;
  removeEventListener(type: 'popstate' | 'click', listener: (event: Event) => void): void;
}

function linkOf(target: EventTarget | null): LinkLike | null {
  const element = target as { closest?: (selector: string) => LinkLike | null } | null;
  return element?.closest?.('a[href]') ?? null;
}

/**
 * Routing by path with the History API: MapLibre keeps the camera in the hash, so the hash
 * cannot carry the route. Tells `onpath` the path whenever it changes: a click on a link to
 * another of the client's pages, `navigate`, or back and forward.
 */
export class HistoryRouter {
  readonly #window: RouterWindow;
  readonly #onpath: (pathname: string) => void;

  constructor(window: RouterWindow, onpath: (pathname: string) => void) {
    this.#window = window;
    this.#onpath = onpath;
  }

  get pathname(): string {
    return this.#window.location.pathname;
  }

  /** Starts listening; returns the function that stops. */
  start(): () => void {
    const onPopState = () => {
      this.#onpath(this.#window.location.pathname);
    };
    const onClick = (event: Event) => {
      const target = clientNavigationTarget(
        event as unknown as ClickLike,
        linkOf(event.target),
        new URL(this.#window.location.href),
      );
      if (target === null) return;
      event.preventDefault();
      this.navigate(target);
    };
    this.#window.addEventListener('popstate', onPopState);
    this.#window.addEventListener('click', onClick);
    return () => {
      this.#window.removeEventListener('popstate', onPopState);
      this.#window.removeEventListener('click', onClick);
    };
  }

  /** Opens another page of the client (a path, with its query and hash if any). */
  navigate(url: string): void {
    this.#window.history.pushState(null, '', url);
    this.#onpath(this.#window.location.pathname);
  }
}
