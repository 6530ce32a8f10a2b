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
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also: gosw help <command>)',
    '  -V, --version  print the version of gosw',
    '',
    "Run 'gosw <command> --help' for a command's options and examples.",
  ].join('\n');
}

function optionLine(o: OptionSpec, width: number): string {
  const left = `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
  return `  ${left.padEnd(width)}  ${o.description}`;
}

export function commandHelp(c: CommandInfo): string {
  const opts = [...c.options, HELP_OPTION];
  const width = Math.max(...opts.map((o) => o.name.length + (o.value ? o.value.length + 1 : 0) + 6));
  return [
    `gosw ${c.name}: ${c.summary}`,
    '',
    `Usage: ${c.usage}`,
    '',
    'Options:',
    ...opts.map((o) => optionLine(o, width)),
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
  ].join('\n');
}
