#!/usr/bin/env node
import { processEnvironment, quietAwsSdkNodeWarning } from '../config/process-env.js';
import { runCli } from './run-cli.js';

// The `scale-review` binary: wires the process into runCli and sets the exit code.

// `scale-review plan | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

quietAwsSdkNodeWarning();

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: processEnvironment(),
  now: () => new Date(),
  cwd: process.cwd(),
});
