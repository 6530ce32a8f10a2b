/**
 * Signed notes: a port of golang.org/x/mod/sumdb/note (note.go: NewVerifier, VerifierList, Open) and
 * of tlog.ParseTree (sumdb/tlog/note.go), for verifying what a checksum database (sum.golang.org)
 * signs. Only verification: gosw never signs. Pure: node:crypto, no I/O.
 *
 * Wire format (note.go): `<text>\n\n— <name> <base64(keyhash4 ‖ sig)>\n…`. The text is everything up
 * to and including the newline before the *last* blank line; each signature line starts with an em
 * dash (U+2014) and a space. Everything fails closed: a malformed note, a bad signature by a known
 * key, or no signature by a known key is an error.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

/** The checksum database's built-in key (cmd/go/internal/modfetch/key.go). */
export const SUM_GOLANG_ORG_KEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';

/** Thrown for every failure here; `message` matches note.go's error text where there is one. */
export class NoteError extends Error {
  constructor(
    message: string,
    /** For 'unverified': the parsed note, whose signatures are all by unknown keys (note.go UnverifiedNoteError). */
    readonly note?: Note,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface Verifier {
  readonly name: string;
  readonly keyHash: number;
  verify(msg: Uint8Array, sig: Uint8Array): boolean;
}

export interface Signature {
  name: string;
  hash: number;
  base64: string;
}

export interface Note {
  /** The signed text, ending in "\n". */
  text: string;
  sigs: Signature[];
  unverifiedSigs: Signature[];
}

const ALG_ED25519 = 1;
/** SubjectPublicKeyInfo DER header for an Ed25519 key (RFC 8410); the 32 raw key bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIG_PREFIX = Buffer.from('— ', 'utf8');
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Go's base64.StdEncoding.DecodeString: padded, standard alphabet; it skips '\r' and '\n'. Null if invalid. */
export function decodeBase64Std(s: string): Buffer | null {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(t)) return null;
  return Buffer.from(t, 'base64');
}

/** keyHash (note.go): big-endian uint32 of SHA-256(name ‖ "\n" ‖ key)[0:4]. */
export function keyHash(name: string, key: Uint8Array): number {
  return createHash('sha256').update(name).update('\n').update(key).digest().readUInt32BE(0);
}

/** unicode.IsSpace: Latin-1 spaces (incl. U+0085, U+00A0) and category Z spaces. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** isValidName (note.go): non-empty, valid UTF-8 (here: no lone surrogate), no Unicode space, no '+'. */
function isValidName(name: string): boolean {
  return name !== '' && !/[\ud800-\udfff]/u.test(name) && !GO_SPACE.test(name) && !name.includes('+');
}

/** chop (note.go): split at the first sep; without one, [s, '']. */
function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** An Ed25519 verifier over 32 raw public-key bytes (ed25519.Verify semantics: 64-byte signatures only). */
function ed25519Verifier(raw: Uint8Array): (msg: Uint8Array, sig: Uint8Array) => boolean {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    throw new NoteError('malformed verifier id');
  }
  return (msg, sig) => {
    // crypto/ed25519.Verify: wrong length or the top three bits of S set is a plain "no".
    if (sig.length !== 64 || (sig[63]! & 0xe0) !== 0) return false;
    try {
      return verify(null, msg, key, sig);
    } catch {
      return false;
    }
  };
}

/** NewVerifier (note.go): parse `name+hhhhhhhh+base64(alg ‖ key)`. */
export function parseVerifierKey(vkey: string): Verifier {
  const [name, rest] = chop(vkey, '+');
  const [hash16, key64] = chop(rest, '+');
  const key = decodeBase64Std(key64);
  if (hash16.length !== 8 || !/^[0-9a-fA-F]{8}$/.test(hash16) || key === null || !isValidName(name) || key.length === 0) {
    throw new NoteError('malformed verifier id');
  }
  const hash = Number.parseInt(hash16, 16);
  if (hash !== keyHash(name, key)) throw new NoteError('invalid verifier hash');
  if (key[0] !== ALG_ED25519) throw new NoteError('unknown verifier algorithm');
  if (key.length !== 33) throw new NoteError('malformed verifier id');
  const check = ed25519Verifier(key.subarray(1));
  return { name, keyHash: hash, verify: check };
}

/** The verifier for the built-in sum.golang.org key. */
export const SUM_GOLANG_ORG: Verifier = parseVerifierKey(SUM_GOLANG_ORG_KEY);

