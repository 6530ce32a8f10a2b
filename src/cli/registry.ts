import type { Context } from '../context.js';
import type { OptionSpec, ParsedArgs } from './args.js';

export interface CommandModule {
  run(ctx: Context, args: ParsedArgs): Promise<number | void>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  examples: string[];
  /** Loaded only when the command runs, so one command's dependencies never slow another's start. */
  load(): Promise<CommandModule>;
}

const QUIET: OptionSpec = { name: 'quiet', short: 'q', description: 'print only errors' };
const OFFLINE: OptionSpec = { name: 'offline', description: 'use the cached release index only; no network' };
const JSON_OPT: OptionSpec = { name: 'json', description: 'print JSON' };

export const COMMANDS: CommandSpec[] = [
  {
    name: 'install',
    summary: 'download, verify and unpack Go versions into the store',
    usage: 'gosw install [options] <spec>...\n       gosw install --file <go1.X.Y.os-arch.tar.gz> [--sha256 HEX]',
    options: [
      { name: 'force', short: 'f', description: 'reinstall even if the version is installed' },
      { name: 'file', value: 'PATH', description: 'install from a local tarball, checked against the index' },
      { name: 'sha256', value: 'HEX', description: 'expected sha256 of --file when the index cannot be had' },
      OFFLINE,
      QUIET,
    ],
    examples: ['gosw install 1.22.5', 'gosw install 1.22 latest', 'GOSW_MIRROR=https://mirror.example/go gosw install 1.23'],
    load: () => import('../commands/install.js'),
  },
  {
    name: 'uninstall',
    summary: 'remove an installed Go version',
    usage: 'gosw uninstall <spec>',
    options: [QUIET],
    examples: ['gosw uninstall 1.21.13', 'gosw uninstall 1.21   # only if one 1.21.x is installed'],
    load: () => import('../commands/uninstall.js'),
  },
  {
    name: 'list',
    summary: 'list installed Go versions',
    usage: 'gosw list [--json]',
    options: [JSON_OPT],
    examples: ['gosw list', 'gosw list --json'],
    load: () => import('../commands/list.js'),
  },
  {
    name: 'list-remote',
    summary: 'list Go versions available for download',
    usage: 'gosw list-remote [prefix] [--all] [--json]',
    options: [
      { name: 'all', short: 'a', description: 'include prereleases and unsupported lines' },
      JSON_OPT,
      OFFLINE,
    ],
    examples: ['gosw list-remote', 'gosw list-remote 1.21', 'gosw list-remote --all --json'],
    load: () => import('../commands/list-remote.js'),
  },
  {
    name: 'which',
    summary: 'print the GOROOT of an installed version',
    usage: 'gosw which <spec>',
    options: [],
    examples: ['gosw which 1.22', '"$(gosw which 1.22.5)/bin/go" version'],
    load: () => import('../commands/which.js'),
  },
  {
    name: 'env',
    summary: 'print the shell integration: eval "$(gosw env)" in ~/.bashrc or ~/.zshrc',
    usage: 'gosw env [--shell bash|zsh]\n       gosw env --format json|dotenv|systemd [<spec>]',
    options: [
      { name: 'shell', short: 's', value: 'SHELL', description: 'bash or zsh (default: the shell that runs gosw, else $SHELL)' },
      { name: 'format', value: 'FORMAT', description: 'print the environment (GOROOT, PATH, GOTOOLCHAIN, GOCACHE) as json, dotenv or systemd' },
    ],
    examples: [
      'echo \'eval "$(gosw env)"\' >> ~/.bashrc',
      'eval "$(gosw env --shell zsh)"',
      'gosw env --format systemd 1.22 > ~/.config/gosw/build.env   # EnvironmentFile= in a user unit',
    ],
    load: () => import('../commands/env.js'),
  },
  {
    name: 'current',
    summary: 'show the Go version selected here, and why',
    usage: 'gosw current [--json]',
    options: [JSON_OPT],
    examples: ['gosw current', 'gosw current --json'],
    load: () => import('../commands/current.js'),
  },
  {
    name: 'local',
    summary: 'pin a version for this directory (writes .go-version)',
    usage: 'gosw local <spec>',
    options: [],
    examples: ['gosw local 1.22', 'gosw local 1.22.5'],
    load: () => import('../commands/local.js'),
  },
  {
    name: 'global',
    summary: 'set the default version used outside any project',
    usage: 'gosw global [<spec> | --unset]',
    options: [{ name: 'unset', description: 'remove the global default' }],
    examples: ['gosw global latest', 'gosw global 1.22', 'gosw global --unset'],
    load: () => import('../commands/global.js'),
  },
  {
    name: 'shell',
    summary: 'use a version in this shell only (needs eval "$(gosw env)")',
    usage: 'gosw shell <spec>\n       gosw shell --unset',
    options: [
      { name: 'unset', description: 'stop overriding; version files apply again' },
      { name: 'print', description: 'print the value for GOSW_VERSION (used by the shell function)' },
    ],
    examples: ['gosw shell 1.21', 'gosw shell --unset'],
    load: () => import('../commands/shell.js'),
  },
  {
    name: 'exec',
    summary: 'run a command with a version\'s environment, without the hook',
    usage: 'gosw exec [<spec>] -- <command> [args...]',
    options: [],
    examples: ['gosw exec 1.22 -- go build ./...', 'gosw exec -- go test ./...   # the version selected here'],
    load: () => import('../commands/exec.js'),
  },
  {
    name: 'doctor',
    summary: 'check for the classic breakages: shadowing go, GOROOT, caches on NTFS, store health',
    usage: 'gosw doctor [--fix] [--json]',
    options: [JSON_OPT, { name: 'fix', description: 'remove what crashed gosw runs left (dead processes only), restore a version a killed install --force moved aside, rewrite stale aliases' }],
    examples: ['gosw doctor', 'gosw doctor --fix', 'gosw doctor --json | jq .checks'],
    load: () => import('../commands/doctor.js'),
  },
  {
    name: 'cache',
    summary: 'show or prune the per-distro Go build cache',
    usage: 'gosw cache info [--json] [--format prometheus] [--scope S | --all-scopes]\n       gosw cache prune [--older-than 30d] [--max-size 10G] [--scope S | --all-scopes] [--dry-run]',
    options: [
      JSON_OPT,
      { name: 'format', value: 'FORMAT', description: 'prometheus: a node_exporter textfile' },
      { name: 'scope', value: 'S', description: 'act on another distro\'s cache' },
      { name: 'all-scopes', description: 'act on every distro\'s cache' },
      { name: 'older-than', value: 'AGE', description: 'prune entries unused for longer (30d, 12h)' },
      { name: 'max-size', value: 'SIZE', description: 'prune least recently used entries until under SIZE (10G)' },
      { name: 'dry-run', short: 'n', description: 'say what prune would remove' },
    ],
    examples: ['gosw cache info', 'gosw cache info --all-scopes --format prometheus > /var/lib/node_exporter/gosw.prom', 'gosw cache prune --older-than 30d --max-size 10G'],
    load: () => import('../commands/cache.js'),
  },
  {
    name: 'completion',
    summary: 'print shell completion for bash or zsh',
    usage: 'gosw completion bash|zsh',
    options: [{ name: 'complete', description: 'print candidates for the words after --, one per line (used by the scripts)' }],
    examples: ['source <(gosw completion bash)   # in ~/.bashrc', 'source <(gosw completion zsh)    # in ~/.zshrc, after compinit'],
    load: () => import('../commands/completion.js'),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
