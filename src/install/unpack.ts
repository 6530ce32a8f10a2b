import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { ExtractionError, startExtraction } from './extract.js';
import type { StreamDigests } from './extract-worker.js';
import { extractLimits, MAX_UNKNOWN_DOWNLOAD } from './limits.js';
import type { TarPlan as Plan } from './plan.js';
import type { QueuedLink } from './policy.js';
import { formatBytes, progressBar } from './progress.js';
import type { Opened, Source } from './sources/index.js';
import type { Verifier } from './verifiers/index.js';

export interface Unpacked {
  links: QueuedLink[];
  bytes: number;
  digests: StreamDigests;
}

/**
 * The unpack stage, one pass over one attempt's stream. This (main) thread only reads the source
 * and checks each chunk (gzip's magic first, then the trusted size, the progress bar); the bytes
 * go to a worker that hashes them for the verifier, gunzips and unpacks them into `work`
 * (extract.ts). Until the verifier has passed, `work` holds only plain files and directories: the
 * archive's links come back queued, for the caller to make after verification.
 */
export async function unpack(
  ctx: Context,
  plan: Plan,
  source: Source,
  verifier: Verifier,
  o: Opened,
  work: string,
  opts: { quiet: boolean; onExtraction: (abort: () => Promise<void>) => void },
): Promise<Unpacked> {
  const quiet = opts.quiet;
  const total = plan.size ?? o.length;
  if (!quiet && !ctx.interactive) ctx.err(`gosw: downloading ${plan.filename}${total ? ` (${formatBytes(total)})` : ''} from ${o.where}`);
  // The index's size is trusted; with none, the bytes the source announces; else a hard cap.
  const maxBytes = total ?? MAX_UNKNOWN_DOWNLOAD;
  let bytes = 0;
  let head = Buffer.alloc(0);
  const bar = progressBar(ctx, plan.name, total, quiet);
  const tap = new Transform({
    // Big reads: fewer trips through the stream machinery on the thread that also reads the socket.
    highWaterMark: 1024 * 1024,
    transform(chunk: Buffer, _enc, cb) {
      if (head.length < 2) {
        head = Buffer.concat([head, chunk.subarray(0, 512)]);
        if (head.length >= 2 && !(head[0] === 0x1f && head[1] === 0x8b)) return cb(notGzip(ctx, plan, source, o.where, head));
      }
      bytes += chunk.length;
      if (bytes > maxBytes) {
        return cb(
          new GoswError(
            'BAD_ARCHIVE',
            `${plan.filename} from ${o.where} is larger than the ${maxBytes} bytes ${plan.size !== undefined ? 'the release index gives' : 'expected'}; stopped`,
            { hint: `the file is not the official archive; nothing was installed.${advice(source)}` },
          ),
        );
      }
      bar.add(chunk.length);
      cb(null, chunk);
    },
  });
  const extraction = startExtraction(work, plan.filename, extractLimits(total), { fileHashes: verifier.fileHashes });
  opts.onExtraction(extraction.abort);
  try {
    await pipeline(o.stream, tap, extraction.sink);
    const { links, digests } = await extraction.done;
    bar.finish();
    if (plan.size !== undefined && bytes < plan.size && !verifier.matches(digests))
      throw await shortOrBad(source, verifier, bytes, plan, digests);
    return { links, bytes, digests };
  } catch (err) {
    await extraction.abort();
    if (err instanceof ExtractionError) {
      if (err.kind === 'gzip') {
        // A stream shorter than the trusted size was cut off (the source may retry); a whole one
        // that does not hash right is a checksum error, which says more than "bad gzip".
        if (plan.size !== undefined && bytes < plan.size) throw await shortOrBad(source, verifier, bytes, plan, err.digests ?? {});
        if (err.digests?.sha256 !== undefined && !verifier.matches(err.digests)) await verifier.check(bytes, err.digests);
      }
      // An unsafe entry or a bound: say where the archive came from.
      throw new GoswError(err.code, err.message, { hint: `${err.hint ?? ''}${advice(source)}`.trim(), cause: err.cause });
    }
    throw err;
  }
}

async function verifyError(verifier: Verifier, bytes: number, digests: StreamDigests): Promise<Error> {
  try {
    await verifier.check(bytes, digests);
  } catch (err) {
    return err as Error;
  }
  return new Error('verifier passed a stream it said did not match'); // cannot happen
}

async function shortOrBad(source: Source, verifier: Verifier, bytes: number, plan: Plan, digests: StreamDigests): Promise<Error> {
  return source.short(bytes, plan.size!) ?? (await verifyError(verifier, bytes, digests));
}

/**
 * Where to look when an archive is bad, as one sentence for a hint: only what applies to this
 * install (a file given, the mirror list that is set), never a setting the user has not made.
 */
export function advice(source: Source): string {
  if (source.kind === 'file') return ' Check the file you gave, or download it again.';
  if (source.kind === 'mirrors') return ' Retry, or check GOSW_MIRROR.';
  return ' Retry.';
}

/** The first bytes are not gzip's: say what they are instead of "sha256 mismatch". */
function notGzip(ctx: Context, plan: Plan, source: Source, where: string, head: Buffer): GoswError {
  const text = head.toString('latin1');
  const html = /^\s*</.test(text) && /<(!doctype|html|head|body|title|meta|script)/i.test(text);
  if (source.kind === 'file') {
    return new GoswError('BAD_ARCHIVE', `${where} is ${html ? 'an HTML page' : 'not a gzip archive'}, not a Go archive`, {
      hint: 'download the .tar.gz again (a browser may have saved a web page)',
    });
  }
  const setting = source.kind === 'mirrors' ? 'GOSW_MIRROR' : ctx.env.GOSW_DOWNLOAD_URL ? 'GOSW_DOWNLOAD_URL' : undefined;
  return new GoswError(
    'BAD_ARCHIVE',
    html
      ? `${where} served an HTML page instead of ${plan.filename} (a login page or captive portal?)`
      : `${where} served something that is not a gzip archive instead of ${plan.filename}`,
    {
      hint: html
        ? `open the URL in a browser to see the page, sign in to the network or proxy${setting ? `, or check ${setting}` : ''}`
        : `${setting ? `check ${setting}; ` : 'retry; '}nothing was installed`,
    },
  );
}
