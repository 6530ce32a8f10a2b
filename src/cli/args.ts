import { usageError } from '../errors.js';
import { closest } from './suggest.js';

export interface OptionSpec {
  name: string;
  short?: string;
  /** A string option takes a value: `--file X` or `--file=X`. */
  value?: string;
  /** The values a string option takes, offered by completion (the command checks the value). */
  choices?: readonly string[];
  description: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true | undefined>;
  /** Words after a bare `--`. */
  rest: string[];
}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', description: 'show this help' };

/** A deliberately small parser: gosw's commands have few options, and start-up must stay lean. */
export function parseArgs(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...specs, HELP_OPTION];
  const out: ParsedArgs = { positionals: [], options: {}, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.rest = argv.slice(i + 1);
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      out.positionals.push(word);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: OptionSpec | undefined;
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      name = eq === -1 ? word.slice(2) : word.slice(2, eq);
      inline = eq === -1 ? undefined : word.slice(eq + 1);
      spec = all.find((s) => s.name === name);
    } else {
      name = word.slice(1);
      spec = all.find((s) => s.short === name);
    }
    if (!spec) {
      const guess = closest(
        name.replace(/^-+/, ''),
        all.map((s) => s.name),
      );
      throw usageError(
        `unknown option '${word}' for 'gosw ${command}'`,
        guess ? `did you mean '--${guess}'? See 'gosw ${command} --help'.` : `see 'gosw ${command} --help'`,
      );
    }
    if (spec.value) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') {
        throw usageError(`option '--${spec.name}' needs a value (${spec.value})`, `see 'gosw ${command} --help'`);
      }
      out.options[spec.name] = value;
    } else {
      if (inline !== undefined) throw usageError(`option '--${spec.name}' takes no value`, `see 'gosw ${command} --help'`);
      out.options[spec.name] = true;
    }
  }
  return out;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}
