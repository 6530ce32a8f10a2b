/** Exit codes are part of the CLI contract (see README). */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
} as const;

export type ErrorCode =
  | 'USAGE'
  | 'BAD_VERSION'
  | 'VERSION_NOT_FOUND'
  | 'NOT_INSTALLED'
  | 'AMBIGUOUS'
  | 'NO_ARCHIVE'
  | 'UNSUPPORTED_PLATFORM'
  | 'NETWORK'
  | 'HTTP_STATUS'
  | 'BAD_INDEX'
  | 'OFFLINE'
  | 'CHECKSUM'
  | 'SECURITY'
  | 'UNSAFE_ARCHIVE'
  | 'BAD_ARCHIVE'
  | 'STORE'
  | 'LOCK'
  | 'IO';

/**
 * Every error a user can cause or meet. `message` is one line naming the input;
 * `hint` says what to do next. main.ts prints both, and the stack only with GOSW_DEBUG=1.
 */
export class GoswError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, opts: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'GoswError';
    this.code = code;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? (code === 'USAGE' ? EXIT.usage : EXIT.failure);
  }
}

export function usageError(message: string, hint?: string): GoswError {
  return new GoswError('USAGE', message, { hint });
}

/** A Node system error's code (ENOENT, EACCES, ...), or undefined. */
export function errnoCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string'
    ? (err as { code: string }).code
    : undefined;
}
