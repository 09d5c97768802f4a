import fs from "node:fs";
import path from "node:path";
import { importers } from "../importers";
import { SourceError } from "../importers/source";
import type { ImportOptions, SpecDocument } from "../spec/document";

/** A usage or input problem: printed as is, exit code 2 (`ExitCode.INPUT`). */
export class CliError extends Error {}

/** Reads a file and turns it into spec documents through the first importer that recognises it. */
export function loadDocuments(file: string, options: ImportOptions = {}): SpecDocument[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const importer = importers.find((candidate) => candidate.detect(path.basename(file), text));
  if (!importer) {
    throw new CliError(
      `${file}: not a format modelship reads. Fix: give a bodywork.yaml, or a modelship spec file whose documents start with 'kind:' (readers: ${importers.map((i) => i.name).join(", ")}).`,
    );
  }
  return importer.load(file, text, options);
}

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

/** Whether an error is one to print for the user (bad input), rather than a bug. */
export function isUserError(error: unknown): error is Error {
  return error instanceof CliError || error instanceof SourceError || (error instanceof Error && error.name === "ModelshipValidationError");
}
