import { symlinkSync } from 'node:fs';
import { lexists } from '../fsx.js';
import path from 'node:path';
import { GoswError } from '../errors.js';
import { checkLinks, type QueuedLink } from './policy.js';

/**
 * The last unpack step, run only after the archive's sha256 matched: creates the archive's
 * symlinks, each first resolved against the final tree (every other link included) so that none
 * can lead outside go/. Until here the work dir held no symlink at all (see policy.ts), so no
 * earlier write could have gone through one.
 */
export function createLinks(work: string, links: readonly QueuedLink[], archiveName: string, advice = ''): void {
  const why = checkLinks(links);
  if (why) {
    throw new GoswError('UNSAFE_ARCHIVE', `unsafe archive ${archiveName}: ${why}`, {
      hint: `this is not an official Go archive; nothing was installed.${advice}`,
    });
  }
  for (const l of links) {
    const abs = path.join(work, l.path);
    // The policy refused any other entry of this name, and its parents are real directories the
    // worker made; anything already there means the tree changed under us: stop, don't replace.
    if (lexists(abs))
      throw new GoswError('IO', `cannot create the link ${l.path}: something is already there`, { hint: 'retry; nothing was installed' });
    symlinkSync(l.target, abs);
  }
}
