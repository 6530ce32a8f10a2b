import { HELP_OPTION, type OptionSpec } from './args.js';
import { COMMANDS, type CommandInfo } from './table.js';

export function mainHelp(version: string): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `gosw ${version}: switch between Go toolchains, verified installs, per-distro caches`,
    '',
    'Usage: gosw <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}${aliasText(c)}`),
    '',
    'Options:',
    '  -h, --help     show help (also: gosw help <command>)',
    '  -V, --version  print the version of gosw',
    '',
    "Run 'gosw <command> --help' for a command's options and examples.",
  ].join('\n');
}

function aliasText(c: CommandInfo): string {
  return c.aliases?.length ? ` (also: ${c.aliases.join(', ')})` : '';
}

function optionLine(o: OptionSpec, width: number): string {
  const left = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
  return `  ${left.padEnd(width)}  ${o.description}`;
}

export function commandHelp(c: CommandInfo): string {
  const opts = [...c.options, HELP_OPTION];
  const width = Math.max(...opts.map((o) => o.name.length + (o.value ? o.value.length + 1 : 0) + 6));
  return [
    `gosw ${c.name}: ${c.summary}${aliasText(c)}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    ...opts.map((o) => optionLine(o, width)),
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
    ...(c.notes ?? []).flatMap((n) => ['', ...wrap(n, 78)]),
  ].join('\n');
}

/** Word-wraps a paragraph of help text. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
