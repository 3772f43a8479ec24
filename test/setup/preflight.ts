/**
 * Vitest globalSetup, run before the servers' own setups (see vitest.config.ts): checks every tool
 * the test servers need and names ALL the missing ones in one message, each with what to install or
 * which variable to set, instead of failing on the first and on the next try on the second.
 *
 * A server's setup registers its check by adding it to TOOL_CHECKS below (one line).
 */
import { ferretdbToolCheck } from './ferretdb.js';
import { motoToolCheck } from './moto.js';
import { postgresToolCheck } from './postgres.js';

export interface ToolCheck {
  /** What the tool serves, e.g. "FerretDB 1.24.2 (the MongoDB tests)". */
  name: string;
  /**
   * The problem and its fix, or null when nothing is missing: the tool is there, its build is
   * cached already, or an override variable points the tests at a server of their own.
   */
  check(): string | null;
}

/** Every tool check of the integration tier, in the order they are reported. */
export const TOOL_CHECKS: readonly ToolCheck[] = [
  ferretdbToolCheck,
  motoToolCheck,
  postgresToolCheck,
];

/** Thrown by the preflight; one message listing every missing tool. */
export class MissingToolsError extends Error {
  override readonly name = 'MissingToolsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      [
        `the integration tests need ${problems.length === 1 ? 'a tool that is' : 'tools that are'} missing:`,
        ...problems.map((problem) => `  - ${problem}`),
        '(`npm run test:unit` runs the unit tier, which needs none of them)',
      ].join('\n'),
    );
    this.problems = problems;
  }
}

/** Runs every check; the problems of the failing ones, each prefixed with the check's name. */
export function missingTools(checks: readonly ToolCheck[] = TOOL_CHECKS): string[] {
  return checks.flatMap((tool) => {
    const problem = tool.check();
    return problem === null ? [] : [`${tool.name}: ${problem}`];
  });
}

/**
 * Vitest reports a global setup that throws as an "Unhandled Error" preceded by a misleading "No
 * test files found", so the preflight prints its one message and ends the run itself (exit 1).
 * Nothing has been started yet: it is the first global setup.
 */
export default function preflight(): void {
  const problems = missingTools();
  if (problems.length === 0) return;
  process.stderr.write(`\n${new MissingToolsError(problems).message}\n\n`);
  process.exit(1);
}
