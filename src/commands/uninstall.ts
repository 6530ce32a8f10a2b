import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { matchInstalled } from '../store/find.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length) throw usageError('give one version to remove, e.g. gosw uninstall 1.22.5');
  const spec = parseSpec(input);
  const store = ctx.store;
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
  const r = await store.remove(target.name);
  if (!flag(args, 'quiet') && r.lockFree) ctx.err(`gosw: the disk is full: removing ${target.name} without taking its lock`);
  if (r.aliasesStale)
    ctx.err(
      "gosw: the disk is still full: the version aliases (versions/1.22, latest) were not rewritten; run 'gosw doctor --fix' once there is room",
    );
  if (!flag(args, 'quiet')) ctx.out(`uninstalled ${target.name}`);
  return 0;
}
