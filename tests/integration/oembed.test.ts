import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBED_DEFAULT_SIZE } from '../../shared/embed/embed-params.js';
import { ErrorSchema } from '../../shared/schemas/common.js';
import { OEmbedRichSchema, type OEmbedRich } from '../../shared/schemas/oembed.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * GET /oembed against oEmbed 1.0 (https://oembed.com): §2.3.4's fields for type rich, §2.2's
 * maxwidth/maxheight, §2.3.5's 404 and 501, and §4's discovery link on the embed pages.
 * app.inject() comes as Host localhost:80, so this server's own URLs are http://localhost/….
 */

const DIST = fileURLToPath(new URL('../fixtures/embed-pages', import.meta.url));
const OWN = 'http://localhost';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clientDistDir: path.resolve(DIST) });
});
afterAll(async () => {
  await t.close();
});

function oembed(query: Record<string, string>) {
  return t.app.inject({ method: 'GET', url: `/oembed?${new URLSearchParams(query).toString()}` });
}

async function answerFor(url: string, extra: Record<string, string> = {}): Promise<OEmbedRich> {
  const response = await oembed({ url, ...extra });
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = response.json<OEmbedRich>();
  expect(Value.Check(OEmbedRichSchema, body), response.body).toBe(true);
  return body;
}

/** The iframe's attributes, read back from the html (one element, nothing else). */
function iframeOf(html: string): Record<string, string> {
  expect(html).toMatch(/^<iframe [^<>]*><\/iframe>$/);
  const attributes: Record<string, string> = {};
  for (const match of html.matchAll(/ ([a-z-]+)="([^"]*)"/g)) {
    attributes[match[1] ?? ''] = (match[2] ?? '')
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return attributes;
}

describe('a rich answer (oEmbed 1.0 §2.3.4)', () => {
  it('for a map embed: the iframe at the default size, with a title and lazy loading', async () => {
    const body = await answerFor(`${OWN}/embed?district=Central&layers=incidents,observations`);
    expect(body).toMatchObject({
      version: '1.0',
      type: 'rich',
      provider_name: 'Openbeat',
      provider_url: `${OWN}/`,
      width: EMBED_DEFAULT_SIZE.map.width,
      height: EMBED_DEFAULT_SIZE.map.height,
      title: 'Openbeat: live map of Central',
    });
    expect(body.cache_age).toBeGreaterThan(0);
    expect(iframeOf(body.html)).toEqual({
      src: `${OWN}/embed?district=Central&layers=incidents%2Cobservations`,
      title: body.title,
      loading: 'lazy',
      width: String(body.width),
      height: String(body.height),
      style: 'border:0',
    });
  });

  it('for a stats embed, in German when the embed is', async () => {
    const body = await answerFor(`${OWN}/embed/stats?district=Central&period=week&lang=de`);
    expect(body.width).toBe(EMBED_DEFAULT_SIZE.stats.width);
    expect(body.height).toBe(EMBED_DEFAULT_SIZE.stats.height);
    expect(body.title).toBe('Openbeat: Rechenschaft für Central');
    expect(iframeOf(body.html).src).toBe(`${OWN}/embed/stats?district=Central&period=week&lang=de`);
  });

  it('escapes what the link carries into the html', async () => {
    const body = await answerFor(`${OWN}/embed/stats?district=${encodeURIComponent('"><script>')}`);
    expect(body.html).not.toContain('<script');
    expect(body.html.match(/</g)).toHaveLength(2); // <iframe …></iframe>, nothing else
    expect(iframeOf(body.html).title).toBe('Openbeat: accountability of "><script>');
  });

  it('for the live map’s own link: the map embed of its filters and camera', async () => {
    const body = await answerFor(`${OWN}/?categories=theft&window=7d&incident=x#14/41.88/-87.63`);
    const src = new URL(iframeOf(body.html).src ?? '');
    expect(src.pathname).toBe('/embed');
    expect(src.searchParams.get('categories')).toBe('theft');
    expect(src.searchParams.get('window')).toBe('7d');
    expect(src.searchParams.has('incident')).toBe(false);
    const [west, south, east, north] = (src.searchParams.get('bbox') ?? '').split(',').map(Number);
    // 640 × 480 px around the camera at zoom 14 (512 px tiles): about 0.027° × 0.015° there.
    expect(west).toBeLessThan(-87.63);
    expect(east).toBeGreaterThan(-87.63);
    expect((east ?? 0) - (west ?? 0)).toBeCloseTo(0.0275, 3);
    expect(south).toBeLessThan(41.88);
    expect(north).toBeGreaterThan(41.88);
  });

  it('for a district’s accountability link: the stats embed', async () => {
    const body = await answerFor(`${OWN}/accountability?district=Central&period=quarter&metric=x`);
    expect(iframeOf(body.html).src).toBe(`${OWN}/embed/stats?district=Central&period=quarter`);
  });
});

