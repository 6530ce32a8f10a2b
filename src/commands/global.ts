import { readFileSync, rmSync } from 'node:fs';
import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { writeTarget } from '../fsx.js';
import { toRelease } from '../resolve/current.js';
import { writeVersionFile } from '../resolve/version-file.js';
import { parseGoVersionFile } from '../versions/files.js';
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
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      ctx.out('none');
      return 0;
    }
    const r = parseGoVersionFile(text);
    ctx.out(r.status === 'ok' ? text.trim() : 'none');
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
