import { XMLBuilder } from 'fast-xml-parser';
import type { Open311Format } from '../../shared/schemas/open311.js';

/**
 * The two formats of GeoReport v2: JSON, and XML without a namespace whose root and item names
 * the spec gives per resource (`<services><service>`, `<service_requests><request>`,
 * `<errors><error>`). JSON is the Spark convention's mapping of the same XML: an array of the
 * items, null where the XML has an empty element.
 */

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The root and item element of each kind of answer. */
export const XML_SHAPES = {
  services: ['services', 'service'],
  requests: ['service_requests', 'request'],
  errors: ['errors', 'error'],
} as const;
export type XmlShape = keyof typeof XML_SHAPES;

// fast-xml-parser 5 points to its split-out fast-xml-builder package; this one is what the
// project installs, and its builder is the same code.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({
  ignoreAttributes: false,
  format: true,
  suppressEmptyNode: false,
  processEntities: true,
});

/** An item's fields as XML text: null becomes an empty element, as in the spec's examples. */
function xmlItem(item: object): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(item).map(([key, value]) => [
      key,
      value === null || value === undefined ? '' : (value as string | number | boolean),
    ]),
  );
}

export function serialise(
  format: Open311Format,
  shape: XmlShape,
  items: readonly object[],
): string {
  if (format === 'json') return JSON.stringify(items);
  const [root, element] = XML_SHAPES[shape];
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    [root]: items.length === 0 ? '' : { [element]: items.map(xmlItem) },
  });
}
