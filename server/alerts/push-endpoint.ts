import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Whether push endpoints may be plain http and on this machine or its network (tests only). */
export interface PushEndpointPolicy {
  allowLocal: boolean;
}

// Addresses a push service never has: loopback, private, link-local, shared, multicast and
// reserved ranges. Sending there would let anyone with an account make this server reach into
// its own network (server-side request forgery).
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPublicAddress(mapped);
  const family = isIP(address);
  if (family === 0) return false;
  return !NOT_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;

/** Why the endpoint is refused, or null: https only, no credentials, no local host names. */
export function pushEndpointProblem(endpoint: string, policy: PushEndpointPolicy): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'The push endpoint is not a URL';
  }
  if (url.username !== '' || url.password !== '') {
    return 'The push endpoint may not carry a user name or password';
  }
  if (url.protocol !== 'https:' && !(policy.allowLocal && url.protocol === 'http:')) {
    return 'The push endpoint must be an https URL';
  }
  if (policy.allowLocal) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 ? !isPublicAddress(host) : LOCAL_NAMES.test(host) || !host.includes('.')) {
    return 'The push endpoint must be a public address on the internet';
  }
  return null;
}

/**
 * Checked again just before each send: a public name may resolve to a private address (or be
 * changed to). A name that resolves to any address that is not public is not sent to.
 */
export async function resolvesToPublic(endpoint: string, policy: PushEndpointPolicy) {
  if (policy.allowLocal) return true;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return isPublicAddress(host);
  const addresses = await lookup(host, { all: true, verbatim: true });
  return addresses.length > 0 && addresses.every((a) => isPublicAddress(a.address));
}
