// A small command-line parser every `camwall` command shares, so that they all accept the same
// shapes (`--flag value`, `--flag=value`, `--bool`, repeated flags, `--` ends the flags) and fail
// the same way: a UsageError whose message names the flag and says what was expected. The
// caller prints the message plus its usage text and exits with EXIT_USAGE.
//
// node:util's parseArgs was the alternative; it has no numbers, no ranges, and its errors do not
// say which value was wrong, so every command would wrap it anyway.

import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  /** Repeated flags collect into an array; otherwise a second occurrence is a usage error. */
  multiple?: boolean;
  /** Inclusive bounds for 'number' flags. */
  min?: number;
  max?: number;
  /** Whole numbers only, for 'number' flags. */
  integer?: boolean;
  /** One line for the usage text. */
  description?: string;
  /** Placeholder in the usage text, e.g. 'DIR'. */
  valueName?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

type Scalar<F extends FlagSpec> = F['type'] extends 'number' ? number : string;
export type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['multiple'] extends true
    ? Scalar<F>[]
    : Scalar<F> | undefined;

export interface ParsedArgs<S extends FlagSpecs> {
  flags: { [K in keyof S]: FlagValue<S[K]> };
  positionals: string[];
  /** `--help` or `-h` was given; the command should print its usage and exit 0. */
  help: boolean;
}

export interface PositionalSpec {
  /** Names for the usage text, e.g. ['url']. */
  names: string[];
  min?: number;
  max?: number;
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false };

export function parseArgs<const S extends FlagSpecs>(
  argv: readonly string[],
  specs: S,
  positionalSpec: PositionalSpec = { names: [], min: 0, max: 0 },
): ParsedArgs<S> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    values[name] = spec.type === 'boolean' ? false : spec.multiple ? [] : undefined;
  }
  const seen = new Set<string>();
  const positionals: string[] = [];
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg.length === 2) {
      if (arg.startsWith('-') && arg.length > 1) {
        throw new UsageError(`unknown option '${arg}' (options are written --name)`);
      }
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option '--${name}'`);
    if (seen.has(name) && !spec.multiple) throw new UsageError(`--${name} was given more than once`);
    seen.add(name);

    if (spec.type === 'boolean') {
      if (equals === -1) {
        values[name] = true;
      } else {
        const word = arg.slice(equals + 1).toLowerCase();
        const value = BOOLEAN_WORDS[word];
        if (value === undefined) throw new UsageError(`--${name} takes no value or one of true/false, not '${arg.slice(equals + 1)}'`);
        values[name] = value;
      }
      continue;
    }

    let raw: string;
    if (equals !== -1) {
      raw = arg.slice(equals + 1);
    } else {
      const next = argv[i + 1];
      // A following '--other' flag means the value was forgotten; '-5' is still a value.
      if (next === undefined || next.startsWith('--')) {
        throw new UsageError(`--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}`);
      }
      raw = next;
      i++;
    }
    const value = spec.type === 'number' ? parseNumber(name, raw, spec) : raw;
    if (spec.multiple) (values[name] as unknown[]).push(value);
    else values[name] = value;
  }

  const min = positionalSpec.min ?? positionalSpec.names.length;
  const max = positionalSpec.max ?? positionalSpec.names.length;
  if (!help) {
    if (positionals.length < min) {
      const missing = positionalSpec.names.slice(positionals.length, min).map((n) => `<${n}>`).join(' ');
      throw new UsageError(`missing ${missing}`);
    }
    if (positionals.length > max) {
      throw new UsageError(`unexpected argument '${positionals[max]}'`);
    }
  }
  return { flags: values as ParsedArgs<S>['flags'], positionals, help };
}

function parseNumber(name: string, raw: string, spec: FlagSpec): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not '${raw}'`);
  if (spec.integer && !Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number, not '${raw}'`);
  if (spec.min !== undefined && value < spec.min) throw new UsageError(`--${name} must be at least ${spec.min}, not ${raw}`);
  if (spec.max !== undefined && value > spec.max) throw new UsageError(`--${name} must be at most ${spec.max}, not ${raw}`);
  return value;
}

/** Usage text from the same specs the parser uses, so the two never disagree. */
export function formatUsage(command: string, specs: FlagSpecs, positionalSpec: PositionalSpec = { names: [] }): string {
  const args = positionalSpec.names.map((n) => `<${n}>`).join(' ');
  const rows = Object.entries(specs).map(([name, spec]) => {
    const left = spec.type === 'boolean' ? `--${name}` : `--${name} ${spec.valueName ?? (spec.type === 'number' ? 'N' : 'VALUE')}`;
    const repeat = spec.multiple ? ' (repeatable)' : '';
    return `  ${left.padEnd(24)} ${spec.description ?? ''}${repeat}`;
  });
  return `usage: camwall ${command} ${args} [options]\n\noptions:\n${rows.join('\n')}\n  ${'--help'.padEnd(24)} show this help`;
}

export type CommandLine<C> = { ok: true; config: C } | { ok: false; exitCode: number };

/**
 * A command's whole argument handling: parses, prints the usage on --help (exit 0) or after a
 * usage error (exit 2, on stderr with the command's name), and otherwise turns the parsed
 * arguments into the command's config with `read` (which throws UsageError for bad values).
 */
export function readCommandLine<const S extends FlagSpecs, C>(
  command: string,
  argv: readonly string[],
  specs: S,
  positionalSpec: PositionalSpec,
  usage: () => string,
  read: (parsed: ParsedArgs<S>) => C,
): CommandLine<C> {
  try {
    const parsed = parseArgs(argv, specs, positionalSpec);
    if (parsed.help) {
      console.log(usage());
      return { ok: false, exitCode: EXIT_OK };
    }
    return { ok: true, config: read(parsed) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`camwall ${command}: ${error.message}\n\n${usage()}`);
    return { ok: false, exitCode: EXIT_USAGE };
  }
}
