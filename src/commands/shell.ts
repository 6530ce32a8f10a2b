import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { requestText } from '../versions/request.js';
import { parseSpec } from '../versions/spec.js';

/**
 * `gosw shell 1.22` sets GOSW_VERSION in the calling shell, which a child process cannot do: the
 * `gosw` function defined by `gosw env` calls `gosw shell --print ...` and exports what it prints.
 */
export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  const unset = flag(args, 'unset');
  if (extra.length || (input === undefined) === !unset) throw usageError('give one version, or --unset', 'e.g. gosw shell 1.22');
  const text = unset ? '' : requestText(parseSpec(input!));
  if (!flag(args, 'print')) {
    throw new GoswError('USAGE', 'gosw shell needs the shell integration, which is not loaded in this shell', {
      hint: 'add eval "$(gosw env)" to ~/.bashrc or ~/.zshrc, or run: export GOSW_VERSION=' + (text || '""'),
    });
  }
  ctx.out(text);
  return 0;
}
