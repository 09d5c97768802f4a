/**
 * Exit codes of every `modelship` command, so CI can tell a policy finding from a broken input
 * (the convention of linters such as ESLint and of grep: 1 = findings, 2 = could not run).
 */
export const ExitCode = {
  /** Success (`check`: no errors, and no warnings with `--fail-on-warnings`). */
  OK: 0,
  /** `check` found policy errors (or warnings with `--fail-on-warnings`). */
  POLICY: 1,
  /** Bad usage or bad input: unknown option, unreadable or invalid file, props that fail validation, unwritable `--out`. */
  INPUT: 2,
  /** A bug in modelship (the stack trace is printed). */
  INTERNAL: 3,
} as const;
