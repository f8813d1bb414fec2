// The one place commands get oclif from. Under oclif (help, the manifest,
// `kubesim --help`, any unusual path) these are oclif's own Command, Flags and
// Args. On the hot path (a kubectl verb with its arguments) the dispatcher
// sets `globalThis.__kubesimLite` before loading the command, and these are
// small stand-ins with the same shape: loading and configuring oclif costs more
// than everything else a `kubectl get pods` does (bench/startup.js), and a
// command only needs its flag table and a run loop.
import type { Command as OclifCommand, Flags as OclifFlags, Args as OclifArgs } from '@oclif/core';

type Lite = { __kubesimLite?: boolean };

const lite = (globalThis as Lite).__kubesimLite === true;
type Core = typeof import('@oclif/core');
// @oclif/core is CommonJS: once bundled, its exports may sit on `default`.
const loaded = lite ? undefined : ((await import('@oclif/core')) as Core & { default?: Core });
const core: Core | undefined = loaded && (loaded.Command ? loaded : loaded.default);

interface LiteFlagOptions {
  char?: string;
  multiple?: boolean;
  default?: unknown;
  [key: string]: unknown;
}

const liteFlags = {
  string: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'option' as const }),
  boolean: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'boolean' as const }),
  integer: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'option' as const }),
};

const liteArgs = {
  string: (opts: Record<string, unknown> = {}) => ({ ...opts }),
};

/** The run loop of an oclif command, without oclif: init, run, catch, finally. */
class LiteCommand {
  static id: string;
  id: string;
  constructor(
    public argv: string[],
    public config: unknown,
  ) {
    this.id = (this.constructor as typeof LiteCommand).id;
  }
  get ctor(): typeof LiteCommand {
    return this.constructor as typeof LiteCommand;
  }
  async init(): Promise<void> {}
  async run(): Promise<unknown> {
    return undefined;
  }
  async catch(err: Error): Promise<unknown> {
    throw err;
  }
  async finally(_err: Error | undefined): Promise<unknown> {
    return undefined;
  }
  async _run(): Promise<unknown> {
    let err: Error | undefined;
    try {
      await this.init();
      return await this.run();
    } catch (error) {
      err = error as Error;
      await this.catch(err);
    } finally {
      await this.finally(err);
    }
    return undefined;
  }
}

export const Command = (core ? core.Command : LiteCommand) as unknown as typeof OclifCommand;
export const Flags = (core ? core.Flags : liteFlags) as unknown as typeof OclifFlags;
export const Args = (core ? core.Args : liteArgs) as unknown as typeof OclifArgs;
export const isLite = lite;
/** The instance type, for code that names it. */
export type Command = OclifCommand;
