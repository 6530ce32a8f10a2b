import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { startExtraction } from './extract.js';
import { extractLimits, MAX_UNKNOWN_DOWNLOAD } from './limits.js';
import type { TarPlan as Plan } from './plan.js';
import type { QueuedLink } from './policy.js';
import { formatBytes, progressBar } from './progress.js';
import type { Opened, Source } from './sources/index.js';
import type { Verifier } from './verifiers/index.js';

/**
 * The unpack stage, one pass over one attempt's stream: every chunk is checked (gzip's magic first,
 * then the trusted size), fed to the verifier and to gunzip, and the tar stream is unpacked by a
 * worker into `work`. Until the verifier has passed, `work` holds only plain files and directories:
 * the archive's links come back queued, for the caller to make after verification.
 */
export async function unpack(
  ctx: Context,
  plan: Plan,
  source: Source,
  verifier: Verifier,
  o: Opened,
  work: string,
  opts: { quiet: boolean; onExtraction: (abort: () => Promise<void>) => void },
): Promise<{ links: QueuedLink[]; bytes: number }> {
  const quiet = opts.quiet;
  const total = plan.size ?? o.length;
  if (!quiet && !ctx.interactive) ctx.err(`gosw: downloading ${plan.filename}${total ? ` (${formatBytes(total)})` : ''} from ${o.where}`);
  // The index's size is trusted; with none, the bytes the source announces; else a hard cap.
  const maxBytes = total ?? MAX_UNKNOWN_DOWNLOAD;
  let bytes = 0;
  let head = Buffer.alloc(0);
  const bar = progressBar(ctx, plan.name, total, quiet);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (head.length < 2) {
        head = Buffer.concat([head, chunk.subarray(0, 512)]);
        if (head.length >= 2 && !(head[0] === 0x1f && head[1] === 0x8b)) return cb(notGzip(plan, source, o.where, head));
      }
      bytes += chunk.length;
      if (bytes > maxBytes) {
        return cb(
          new GoswError(
            'BAD_ARCHIVE',
            `${plan.filename} from ${o.where} is larger than the ${maxBytes} bytes ${plan.size !== undefined ? 'the release index gives' : 'expected'}; stopped`,
            {
              hint: 'the file is not the official archive (a bad mirror?); nothing was installed',
            },
          ),
        );
      }
      verifier.update(chunk);
      bar.add(chunk.length);
      cb(null, chunk);
    },
  });
  const extraction = startExtraction(work, plan.filename, extractLimits(total));
  opts.onExtraction(extraction.abort);
  try {
    await pipeline(o.stream, tap, createGunzip({ chunkSize: 256 * 1024 }), extraction.sink);
    const { links } = await extraction.done;
    bar.finish();
    if (plan.size !== undefined && bytes < plan.size && !verifier.matches())
      throw source.short(bytes, plan.size) ?? verifyError(verifier, bytes);
    return { links, bytes };
  } catch (err) {
    await extraction.abort();
    // An unsafe entry, a bound or a bad checksum is the more useful message than a broken pipe.
    if (err instanceof GoswError) throw err;
    if (
      errnoCode(err) === 'Z_DATA_ERROR' ||
      errnoCode(err) === 'Z_BUF_ERROR' ||
      /unexpected end of file|incorrect header check/i.test(String(err))
    ) {
      // A stream shorter than the trusted size was cut off (the source may retry); else damage.
      if (plan.size !== undefined && bytes < plan.size && !verifier.matches())
        throw source.short(bytes, plan.size) ?? verifyError(verifier, bytes);
      if (!verifier.matches()) throw verifyError(verifier, bytes);
      throw new GoswError('BAD_ARCHIVE', `${plan.filename} is not a valid gzip file`, { hint: 'the download is damaged; retry' });
    }
    throw err;
  }
}

function verifyError(verifier: Verifier, bytes: number): Error {
  try {
    verifier.check(bytes);
  } catch (err) {
    return err as Error;
  }
  return new Error('verifier passed a stream it said did not match'); // cannot happen
}

/** The first bytes are not gzip's: say what they are instead of "sha256 mismatch". */
function notGzip(plan: Plan, source: Source, where: string, head: Buffer): GoswError {
  const text = head.toString('latin1');
  const html = /^\s*</.test(text) && /<(!doctype|html|head|body|title|meta|script)/i.test(text);
  if (source.kind === 'file') {
    return new GoswError('BAD_ARCHIVE', `${where} is ${html ? 'an HTML page' : 'not a gzip archive'}, not a Go archive`, {
      hint: 'download the .tar.gz again (a browser may have saved a web page)',
    });
  }
  return new GoswError(
    'BAD_ARCHIVE',
    html
      ? `${where} served an HTML page instead of ${plan.filename} (a login page or captive portal?)`
      : `${where} served something that is not a gzip archive instead of ${plan.filename}`,
    {
      hint: html
        ? 'open the URL in a browser to see the page, sign in to the network or proxy, or check GOSW_MIRROR'
        : 'check GOSW_MIRROR / GOSW_DOWNLOAD_URL; nothing was installed',
    },
  );
}
