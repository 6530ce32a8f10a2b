import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { resolveDirs } from '../store/dirs.js';
import { matchInstalled } from '../store/find.js';
import { refreshAliases } from '../store/installed.js';
import { Store } from '../store/layout.js';
import { workDirPrefix } from '../store/leftovers.js';
import { acquire } from '../store/lock.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length) throw usageError('give one version to remove, e.g. gosw uninstall 1.22.5');
  const spec = parseSpec(input);
  const store = new Store(resolveDirs(ctx.env));
  const matches = matchInstalled(store, spec);
  if (matches.length === 0) {
    throw new GoswError('NOT_INSTALLED', `Go ${input} is not installed`, { hint: "see 'gosw list'" });
  }
  if (matches.length > 1) {
    throw new GoswError('AMBIGUOUS', `'${input}' matches several installed versions: ${matches.map((m) => m.name).join(', ')}`, {
      hint: `name one exactly, e.g. gosw uninstall ${matches[0]!.version}`,
    });
  }
  const target = matches[0]!;
  store.ensure();
  const held = await acquire(store.locksDir, target.name);
  try {
    if (existsSync(target.path)) {
      // Disappear in one rename, then delete at leisure: a reader never sees half a GOROOT.
      const trash = mkdtempSync(path.join(store.tmpDir, `${workDirPrefix(target.name)}rm.`));
      renameSync(target.path, path.join(trash, 'go'));
      rmSync(trash, { recursive: true, force: true });
    }
    await refreshAliases(store);
  } finally {
    await held.release();
  }
  if (!flag(args, 'quiet')) ctx.out(`uninstalled ${target.name}`);
  return 0;
}
