import { rmSync } from 'node:fs';
import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { writeTarget } from '../fsx.js';
import { readGlobal, toRelease } from '../resolve/current.js';
import { safe } from '../resolve/describe.js';
import { writeVersionFile } from '../resolve/version-file.js';
import { requestText } from '../versions/request.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const store = ctx.store;
  const file = store.globalFile;
  const [input, ...extra] = args.positionals;
  if (extra.length || (input !== undefined && flag(args, 'unset'))) throw usageError('give one version, or --unset');
  if (flag(args, 'unset')) {
    rmSync(file, { force: true });
    ctx.out('global default removed');
    return 0;
  }
  if (input === undefined) {
    // Read as the hook reads it (bounded, never a FIFO or a device); an invalid file sets nothing.
    const wanted = readGlobal(store);
    ctx.out(wanted ? `${requestText(wanted)} (from ${safe(file)})` : 'none (no global default; set one with: gosw global <version>)');
    return 0;
  }
  const wanted = parseSpec(input);
  const text = requestText(wanted);
  store.ensure();
  // As gosw local: a symlinked default (dotfiles) is written through to its target, or refused.
  writeVersionFile(writeTarget(file), text);
  ctx.out(`global default: ${text}`);
  const r = toRelease(store, wanted);
  if (!r.installed) ctx.err(`gosw: ${r.name} is not installed yet; run: gosw install ${text}`);
  return 0;
}
