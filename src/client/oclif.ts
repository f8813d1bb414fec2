// The one place commands get oclif from. Under oclif (help, the manifest,
// `kubesim --help`, any unusual path) these are oclif's own Command, Flags and
// Args. On the hot path (a kubectl verb with its arguments) the dispatcher
// sets `globalThis.__kubesimLite` before loading the command, and these are
// small stand-ins with the same shape: loading and configuring oclif costs more
// than everything else a `kubectl get pods` does (bench/startup.js), and a
// command only needs its flag table and a run loop.
import type { Command as OclifCommand, Flags as OclifFlags, Args as OclifArgs } from '@oclif/core';
import { LiteCommand, liteArgs, liteFlags } from './oclif-lite.js';

type Lite = { __kubesimLite?: boolean };

const lite = (globalThis as Lite).__kubesimLite === true;
type Core = typeof import('@oclif/core');
// @oclif/core is CommonJS: once bundled, its exports may sit on `default`.
const loaded = lite ? undefined : ((await import('@oclif/core')) as Core & { default?: Core });
const core: Core | undefined = loaded && (loaded.Command ? loaded : loaded.default);

export const Command = (core ? core.Command : LiteCommand) as unknown as typeof OclifCommand;
export const Flags = (core ? core.Flags : liteFlags) as unknown as typeof OclifFlags;
export const Args = (core ? core.Args : liteArgs) as unknown as typeof OclifArgs;
export const isLite = lite;
/** The instance type, for code that names it. */
export type Command = OclifCommand;
