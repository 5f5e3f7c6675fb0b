import { Transform } from 'node:stream';

/** How rows become one text document: what comes before, between and after the records. */
export interface TextFormat<Row> {
  head: string;
  /** The record for a row, or null to leave the row out. */
  record(row: Row): string | null;
  separator: string;
  tail: string;
}

/** Output is pushed in pieces of about this many characters, not one small write per row. */
const CHUNK_CHARACTERS = 16 * 1024;

/**
 * Rows in (object mode), text out. The head is written with the first row or at the end, not
 * at once, so a query that fails before its first row still gets a proper error response
 * instead of a document cut short after its head.
 */
export function textStream<Row>(format: TextFormat<Row>): Transform {
  let pending: string | null = null;
  let records = 0;
  const start = () => pending ?? format.head;
  return new Transform({
    writableObjectMode: true,
    transform(row: Row, _encoding, callback) {
      let text = start();
      const record = format.record(row);
      if (record !== null) {
        text += records === 0 ? record : format.separator + record;
        records += 1;
      }
      if (text.length >= CHUNK_CHARACTERS) {
        this.push(text);
        pending = '';
      } else {
        pending = text;
      }
      callback();
    },
    flush(callback) {
      callback(null, start() + format.tail);
    },
  });
}
