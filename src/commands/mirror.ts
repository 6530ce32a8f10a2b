import { flag, type ParsedArgs, stringOption } from '../cli/args.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { prune } from '../mirror/prune.js';
import { type MirrorSpec, parseMirrorSpecs, parsePlatforms, specsFromProjects } from '../mirror/select.js';
import { summaryLine, sync } from '../mirror/sync.js';
import type { Format } from '../mirror/tree.js';
import { verifyMirror } from '../mirror/verify.js';
import { currentPlatform } from '../releases/platform.js';

const FORMATS: Record<string, Format[]> = { tarball: ['tarball'], module: ['module'], both: ['tarball', 'module'] };

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [sub, target, ...extra] = args.positionals;
  if (!sub) throw usageError('which? gosw mirror sync|verify|prune <dir>', "see 'gosw mirror --help'");
  if (!target) throw usageError(`gosw mirror ${sub} needs a directory${sub === 'verify' ? ' or URL' : ''}`);
  if (extra.length)
    throw usageError(`unexpected ${JSON.stringify(extra[0])}`, 'give several versions as one --versions list: --versions 1.22,1.23');
  const quiet = flag(args, 'quiet');
  switch (sub) {
    case 'sync': {
      const fmt = stringOption(args, 'format');
      const formats = fmt === undefined ? undefined : FORMATS[fmt];
      if (fmt !== undefined && !formats) throw usageError(`--format ${JSON.stringify(fmt)} is not tarball, module or both`);
      const versions = stringOption(args, 'versions');
      const projects = stringOption(args, 'from-projects');
      let specs: MirrorSpec[] | undefined;
      if (versions !== undefined || projects !== undefined) {
        specs = [
          ...(versions !== undefined ? parseMirrorSpecs(versions) : []),
          ...(projects !== undefined ? specsFromProjects(ctx.env, projects.split(',').filter(Boolean), ctx.store) : []),
        ];
      }
      const p = stringOption(args, 'platforms');
      const platforms = p !== undefined ? parsePlatforms(p) : [currentPlatform(ctx.env)];
      const s = await sync(ctx, { dir: target, specs, platforms, formats, quiet });
      for (const line of s.skipped) ctx.err(`gosw: mirror: skipped ${line}`);
      for (const line of s.failed) ctx.err(`gosw: mirror: could not fetch ${line}`);
      if (!quiet) ctx.out(summaryLine(s, target));
      return s.failed.length ? 1 : 0;
    }
    case 'verify': {
      const r = await verifyMirror(ctx, target, stringOption(args, 'key') ?? ctx.env.GOSUMDB);
      for (const line of r.problems) ctx.err(`gosw: mirror verify: ${line}`);
      if (r.problems.length) {
        ctx.err(`gosw: mirror ${target}: ${r.problems.length} problem(s) in ${r.checked} entries checked`);
        return 1;
      }
      if (!quiet) ctx.out(`mirror ${target}: ${r.checked} entries verified${r.sumdb ? ` (checksum database ${r.sumdb})` : ''}`);
      return 0;
    }
    case 'prune': {
      const keep = stringOption(args, 'keep');
      if (keep === undefined) throw usageError('gosw mirror prune needs --keep SPEC', 'e.g. --keep "latest-2-lines" or --keep ">=1.22"');
      const r = await prune(ctx, target, parseMirrorSpecs(keep));
      if (!quiet) ctx.out(r.removed.length ? `mirror ${target}: removed ${r.removed.join(', ')}` : `mirror ${target}: nothing to remove`);
      return 0;
    }
    default:
      throw usageError(`unknown subcommand ${JSON.stringify(sub)}`, 'gosw mirror sync|verify|prune');
  }
}
