/**
 * Checksum-database records: a port of golang.org/x/mod/sumdb/tlog/note.go (FormatRecord,
 * isValidRecordText, ParseRecord) and of the line filter at the end of sumdb/client.go Lookup.
 * A lookup response (`GET <sumdb>/lookup/<path>@<version>`) is:
 *
 *   <id>\n<record text: lines, no blank line>\n\n<signed tree note>
 *
 * The caller then opens the note (note.ts openNote, parseTree), checks the record against the
 * tree (tlog.ts verifyRecord) and only then trusts a line of it (recordLines).
 */
export class RecordError extends Error {
  constructor(message = 'malformed record data') {
    super(message);
    this.name = 'RecordError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const toBytes = (b: Uint8Array | string): Buffer =>
  typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** isValidRecordText: UTF-8, no ASCII control character but '\n', no blank line, ends in '\n'. */
export function isValidRecordText(text: Uint8Array | string): boolean {
  const b = toBytes(text);
  try {
    utf8.decode(b);
  } catch {
    return false;
  }
  let last = -1;
  for (const c of b) {
    if ((c < 0x20 && c !== 0x0a) || (last === 0x0a && c === 0x0a)) return false;
    last = c;
  }
  return last === 0x0a;
}

/** FormatRecord: "<id>\n<text>\n" (what a server serves; used by tests and a mirror). */
export function formatRecord(id: number, text: Uint8Array | string): Buffer {
  if (!Number.isSafeInteger(id) || !isValidRecordText(text)) throw new RecordError();
  return Buffer.concat([Buffer.from(`${id}\n`), toBytes(text), Buffer.from('\n')]);
}

export interface ParsedRecord {
  /** The record number (strconv.ParseInt: optional sign; here also a safe integer). */
  id: number;
  /** The record text, ending in its final '\n' (what the leaf hash covers). */
  text: Buffer;
  /** What follows the blank line: in a lookup response, the signed tree note. */
  rest: Buffer;
}

/** ParseRecord: the id line, the text up to the first blank line, and the rest. */
export function parseRecord(msg: Uint8Array | string): ParsedRecord {
  const b = toBytes(msg);
  const nl = b.indexOf(0x0a);
  if (nl < 0) throw new RecordError();
  const idText = b.subarray(0, nl).toString('latin1');
  const id = /^[+-]?[0-9]+$/.test(idText) ? Number(idText) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new RecordError();
  const body = b.subarray(nl + 1);
  const i = body.indexOf('\n\n');
  if (i < 0) throw new RecordError();
  const text = body.subarray(0, i + 1);
  if (!isValidRecordText(text)) throw new RecordError();
  return { id, text, rest: body.subarray(i + 2) };
}

/**
 * The lines of a verified record for one module version (client.go Lookup): those starting with
 * "<path> <version> ". Pass "<version>/go.mod" for the go.mod line. Empty when the record has none:
 * a caller must treat that as a failure (a 200 without the line proves nothing).
 */
export function recordLines(text: Uint8Array | string, path: string, version: string): string[] {
  const prefix = `${path} ${version} `;
  return toBytes(text)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith(prefix));
}
