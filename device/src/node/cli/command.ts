import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './cli-context.ts';
import { usageError } from './cli-error.ts';

/** Parsed flag values of one invocation. */
export type OptionValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** One CLI command: its flags, a usage line and what it does. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Arguments and flags after the command name. */
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CliContext, positionals: readonly string[], values: OptionValues): Promise<void>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** A positive number flag, or `fallback` when absent. */
export function numberOption(values: OptionValues, name: string, fallback: number): number {
  const text = stringOption(values, name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw usageError(`--${name} must be a positive number, got ${text}`);
  return value;
}

export function onePositional(positionals: readonly string[], what: string, usage: string): string {
  const [value, ...rest] = positionals;
  if (value === undefined || rest.length > 0) throw usageError(`expected ${what}; usage: ${usage}`);
  return value;
}

/** Formats a byte count for people (KiB/MiB). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
