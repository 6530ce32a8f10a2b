import type { ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { resolveDirs } from '../store/dirs.js';
import { findInstalled } from '../store/find.js';
import { Store } from '../store/store.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length) throw usageError('give one version, e.g. gosw which 1.22');
  const store = new Store(resolveDirs(ctx.env));
  ctx.out(findInstalled(store, parseSpec(input)).path);
  return 0;
}