const hex8 = (h: number): string => h.toString(16).padStart(8, '0');

/** VerifierList + verifierMap.Verifier (note.go): undefined if unknown; ambiguous keys are an error. */
function findVerifier(list: readonly Verifier[], name: string, hash: number): Verifier | undefined {
  const found = list.filter((v) => v.name === name && v.keyHash === hash);
  if (found.length > 1) throw new NoteError(`ambiguous key ${name}+${hex8(hash)}`);
  return found[0];
}

function lastIndexOfBlankLine(msg: Uint8Array): number {
  for (let i = msg.length - 2; i >= 0; i--) if (msg[i] === 0x0a && msg[i + 1] === 0x0a) return i;
  return -1;
}

/**
 * Open (note.go): parse msg and check its signatures against the known verifiers. Returns the note
 * when at least one known key signed it; throws NoteError otherwise ('malformed note', 'invalid
 * signature for key …', 'ambiguous key …', or 'note has no verifiable signatures' with `.note`).
 */
export function openNote(input: Uint8Array | string, known: readonly Verifier[]): Note {
  const msg = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const malformed = () => new NoteError('malformed note');
  // Valid UTF-8 with no ASCII control characters but '\n' (bytes < 0x20 are always ASCII in UTF-8).
  try {
    utf8.decode(msg);
  } catch {
    throw malformed();
  }
  for (const b of msg) if (b < 0x20 && b !== 0x0a) throw malformed();

  const split = lastIndexOfBlankLine(msg);
  if (split < 0) throw malformed();
  const text = msg.subarray(0, split + 1);
  let sigs = msg.subarray(split + 2);
  if (sigs.length === 0 || sigs[sigs.length - 1] !== 0x0a) throw malformed();

  const note: Note = { text: text.toString('utf8'), sigs: [], unverifiedSigs: [] };
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let numSig = 0;
  while (sigs.length > 0) {
    const i = sigs.indexOf(0x0a);
    let lineBytes = sigs.subarray(0, i);
    sigs = sigs.subarray(i + 1);
    if (!lineBytes.subarray(0, SIG_PREFIX.length).equals(SIG_PREFIX)) throw malformed();
    lineBytes = lineBytes.subarray(SIG_PREFIX.length);
    const line = lineBytes.toString('utf8');
    const [name, b64] = chop(line, ' ');
    const raw = decodeBase64Std(b64);
    if (raw === null || !isValidName(name) || b64 === '' || raw.length < 5) throw malformed();
    const hash = raw.readUInt32BE(0);
    const sig = raw.subarray(4);
    if (++numSig > 100) throw malformed(); // bound the work on a note with many signatures

    const v = findVerifier(known, name, hash);
    if (v === undefined) {
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        note.unverifiedSigs.push({ name, hash, base64: b64 });
      }
      continue;
    }
    const id = `${name}+${hex8(hash)}`;
    if (seen.has(id)) continue; // repeated signatures by one key: the first one counts
    seen.add(id);
    if (!v.verify(text, sig)) throw new NoteError(`invalid signature for key ${id}`);
    note.sigs.push({ name, hash, base64: b64 });
  }
  if (note.sigs.length === 0) throw new NoteError('note has no verifiable signatures', note);
  return note;
}

/** A signed tree head: the tree of size N with root hash `root` (tlog.Tree). */
export interface Tree {
  N: number;
  root: Uint8Array;
}

const TREE_PREFIX = 'go.sum database tree\n';

/**
 * ParseTree (sumdb/tlog/note.go): "go.sum database tree\n<N>\n<base64 root>\n", extra lines ignored.
 * N must be canonical decimal (no sign, no leading zero) and, here, a safe integer.
 */
export function parseTree(text: string): Tree {
  const bad = () => new NoteError('malformed tree note');
  if (!text.startsWith(TREE_PREFIX) || text.split('\n').length - 1 < 3 || Buffer.byteLength(text) > 1e6) throw bad();
  const lines = text.split('\n', 3);
  const nText = lines[1]!;
  const N = /^(?:0|[1-9][0-9]*)$/.test(nText) ? Number(nText) : Number.NaN;
  if (!Number.isSafeInteger(N)) throw bad();
  const root = decodeBase64Std(lines[2]!);
  if (root === null || root.length !== 32) throw bad();
  return { N, root: new Uint8Array(root) };
}
