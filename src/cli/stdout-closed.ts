/**
 * Whether csp was started with stdout closed (`csp export >&-`). Node reopens a closed stdio
 * descriptor on /dev/null, read-write, before any JavaScript runs, so the writes would succeed and
 * the output be lost without a word; a shell's `> /dev/null` opens it write-only. Linux only
 * (/proc); elsewhere false.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** True when fd 1 is /dev/null opened read-write: the descriptor Node put in place of a closed stdout. */
export function stdoutWasClosed(): boolean {
  try {
    if (readlinkSync('/proc/self/fd/1') !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/fdinfo/1', 'utf8'))?.[1];
    return flags !== undefined && (parseInt(flags, 8) & 3) === 2;
  } catch {
    return false;
  }
}
