/**
 * The process boundary: parse argv, run the command, map errors to messages and exit codes
 * (SPEC "Commands": 0 ok, 1 check failed, 2 usage, 3 precondition, 4 git/AI, 130 cancelled).
 * Stack traces only with --debug, or for a bug (InternalError / an unexpected error).
 */
import { CommanderError, buildProgram } from './program.js';

const argv = process.argv;
const debug = argv.includes('--debug');
const json = argv.includes('--json');

// NOTE: a reader that stops early (`csp status | head`) closes the pipe; that is not an error of
// csp's, so it ends quietly with what was written instead of a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  await (await buildProgram(argv)).parseAsync(argv);
} catch (error) {
  process.exitCode = await report(error);
}

async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // commander printed its own message (and the help, for --help) already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' || error.exitCode === 0) return 0;
    return 2;
  }
  const { renderError } = await import('./errors-render.js');
  return renderError(error, { debug, json, env: process.env, stdout: process.stdout, stderr: process.stderr });
}
