import { flag, stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { install, type Outcome } from '../install/installer.js';
import { planFile } from '../install/plan.js';
import { installSpecs, interruptNote, wantedHere } from '../install/specs.js';
import { loadIndex } from '../releases/index.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const store = ctx.store;
  const quiet = flag(args, 'quiet');
  const offline = flag(args, 'offline');
  const force = flag(args, 'force');
  // --quiet: only errors; the exit status says the rest.
  const report = (o: Outcome, name: string) => {
    if (quiet) return;
    const where = store.versionDir(name);
    ctx.out(o === 'installed' ? `installed ${name} in ${where}` : `${name} is already installed in ${where}`);
  };

  store.ensure(); // a store we cannot write fails here, before any download
  const file = stringOption(args, 'file');
  if (file !== undefined) {
    if (args.positionals.length) throw usageError('give either --file or version specs, not both');
    const guard = interruptNote(ctx, store);
    try {
      const plan = await planFile(ctx, file, stringOption(args, 'sha256'), () => loadIndex(ctx, { offline, cacheDir: store.cacheDir }));
      report(await guard.run(plan.name, () => install(ctx, store, plan, { force, quiet, offline })), plan.name);
    } finally {
      guard.forget();
    }
    return 0;
  }
  if (stringOption(args, 'sha256')) throw usageError('--sha256 goes with --file');
  const specs = args.positionals.length ? args.positionals.map(parseSpec) : [wantedHere(ctx, store)]; // validated before any network use
  const failed = await installSpecs(ctx, store, specs, {
    force,
    quiet,
    offline,
    source: stringOption(args, 'source'),
    h1: stringOption(args, 'h1'),
    report,
  });
  return failed ? 1 : 0;
}
