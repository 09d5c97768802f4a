/**
 * What every command needs to read its arguments and report bad input, kept free of heavy imports
 * (importers, schemas) so `modelship --help` starts fast.
 */

/** A usage or input problem: printed as is, exit code 2 (`ExitCode.INPUT`). */
export class CliError extends Error {}

/** `-h`/`--help` was given: `main` prints `usage` to stdout and exits 0. */
export class HelpRequest extends Error {
  constructor(readonly usage: string) {
    super(usage);
  }
}

/** Parsed `--flag value` / `--flag` options and positional arguments. */
export interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Record<string, string | true>;
}

/**
 * Parses argv against the flags a command takes (`valued` need a value); unknown flags are errors.
 * `-h`/`--help` throws a `HelpRequest` carrying the command's `usage`.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], switches: readonly string[], usage: string): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") throw new HelpRequest(usage);
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (valued.includes(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === "") throw new CliError(`--${flag} needs a value.`);
      flags[flag] = value;
    } else if (switches.includes(flag) && inline === undefined) {
      flags[flag] = true;
    } else {
      throw new CliError(`unknown option '${arg}'. Options: ${[...valued.map((f) => `--${f} <value>`), ...switches.map((f) => `--${f}`)].join(", ")}.`);
    }
  }
  return { positional, flags };
}

/**
 * Whether an error is one to print for the user (bad input), rather than a bug. Matched by name
 * for the validation errors (`SourceError` extends `ModelshipValidationError`), so this module
 * does not load them.
 */
export function isUserError(error: unknown): error is Error {
  return error instanceof CliError || (error instanceof Error && (error.name === "ModelshipValidationError" || error.name === "SourceError"));
}
