/**
 * A progress bar on stderr for whole-InfoHub work (issue 4): shown only on a terminal, only once
 * the work has run for a second, redrawn at most ten times a second, and erased when done, so
 * that quick runs, pipes, CI logs and --json output never see it.
 */
import type { ScanProgress as Progress } from '../storage/scan.js';
import type { OutStream } from './render.js';

/** Shows the bar after this many milliseconds. */
const PROGRESS_DELAY_MS = 1_000;

/**
 * A progress bar for a stream; a no-op unless the stream is a terminal.
 * @param now the clock in milliseconds (injected for tests)
 */
export function createProgress(
  stream: OutStream,
  label: string,
  now: () => number = () => performance.now(),
): Progress {
  if (!stream.isTTY) return { start() {}, tick() {}, done() {} };
  let total = 0;
  let began = 0;
  let drawn = 0;
  let shown = false;
  const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
  const draw = (done: number) => {
    const part = total === 0 ? 1 : done / total;
    const filled = Math.round(part * width);
    stream.write(
      `\r${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`,
    );
  };
  return {
    start(n) {
      total = n;
      began = now();
    },
    tick(done) {
      const t = now();
      if (t - began < PROGRESS_DELAY_MS || t - drawn < 100) return;
      shown = true;
      drawn = t;
      draw(done);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
