import type { ExtractLimits } from './extract.js';

/**
 * Bounds on one archive, so a hostile mirror or file can't fill the disk or memory before the
 * checksum says no. Official Go toolchains are ~65-75 MiB compressed, ~230 MiB and ~15,000
 * entries unpacked (a ratio of ~3.5): the bounds are generous multiples of that.
 */
const MIB = 1024 * 1024;
/** When the index gives no size (never for current go.dev entries): more than any toolchain. */
export const MAX_UNKNOWN_DOWNLOAD = 1024 * MIB;
/** Unpacked bytes: 16x the archive (official: 3.5x), and never less than 64 MiB. */
const RATIO = 16;
const MIN_UNPACKED = 64 * MIB;
/** Entries: one per 512 compressed bytes (official: one per ~4.5 KiB), and never less than 20,000. */
const BYTES_PER_ENTRY = 512;
const MIN_ENTRIES = 20_000;

export function extractLimits(archiveSize: number | undefined): ExtractLimits {
  const size = archiveSize ?? MAX_UNKNOWN_DOWNLOAD;
  return {
    maxBytes: Math.max(MIN_UNPACKED, RATIO * size),
    maxEntries: Math.max(MIN_ENTRIES, Math.ceil(size / BYTES_PER_ENTRY)),
  };
}
