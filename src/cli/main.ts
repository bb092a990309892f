/**
 * The process boundary: parse argv, run the command, map errors to messages and exit codes
 * (SPEC "Commands": 0 ok, 1 check failed, 2 usage, 3 precondition, 4 git/AI, 130 cancelled).
 * Stack traces only with --debug, or for a bug (InternalError / an unexpected error).
 */
import { CommanderError, buildProgram } from './program.js';

const argv = process.argv;
const debug = argv.includes('--debug');
const json = argv.includes('--json');

// NOTE: with a file size limit (ulimit -f), a write past it raises SIGXFSZ, whose default action
// kills the process mid-write; ignored, the write fails with EFBIG, which csp reports (exit 3)
// with the old file intact (issue 19).
process.on('SIGXFSZ', () => {});

// NOTE: output that cannot be written is lost output: a reader that stops early (`csp export |
// head`) or a stdout that is closed (EBADF) ends csp with exit 3 and one line on stderr, never
// exit 0 with the document gone (issue 19), and never a stack trace. (Node points a stdout closed
// before it started at /dev/null: csp export checks for that itself, cli/stdout-closed.ts.)
const lostOutput = (why: string) => {
  // NOTE: help cut short by `| head` is what the reader asked for: it ends quietly, as before.
  if (argv.some((a) => a === '--help' || a === '-h' || a === 'help')) process.exit(process.exitCode ?? 0);
  try {
    process.stderr.write(`csp: error: the output was not written: ${why}\n`);
  } catch {
    // NOTE: stderr may be closed too; the exit code still says it.
  }
  process.exit(3);
};
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') lostOutput('the reader of stdout closed it before csp finished writing');
  else if (error.code === 'EBADF') lostOutput('stdout is closed');
  else throw error;
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' || error.code === 'EBADF') process.exit(process.exitCode || 3);
  throw error;
});
try {
  await (await buildProgram(argv)).parseAsync(argv);
} catch (error) {
  process.exitCode = await report(error);
}

async function report(error: unknown): Promise<number> {
  if (error instanceof CommanderError) {
    // commander printed its own message (and the help, for --help) already.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help' ||
      error.exitCode === 0
    )
      return 0;
    return 2;
  }
  const [{ renderError }, { infohubHints }, { infohubArgument }] = await Promise.all([
    import('./errors-render.js'),
    import('./context.js'),
    import('./hint-infohub.js'),
  ]);
  const hints = await infohubHints(infohubArgument(argv.slice(2)));
  return renderError(error, { debug, json, env: process.env, stdout: process.stdout, stderr: process.stderr, hints });
}
