import { parseArgs } from './cli/args.js';
import { commandHelp, mainHelp } from './cli/help.js';
import { COMMANDS, findCommand } from './cli/registry.js';
import { closest, foreignHint } from './cli/suggest.js';
import { processContext, type Context } from './context.js';
import { EXIT, GoswError, usageError } from './errors.js';
import { ignoredRootNotices } from './store/dirs.js';

declare const GOSW_VERSION: string;
const VERSION = typeof GOSW_VERSION === 'string' ? GOSW_VERSION : '0.0.0-dev';

export async function main(argv: string[], ctx: Context): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    ctx.out(mainHelp(VERSION));
    return first === undefined ? EXIT.usage : EXIT.ok;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    ctx.out(`gosw ${VERSION}`);
    return EXIT.ok;
  }
  if (first === 'help') {
    if (rest[0] === undefined) {
      ctx.out(mainHelp(VERSION));
      return EXIT.ok;
    }
    const c = findCommand(rest[0]);
    if (!c) throw unknownCommand(rest[0]);
    ctx.out(commandHelp(c));
    return EXIT.ok;
  }
  const command = findCommand(first);
  if (!command) throw unknownCommand(first);
  const args = parseArgs(command.name, rest, command.options);
  if (args.options.help) {
    ctx.out(commandHelp(command));
    return EXIT.ok;
  }
  // A relative GOSW_HOME / XDG_*_HOME is ignored (src/store/dirs.ts); say so once per run, unless
  // --quiet asked for errors only.
  if (args.options.quiet !== true) for (const line of ignoredRootNotices(ctx.env)) ctx.err(line);
  const mod = await command.load();
  return (await mod.run(ctx, args)) ?? EXIT.ok;
}

function unknownCommand(word: string): GoswError {
  // A word from another version manager first (`use`), then a typo of a name or alias (`lsit`).
  const foreign = foreignHint(word);
  if (foreign) return usageError(`unknown command '${word}'`, `${foreign}. See 'gosw --help'.`);
  const guess = closest(
    word,
    COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]),
  );
  const target = guess === undefined ? undefined : findCommand(guess)?.name;
  return usageError(
    `unknown command '${word}'`,
    target ? `did you mean 'gosw ${target}'? See 'gosw --help'.` : "see 'gosw --help' for the commands",
  );
}

function report(ctx: Context, err: unknown): number {
  const debug = ctx.env.GOSW_DEBUG === '1';
  if (err instanceof GoswError) {
    ctx.err(`gosw: ${err.message}`);
    if (err.hint) ctx.err(`  hint: ${err.hint}`);
    if (debug) ctx.err(String(err.stack) + (err.cause ? `\ncaused by: ${(err.cause as Error).stack ?? String(err.cause)}` : ''));
    return err.exitCode;
  }
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC') ctx.err(`gosw: no space left on device${e.path ? ` writing ${e.path}` : ''}; free some space and retry`);
  else if (e?.code === 'EACCES' || e?.code === 'EPERM')
    ctx.err(`gosw: permission denied${e.path ? ` on ${e.path}` : ''}; check the owner of the gosw store (GOSW_HOME)`);
  else ctx.err(`gosw: internal error: ${e?.message ?? String(err)} (run with GOSW_DEBUG=1 for details and report it)`);
  if (debug) ctx.err(String(e?.stack ?? err));
  return EXIT.failure;
}

async function start(): Promise<void> {
  const ctx = processContext();
  let code: number;
  try {
    code = await main(process.argv.slice(2), ctx);
  } catch (err) {
    code = report(ctx, err);
  }
  // Let stdout drain (a pipe may be slow) before exiting with the command's code.
  process.exitCode = code;
  if (process.stdout.writableLength === 0) process.exit(code);
  process.stdout.once('drain', () => process.exit(code));
}

void start();
