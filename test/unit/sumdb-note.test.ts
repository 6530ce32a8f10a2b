import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keyHash, NoteError, openNote, parseTree, parseVerifierKey, SUM_GOLANG_ORG, SUM_GOLANG_ORG_KEY } from '../../src/sumdb/note.js';
import { formatRecord, isValidRecordText, parseRecord, recordLines } from '../../src/sumdb/record.js';
import { recordHash } from '../../src/sumdb/tlog.js';

// T2: golang.org/x/mod sumdb/note/note_test.go vectors (test/fixtures/sumdb/README.md).
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/sumdb/${name}`, import.meta.url), 'utf8'));
const V = fixture('note-vectors.json') as {
  peterKey: string;
  peterSignerKey: string;
  enochKey: string;
  badKeys: string[];
  text: string;
  peterSig: string;
  enochSig: string;
};
const SUM = fixture('sum-golang-org.json') as { lookups: { path: string; version: string; body: string }[]; notes: string[] };
const peter = parseVerifierKey(V.peterKey);
const enoch = parseVerifierKey(V.enochKey);
const { text, peterSig, enochSig } = V;

const openErr = (msg: string | Uint8Array, known = [peter]): string => {
  try {
    openNote(msg, known);
  } catch (e) {
    expect(e).toBeInstanceOf(NoteError);
    return (e as Error).message;
  }
  throw new Error('openNote succeeded');
};

/** A signer for PeterNeumann's test key (note_test.go TestSign's skey), to make new signed notes. */
function peterSign(msgText: string): string {
  const seed = Buffer.from(V.peterSignerKey.split('+').slice(4).join('+'), 'base64').subarray(1);
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const sig = sign(null, Buffer.from(msgText), createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
  const hash = Buffer.alloc(4);
  hash.writeUInt32BE(peter.keyHash);
  return `${msgText}\n— PeterNeumann ${Buffer.concat([hash, sig]).toString('base64')}\n`;
}

describe('parseVerifierKey (note.go NewVerifier)', () => {
  it('parses the test key and the built-in sum.golang.org key', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyHash).toBe(0xc74f20a3);
    expect(SUM_GOLANG_ORG.name).toBe('sum.golang.org');
    expect(SUM_GOLANG_ORG.keyHash).toBe(0x033de0ae);
    expect(parseVerifierKey(SUM_GOLANG_ORG_KEY).keyHash).toBe(
      keyHash('sum.golang.org', Buffer.from(SUM_GOLANG_ORG_KEY.split('+').slice(2).join('+'), 'base64')),
    );
  });

  it('refuses every substring and every one-byte mangling of the key (TestNewVerifier)', () => {
    const k = V.peterKey;
    const bad: string[] = [];
    for (let i = 0; i <= k.length; i++) for (let j = i + 1; j <= k.length; j++) if (i !== 0 || j !== k.length) bad.push(k.slice(i, j));
    for (let i = 0; i < k.length; i++) bad.push(k.slice(0, i) + String.fromCharCode(k.charCodeAt(i) + 1) + k.slice(i + 1));
    for (const b of [...bad, ...V.badKeys]) expect(() => parseVerifierKey(b), b).toThrow(NoteError);
  });

  it('names the failure: wrong key length, unknown algorithm, wrong hash', () => {
    expect(() => parseVerifierKey(V.badKeys[0]!)).toThrow('malformed verifier id');
    expect(() => parseVerifierKey(V.badKeys[1]!)).toThrow('unknown verifier algorithm');
    expect(() => parseVerifierKey(V.peterKey.replace('c74f20a3', 'c74f20a4'))).toThrow('invalid verifier hash');
  });
});

describe('openNote (note.go Open)', () => {
  it('verifies the good note and keeps unknown signers as unverified (TestOpen)', () => {
    const n = openNote(`${text}\n${peterSig}${enochSig}`, [peter]);
    expect(n.text).toBe(text);
    expect(n.sigs).toEqual([{ name: 'PeterNeumann', hash: 0xc74f20a3, base64: peterSig.slice(15, -1) }]);
    expect(n.unverifiedSigs.map((s) => [s.name, s.hash])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(Buffer.from(`${text}\n${peterSig}${enochSig}`), [peter, enoch]);
    expect(both.sigs.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverifiedSigs).toEqual([]);
  });

  it('fails closed when no known key signed (unknown signer, or the wrong key)', () => {
    expect(openErr(`${text}\n${peterSig}${enochSig}`, [])).toBe('note has no verifiable signatures');
    expect(openErr(`${text}\n${enochSig}`)).toBe('note has no verifiable signatures');
    expect(openErr(`${text}\n${peterSig}`, [SUM_GOLANG_ORG])).toBe('note has no verifiable signatures');
    try {
      openNote(`${text}\n${peterSig}${enochSig}`, []);
    } catch (e) {
      expect((e as NoteError).note?.unverifiedSigs.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    }
  });

  it('refuses a tampered text or signature by a known key', () => {
    expect(openErr(`${text.replace('cryptography', 'cryptoGraphy')}\n${peterSig}`)).toBe('invalid signature for key PeterNeumann+c74f20a3');
    expect(openErr(`${text}\n${peterSig.slice(0, 60)}ABCD${peterSig.slice(60)}`)).toBe('invalid signature for key PeterNeumann+c74f20a3');
    // A genuine signature of other text under the same key does not transfer.
    const other = peterSign('go.sum database tree\n5\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n');
    expect(openNote(other, [peter]).text).toMatch(/^go\.sum database tree\n5\n/);
    expect(openErr(`${text}\n${other.split('\n\n')[1]}`)).toBe('invalid signature for key PeterNeumann+c74f20a3');
  });

  it('handles duplicates and ambiguous verifiers as note.go does', () => {
    expect(openErr(`${text}\n${enochSig}`, [enoch, peter, enoch])).toBe('ambiguous key EnochRoot+af0cfe78');
    expect(openNote(`${text}\n${peterSig}`, [enoch, peter, enoch]).sigs).toHaveLength(1);
    const bad = `${enochSig.slice(0, 60)}ABCD${enochSig.slice(60)}`;
    const n = openNote(`${text}\n${peterSig}${peterSig}${enochSig}${enochSig}${bad}`, [peter]);
    expect(n.sigs).toHaveLength(1);
    expect(n.unverifiedSigs).toHaveLength(2);
  });

  it('refuses malformed notes: no blank line, no final newline, control characters, bad UTF-8, bad lines, >100 signatures', () => {
    const badMsgs: Array<string | Buffer> = [
      text,
      `${text}\n`,
      `${text}\n${peterSig.slice(0, -1)}`,
      `\x01${text}\n${peterSig}`,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(`${text}\n${peterSig}`)]),
      `${text}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${text}\n${peterSig}Unexpected line.\n`,
      `${text}\n${peterSig.replace('— ', '- ')}`,
      `${text}\n${peterSig.replace(' x08g', ' x08g ')}`,
      `${text}\n— PeterNeumann \n`,
      `${text}\n— PeterNeumann AAAA\n`,
      `${text}\n— Peter+Neumann ${peterSig.slice(15)}`,
      `${text}\n— Peter\u00a0Neumann ${peterSig.slice(15)}`,
      `${text.replace('\n', '\r\n')}\n${peterSig}`,
      `${text.replace('you', 'y\tou')}\n${peterSig}`,
      `${text}\n${peterSig.repeat(101)}`,
    ];
    for (const m of badMsgs) expect(openErr(m), JSON.stringify(String(m))).toBe('malformed note');
    expect(openErr(`${text}\n${peterSig.repeat(101)}`, [])).toBe('malformed note');
    expect(openNote(`${text}\n${peterSig.repeat(100)}`, [peter]).sigs).toHaveLength(1);
  });

  it('verifies real sum.golang.org notes with the built-in key, and only with it', () => {
    for (const msg of SUM.notes) {
      const n = openNote(msg, [SUM_GOLANG_ORG]);
      expect(n.sigs.map((s) => s.name)).toEqual(['sum.golang.org']);
      expect(parseTree(n.text).root).toHaveLength(32);
      expect(openErr(msg, [peter])).toBe('note has no verifiable signatures');
      expect(openErr(msg.replace(/\n(\d)/, '\n1$1'), [SUM_GOLANG_ORG])).toBe('invalid signature for key sum.golang.org+033de0ae');
    }
  });
});

describe('parseTree (tlog/note.go ParseTree)', () => {
  const good = 'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n';
  it('parses the golden tree and ignores extra lines', () => {
    for (const t of [good, `${good}JOE`, `${good}JOE\n`, good + 'JOE\n'.repeat(1000)]) {
      const tree = parseTree(t);
      expect(tree.N).toBe(123456789012);
      expect(Buffer.from(tree.root).equals(Buffer.from(recordHash('hello world')))).toBe(true);
    }
    expect(parseTree('go.sum database tree\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').N).toBe(0);
  });
  it('refuses other headers, non-canonical sizes and roots that are not 32 bytes', () => {
    for (const t of [
      `not-${good}`,
      'go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
      'go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n',
      good.replace('123', '+123'),
      good.replace('123', '0123'),
      good.replace('123456789012', '-1'),
      good.replace('123456789012', '99999999999999999999'),
      good.replace('Tszz', 'Tsz'),
      good.slice(0, -1),
      'go.sum database tree v2\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n',
    ]) {
      expect(() => parseTree(t), t).toThrow('malformed tree note');
    }
  });
});

describe('records (tlog/note.go ParseRecord, FormatRecord; client.go Lookup)', () => {
  it('parses a record and its rest (TestParseRecord)', () => {
    const r = parseRecord(Buffer.from('123456789012\nhello, world\n\njunk on end\x01\xff', 'latin1'));
    expect([r.id, r.text.toString(), r.rest.toString('latin1')]).toEqual([123456789012, 'hello, world\n', 'junk on end\x01\xff']);
    expect(parseRecord('123456789012\nhello, world\n\n').rest).toHaveLength(0);
    for (const bad of ['not-123\nhello\n\n', '123\nhello\x01world\n\n', '123\nhello world\n', '0x123\nhello world\n\n']) {
      expect(() => parseRecord(bad), bad).toThrow('malformed record data');
    }
    expect(() => parseRecord(Buffer.from('123\nhello\xffworld\n\n', 'latin1'))).toThrow('malformed record data');
  });

  it('formats records and rejects bad text (TestFormatRecord)', () => {
    expect(formatRecord(123456789012, 'hello, world\n').toString()).toBe('123456789012\nhello, world\n\n');
    for (const bad of ['', 'hello\nworld', 'hello\n\nworld\n', 'hello\x01world\n']) expect(isValidRecordText(bad), bad).toBe(false);
  });

  it('opens real lookups: record, signed tree, and the lines for one version', () => {
    for (const { path, version, body } of SUM.lookups) {
      const r = parseRecord(body);
      const tree = parseTree(openNote(r.rest, [SUM_GOLANG_ORG]).text);
      expect(r.id).toBeLessThan(tree.N);
      expect(recordLines(r.text, path, version)).toHaveLength(1);
      expect(recordLines(r.text, path, `${version}/go.mod`)).toHaveLength(1);
      expect(recordLines(r.text, path, 'v9.9.9')).toEqual([]); // T5: no line is not a match
      expect(recordLines(r.text, `${path}x`, version)).toEqual([]);
    }
  });
});
