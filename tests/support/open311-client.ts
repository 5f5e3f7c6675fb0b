import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { bearer } from './test-app.js';

/** A form-encoded POST requests.{format}, as Open311 clients send it. */
export function postRequest(
  app: FastifyInstance,
  fields: Record<string, string>,
  options: { format?: string; address?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: `/open311/v2/requests.${options.format ?? 'json'}`,
    remoteAddress: options.address ?? '203.0.113.9',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    payload: new URLSearchParams(fields).toString(),
  });
}

/** A moderator's decision on a report (the existing moderation API). */
export function moderate(
  app: FastifyInstance,
  key: string,
  id: string,
  body: Record<string, unknown>,
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/moderation/observation/${id}`,
    headers: bearer(key),
    payload: body,
  });
}

/** XML as data: every element's text kept as text, so it compares with the JSON's strings. */
export const xmlParser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['request', 'service', 'error'].includes(name),
});

export function parseXml(text: string): Record<string, unknown> {
  return xmlParser.parse(text) as Record<string, unknown>;
}
