import path from 'node:path';
import type { ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { writeTarget } from '../fsx.js';
import { findLocal, toRelease, type Warning } from '../resolve/current.js';
import { safe, warningLine } from '../resolve/describe.js';
import { writeVersionFile } from '../resolve/version-file.js';
import { requestText } from '../versions/request.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (extra.length) throw usageError('give one version, e.g. gosw local 1.22');
  if (input === undefined) {
    // No argument: what this directory is pinned to, and by which file (GOSW_VERSION and the
    // global default are not pins of the directory: gosw current shows those).
    const warnings: Warning[] = [];
    const found = findLocal(ctx.cwd, warnings);
    for (const w of warnings) ctx.err(warningLine(w));
    ctx.out(
      found
        ? `${requestText(found.wanted)} (from ${safe(found.source.where)})`
        : 'none (no .go-version, .tool-versions, go.work or go.mod up from here; pin one with: gosw local <version>)',
    );
    return 0;
  }
  const wanted = parseSpec(input);
  const text = requestText(wanted);
  const file = path.join(ctx.cwd, '.go-version');
  // A symlinked .go-version is written through to its target (or refused, in one line, before
  // anything is written): replacing the link would silently cut it from what it shares.
  const target = writeTarget(file);
  writeVersionFile(target, text);
  ctx.out(target === file ? `wrote ${text} to ${file}` : `wrote ${text} to ${target} (via the link ${file})`);
  const r = toRelease(ctx.store, wanted);
  if (!r.installed) ctx.err(`gosw: ${r.name} is not installed yet; run: gosw install`);
  return 0;
}
