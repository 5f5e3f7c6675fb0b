import { describe, expect, it } from 'vitest';
import { HistoryRouter, type RouterWindow } from '../../client/src/routes/history-router.js';
import {
  clientNavigationTarget,
  type ClickLike,
  type LinkLike,
} from '../../client/src/routes/link-navigation.js';

const ORIGIN = 'https://openbeat.example';
const PLAIN_CLICK: ClickLike = {
  button: 0,
  defaultPrevented: false,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
};

/** A link as the browser gives it: its href resolved against the page it is on. */
function link(
  href: string,
  attributes: { target?: string; download?: boolean; on?: string } = {},
): LinkLike {
  return {
    href: new URL(href, new URL(attributes.on ?? '/', ORIGIN)).href,
    target: attributes.target ?? '',
    hasAttribute: (name) => name === 'download' && attributes.download === true,
  };
}

const at = (path: string) => new URL(path, ORIGIN);

describe('which link clicks the client handles itself', () => {
  it("takes a plain click on a link to another of the client's pages, query and hash kept", () => {
    const from = at('/no/such/page');
    expect(clientNavigationTarget(PLAIN_CLICK, link('/'), from)).toBe('/');
    expect(clientNavigationTarget(PLAIN_CLICK, link('/?lang=de#12/49.28/-123.12'), from)).toBe(
      '/?lang=de#12/49.28/-123.12',
    );
  });

  it('leaves new tabs, other buttons and clicks a handler took to the browser', () => {
    const from = at('/no/such/page');
    for (const click of [
      { ...PLAIN_CLICK, metaKey: true },
      { ...PLAIN_CLICK, ctrlKey: true },
      { ...PLAIN_CLICK, shiftKey: true },
      { ...PLAIN_CLICK, altKey: true },
      { ...PLAIN_CLICK, button: 1 },
      { ...PLAIN_CLICK, defaultPrevented: true },
    ]) {
      expect(clientNavigationTarget(click, link('/'), from)).toBeNull();
    }
    expect(clientNavigationTarget(PLAIN_CLICK, link('/', { target: '_blank' }), from)).toBeNull();
    expect(clientNavigationTarget(PLAIN_CLICK, link('/', { target: '_self' }), from)).toBe('/');
    expect(clientNavigationTarget(PLAIN_CLICK, link('/', { download: true }), from)).toBeNull();
    expect(clientNavigationTarget(PLAIN_CLICK, null, from)).toBeNull();
  });

  it('leaves other sites, files, unknown pages and jumps within the page to the browser', () => {
    const from = at('/no/such/page');
    for (const href of [
      'https://elsewhere.example/',
      '/privacy.html',
      '/docs',
      '/another/unknown/page',
      '#main',
      '/no/such/page?lang=de',
    ]) {
      const clicked = link(href, { on: from.pathname });
      expect(clientNavigationTarget(PLAIN_CLICK, clicked, from), href).toBeNull();
    }
    expect(clientNavigationTarget(PLAIN_CLICK, link('#incident-list'), at('/'))).toBeNull();
  });
});

/** A window with an address and a history, and the listeners the router adds. */
function fakeWindow(path: string) {
  const listeners = {
    popstate: new Set<(event: Event) => void>(),
    click: new Set<(event: Event) => void>(),
  };
  const entries = [new URL(path, ORIGIN)];
  let index = 0;
  const window: RouterWindow = {
    location: {
      get href() {
        return entries[index]?.href ?? '';
      },
      get pathname() {
        return entries[index]?.pathname ?? '';
      },
    },
    history: {
      pushState(_data, _unused, url) {
        entries.splice(index + 1, Infinity, new URL(url, entries[index]));
        index += 1;
      },
    },
    addEventListener: (type, listener) => listeners[type].add(listener),
    removeEventListener: (type, listener) => listeners[type].delete(listener),
  };
  return {
    window,
    listeners,
    back() {
      index -= 1;
      for (const listener of listeners.popstate) listener(new Event('popstate'));
    },
    click(target: LinkLike) {
      let prevented = false;
      const event = {
        ...PLAIN_CLICK,
        target: { closest: () => target },
        preventDefault: () => (prevented = true),
      } as unknown as Event;
      for (const listener of listeners.click) listener(event);
      return prevented;
    },
  };
}

describe('the history router', () => {
  it('follows navigate, link clicks and back, and tells each new path', () => {
    const browser = fakeWindow('/no/such/page');
    const paths: string[] = [];
    const router = new HistoryRouter(browser.window, (path) => paths.push(path));
    expect(router.pathname).toBe('/no/such/page');
    const stop = router.start();

    expect(browser.click(link('/?lang=de'))).toBe(true);
    expect(browser.window.location.href).toBe(`${ORIGIN}/?lang=de`);
    expect(browser.click(link('/privacy.html'))).toBe(false);
    browser.back();
    router.navigate('/#3/10/20');
    expect(paths).toEqual(['/', '/no/such/page', '/']);
    expect(browser.window.location.href).toBe(`${ORIGIN}/#3/10/20`);

    stop();
    expect(browser.listeners.popstate.size).toBe(0);
    expect(browser.listeners.click.size).toBe(0);
  });
});
