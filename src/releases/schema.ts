import { GoswError } from '../errors.js';
import { isReleaseName } from '../versions/version.js';

/** go.dev's index shape: https://go.dev/dl/?mode=json&include=all */
export interface ReleaseFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  /** Empty on some old releases (go1.2.2 … go1.6beta1): such files cannot be verified. */
  sha256: string;
  size: number;
  kind: string;
}

export interface Release {
  version: string;
  stable: boolean;
  files: ReleaseFile[];
}

// A file name is used as a URL path segment and compared with --file names: one plain segment.
const FILENAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,200}$/;
// Hex of either case: one old release listed in upper case must not cost the whole index. Stored
// lower-cased, as the digest it is compared with is printed.
const SHA256_RE = /^(?:[0-9a-fA-F]{64})?$/;

function fail(
  what: string,
  detail: string,
  hint = "check GOSW_INDEX_URL; it must serve go.dev's JSON index (?mode=json&include=all)",
): never {
  throw new GoswError('BAD_INDEX', `${what} ${detail}`, { hint });
}

function looksLikeHtml(text: string, contentType?: string): boolean {
  return /text\/html/i.test(contentType ?? '') || /^\s*</.test(text);
}

/** Validates the whole index up front, so nothing later meets a half-formed entry. */
export function parseIndex(text: string, what: string, contentType?: string): Release[] {
  const body = text.replace(/^\uFEFF/, '');
  if (looksLikeHtml(body, contentType)) {
    fail(
      what,
      'is an HTML page, not JSON (a captive portal, a proxy login page or a wrong URL?)',
      'log in to the network / proxy, or check GOSW_INDEX_URL',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    fail(what, `is not valid JSON (truncated? ${body.length} bytes received)`, 'retry; if it persists, check GOSW_INDEX_URL or your proxy');
  }
  if (!Array.isArray(data))
    fail(what, `has an unexpected shape: expected a JSON array of releases, got ${data === null ? 'null' : typeof data}`);
  if (data.length === 0) fail(what, 'is an empty list of releases');
  const out: Release[] = [];
  data.forEach((r: unknown, i) => {
    const at = `release #${i}`;
    if (typeof r !== 'object' || r === null) fail(what, `has an unexpected shape: ${at} is not an object`);
    const { version, stable, files } = r as Record<string, unknown>;
    if (typeof version !== 'string' || !isReleaseName(version))
      fail(what, `has an unexpected shape: ${at} has an invalid version ${JSON.stringify(version)?.slice(0, 40)}`);
    if (typeof stable !== 'boolean') fail(what, `has an unexpected shape: ${version} has no boolean "stable"`);
    if (!Array.isArray(files)) fail(what, `has an unexpected shape: ${version} has no "files" array`);
    out.push({
      version,
      stable,
      files: files.map((f: unknown, j) => {
        const fAt = `${version} file #${j}`;
        if (typeof f !== 'object' || f === null) fail(what, `has an unexpected shape: ${fAt} is not an object`);
        const o = f as Record<string, unknown>;
        for (const k of ['filename', 'os', 'arch', 'sha256', 'kind'] as const) {
          if (typeof o[k] !== 'string') fail(what, `has an unexpected shape: ${fAt} has no string "${k}"`);
        }
        if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0)
          fail(what, `has an unexpected shape: ${fAt} has no valid "size"`);
        if (!FILENAME_RE.test(o.filename as string) || (o.filename as string).includes('..')) {
          fail(what, `has an unsafe file name in ${version}: ${JSON.stringify(o.filename).slice(0, 80)}`);
        }
        if (!SHA256_RE.test(o.sha256 as string)) {
          fail(
            what,
            `has an invalid sha256 for ${o.filename as string} in ${version}: ${JSON.stringify(o.sha256).slice(0, 80)} (64 hex digits expected)`,
          );
        }
        return {
          filename: o.filename as string,
          os: o.os as string,
          arch: o.arch as string,
          version: typeof o.version === 'string' ? o.version : version,
          sha256: (o.sha256 as string).toLowerCase(),
          size: o.size as number,
          kind: o.kind as string,
        };
      }),
    });
  });
  return out;
}
