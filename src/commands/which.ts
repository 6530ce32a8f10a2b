import type { ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { findInstalled } from '../store/find.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length) throw usageError('give one version, e.g. gosw which 1.22');
  const store = ctx.store;
  ctx.out(findInstalled(store, parseSpec(input)).path);
  return 0;
}
