/**
 * The loaders: each command's module, imported only when that command runs, so one command's
 * dependencies never slow another's start. The data about commands (names, options, help,
 * completion) is in table.ts, which imports nothing from src/commands/; only main.ts needs this.
 */
import type { Context } from '../context.js';
import type { ParsedArgs } from './args.js';
import { type CommandInfo, type CommandName, findCommand as findInfo, COMMANDS as TABLE } from './table.js';

export interface CommandModule {
  run(ctx: Context, args: ParsedArgs): Promise<number | undefined>;
}

export interface CommandSpec extends CommandInfo {
  load(): Promise<CommandModule>;
}

/** One loader per row of the table: a missing or extra one is a type error. */
const LOADERS: Record<CommandName, () => Promise<CommandModule>> = {
  install: () => import('../commands/install.js'),
  uninstall: () => import('../commands/uninstall.js'),
  list: () => import('../commands/list.js'),
  'list-remote': () => import('../commands/list-remote.js'),
  which: () => import('../commands/which.js'),
  env: () => import('../commands/env.js'),
  current: () => import('../commands/current.js'),
  local: () => import('../commands/local.js'),
  global: () => import('../commands/global.js'),
  shell: () => import('../commands/shell.js'),
  exec: () => import('../commands/exec.js'),
  doctor: () => import('../commands/doctor.js'),
  cache: () => import('../commands/cache.js'),
  mirror: () => import('../commands/mirror.js'),
  completion: () => import('../commands/completion.js'),
};

export const COMMANDS: readonly CommandSpec[] = TABLE.map((c) => ({ ...c, load: LOADERS[c.name] }));

/** The command for a name or one of its aliases: table.ts decides, this adds the loader. */
export function findCommand(name: string): CommandSpec | undefined {
  const info = findInfo(name);
  return info && COMMANDS.find((c) => c.name === info.name);
}
