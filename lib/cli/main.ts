#!/usr/bin/env node
import { HelpRequest, isUserError } from "./args";
import { ExitCode } from "./exit-codes";
import { CHECK_USAGE, GRAPH_USAGE, SYNTH_USAGE } from "./usage";

/** A subcommand: takes the arguments after its name, returns the exit code. */
export type Command = (argv: readonly string[]) => Promise<number>;

/**
 * The subcommands, with a one-line usage each. Add a command with one line here. Each command's
 * module is loaded when it runs, so `--help` (and every other command) loads only what it uses.
 */
export const commands: Readonly<Record<string, { readonly run: Command; readonly usage: string }>> = {
  synth: { run: async (argv) => (await import("./synth")).synthCommand(argv), usage: SYNTH_USAGE },
  graph: { run: async (argv) => (await import("./graph")).graphCommand(argv), usage: GRAPH_USAGE },
  check: { run: async (argv) => (await import("./check")).checkCommand([...argv]), usage: CHECK_USAGE },
};

function usage(): string {
  return ["Usage:", ...Object.values(commands).map((command) => `  ${command.usage}`)].join("\n");
}

/** Runs the CLI; returns the exit code ({@link ExitCode}). Bad input prints a message (no stack) and returns 2. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.INPUT : ExitCode.OK;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`modelship: unknown command '${name}'.\n${usage()}\n`);
    return ExitCode.INPUT;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof HelpRequest) {
      process.stdout.write(`Usage: ${error.usage}\n`);
      return ExitCode.OK;
    }
    if (!isUserError(error)) throw error;
    process.stderr.write(`modelship ${name}: ${error.message}\n`);
    return ExitCode.INPUT;
  }
}

/**
 * A reader that goes away (`modelship check --list | head -1`) closes our stdout: stop quietly, as
 * Unix tools do, instead of failing with an EPIPE stack trace.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.OK);
    throw error;
  });
}

if (require.main === module) {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`modelship: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = ExitCode.INTERNAL;
    },
  );
}