describe('maxwidth and maxheight (§2.2): scaled down, aspect kept, never exceeded', () => {
  const map = EMBED_DEFAULT_SIZE.map;
  it.each([
    [{ maxwidth: '320' }, 320, 240],
    [{ maxheight: '120' }, 160, 120],
    [{ maxwidth: '400', maxheight: '150' }, 200, 150],
    [{ maxwidth: '5000', maxheight: '5000' }, map.width, map.height],
    [{ maxwidth: '1' }, 1, 1],
  ])('%j → %i × %i', async (limits, width, height) => {
    const body = await answerFor(`${OWN}/embed`, limits);
    expect([body.width, body.height]).toEqual([width, height]);
    const iframe = iframeOf(body.html);
    expect([iframe.width, iframe.height]).toEqual([String(width), String(height)]);
  });

  it.each(['abc', '0', '-5', '1.5', '', '1e9'])(
    'maxwidth=%j is 400 in the error shape',
    async (bad) => {
      const response = await oembed({ url: `${OWN}/embed`, maxwidth: bad });
      expect(response.statusCode).toBe(400);
      expect(Value.Check(ErrorSchema, response.json())).toBe(true);
    },
  );

  it('maxheight=x is 400 as well', async () => {
    const response = await oembed({ url: `${OWN}/embed`, maxheight: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
  });
});

describe('what has no answer', () => {
  it.each([
    ['another site', 'https://news.example/embed'],
    ['this host on another port', 'http://localhost:8080/embed'],
    ['a look-alike host', 'http://localhost.evil.example/embed'],
    ['a page that is not an embed', `${OWN}/api/v1/incidents`],
    ['the moderation page', `${OWN}/moderation`],
    ['an unknown embed parameter', `${OWN}/embed?zoom=3`],
    ['an invalid layer', `${OWN}/embed?layers=secrets`],
    ['an invalid bbox', `${OWN}/embed?bbox=1,2,3`],
    ['stats without a district', `${OWN}/embed/stats`],
    ['accountability without a district', `${OWN}/accountability`],
    ['the live map with a bad category', `${OWN}/?categories=nope`],
    ['not a URL', 'embed?district=Central'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['credentials in the URL', 'http://user:pw@localhost/embed'],
  ])('%s is 404', async (_what, url) => {
    const response = await oembed({ url, format: 'json' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'not_found' });
  });

  it('a format other than json is 501 (§2.3.5)', async () => {
    for (const format of ['xml', 'jsonp']) {
      const response = await oembed({ url: `${OWN}/embed`, format });
      expect(response.statusCode).toBe(501);
      expect(Value.Check(ErrorSchema, response.json())).toBe(true);
      expect(response.json()).toMatchObject({ error: 'not_implemented' });
    }
  });

  it('no url is 400', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/oembed?format=json' });
    expect(response.statusCode).toBe(400);
  });
});

describe('discovery (§4)', () => {
  it.each([
    ['/embed?district=Central&theme=dark', 'map'],
    ['/embed/stats?district=Central', 'stats'],
  ] as const)('%s links its oEmbed answer, which round-trips', async (page, kind) => {
    const response = await t.app.inject({ method: 'GET', url: page });
    expect(response.statusCode).toBe(200);
    const link = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"[^>]*>/.exec(
      response.body,
    );
    expect(link, 'the discovery link').not.toBeNull();
    const href = new URL((link?.[1] ?? '').replace(/&amp;/g, '&'));
    expect(href.origin).toBe(OWN);
    expect(new URL(href.searchParams.get('url') ?? '').href).toBe(new URL(page, OWN).href);
    const answer = await t.app.inject({ method: 'GET', url: `${href.pathname}${href.search}` });
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json<OEmbedRich>();
    expect(Value.Check(OEmbedRichSchema, body)).toBe(true);
    expect(body.width).toBe(EMBED_DEFAULT_SIZE[kind].width);
    expect(new URL(iframeOf(body.html).src ?? '').pathname).toBe(new URL(page, OWN).pathname);
  });
});
