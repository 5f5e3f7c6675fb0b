import { spansOf, type TextSpan } from '../spans.js';

/**
 * Social-media handles and profile links: "@name", "instagram.com/name", "t.me/group",
 * "snapchat: name". A handle names a person (or a group that organises against one) as
 * surely as a phone number.
 */

const AT_HANDLE = /(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?/gu;
const PROFILE_HOSTS = [
  'instagram\\.com',
  'instagr\\.am',
  'facebook\\.com',
  'fb\\.com',
  'fb\\.me',
  'm\\.facebook\\.com',
  'tiktok\\.com',
  'twitter\\.com',
  'x\\.com',
  'snapchat\\.com',
  't\\.me',
  'telegram\\.me',
  'youtube\\.com',
  'youtu\\.be',
  'threads\\.net',
  'bsky\\.app',
  'linkedin\\.com',
  'reddit\\.com',
  'vk\\.com',
  'wa\\.me',
  'discord\\.gg',
];
const PROFILE_URL = new RegExp(
  `(?<![\\p{L}\\p{N}.-])(?:https?://)?(?:www\\.)?(?:${PROFILE_HOSTS.join('|')})/[^\\s<>"',;]+`,
  'giu',
);
// "snapchat: tyler.b.2009", "insta is jaydenk_22", "mein Insta heißt kiez.watch".
const NETWORKS =
  'instagram|insta|ig|snapchat|snap|tiktok|telegram|twitter|discord|threads|bluesky|facebook|fb|youtube';
const NAMED_ACCOUNT = new RegExp(
  `(?<![\\p{L}])(?:${NETWORKS})(?:[\\s-]*(?:handle|name|account|profile|username|konto|profil|name|kanal|channel))?` +
    String.raw`\s*(?::|is|ist|heißt|heisst)\s+(?<hit>[\p{L}\p{N}_]+(?:[._][\p{L}\p{N}_]+)+|[\p{L}_]*\d[\p{L}\p{N}_]*|[\p{L}\p{N}]*_[\p{L}\p{N}_]*)`,
  'giu',
);

export function findSocialHandles(text: string): TextSpan[] {
  return [
    ...spansOf(text, AT_HANDLE),
    ...spansOf(text, PROFILE_URL),
    ...spansOf(text, NAMED_ACCOUNT),
  ];
}
