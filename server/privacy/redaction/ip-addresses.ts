import { isIPv6 } from 'node:net';
import { spansOf, type RedactionSpan } from './spans.js';

// Four dotted octets 0-255, zero-padded or not ("010" is how some logs print 10), not part of
// a longer dotted number (a version, a decimal). Threat reports "defang" addresses so they do
// not turn into links: "192[.]168[.]1[.]23", "192(.)168(.)1(.)23", "192[dot]168[dot]1[dot]23".
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|0?\\d?\\d)';
const DOT = '(?:\\.|\\s?[[({<]\\s?(?:\\.|[Dd][Oo][Tt])\\s?[\\])}>]\\s?|\\s[Dd][Oo][Tt]\\s)';
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:${DOT}${OCTET}){3}(?!\\.?\\d)`, 'g');

// Anything shaped like IPv6 (hex groups and at least two colons, maybe an embedded IPv4
// tail and a zone "%eth0"); node:net decides, so "12:30:45" (a time) is not one.
// "2001[:]db8[:][:]1" is defanged the same way.
const IPV6_CANDIDATE =
  /(?<![\w:.\]])(?:[0-9a-f]{0,4}(?::|\[:\])){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w-]+)?/giu;

export function findIpAddresses(text: string, token: string): RedactionSpan[] {
  const v6 = spansOf(text, IPV6_CANDIDATE, token).filter((span) =>
    isIPv6(text.slice(span.start, span.end).replaceAll('[:]', ':').replace(/%.*$/u, '')),
  );
  return [...spansOf(text, IPV4, token), ...v6];
}
