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
// head`) or a closed stdout (`csp export >&-`) ends csp with exit 3 and one line on stderr, never
// exit 0 with the document gone (issue 19), and never a stack trace.
const lostOutput = (why: string) => {
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
const { stdoutWasClosed } = await import('./stdout-closed.js');
if (stdoutWasClosed()) {
  // NOTE: Node points a closed stdout at /dev/null before csp starts, so writes to it succeed;
  // what a command writes there is counted, and lost output is an error at the end.
  let lost = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    lost += typeof chunk === 'string' ? chunk.length : (chunk as Uint8Array)?.length ?? 0;
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.on('exit', () => {
    if (lost > 0) {
      process.stderr.write(`csp: error: the output was not written: stdout is closed (${lost} characters lost); write to a file with -o <file> or > <file>\n`);
      if (!process.exitCode) process.exitCode = 3;
    }
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
