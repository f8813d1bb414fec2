// The stand-ins for oclif's Command, Flags and Args that the hot path runs commands with
// (see src/client/oclif.ts). The CommonJS bundle of the hot path (scripts/bundle.mjs,
// dist/hot/cli.cjs) resolves src/client/oclif.ts to this file, so it holds no oclif at all.
import type { Command as OclifCommand, Flags as OclifFlags, Args as OclifArgs } from '@oclif/core';

interface LiteFlagOptions {
  char?: string;
  multiple?: boolean;
  default?: unknown;
  [key: string]: unknown;
}

export const liteFlags = {
  string: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'option' as const }),
  boolean: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'boolean' as const }),
  integer: (opts: LiteFlagOptions = {}) => ({ ...opts, type: 'option' as const }),
};

export const liteArgs = {
  string: (opts: Record<string, unknown> = {}) => ({ ...opts }),
};

/** The run loop of an oclif command, without oclif: init, run, catch, finally. */
export class LiteCommand {
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

export const Command = LiteCommand as unknown as typeof OclifCommand;
export const Flags = liteFlags as unknown as typeof OclifFlags;
export const Args = liteArgs as unknown as typeof OclifArgs;
export const isLite = true;
/** The instance type, for code that names it. */
export type Command = OclifCommand;
