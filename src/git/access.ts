/**
 * How csp reads what git has for an InfoHub: the port, the repository's top level, and whether
 * its checkout is sparse (issue 20: a sparse checkout may leave files in git but off the disk).
 */
import type { GitPort } from './port.js';

/** Where csp asks git about snapshots: the port, the repository's top level, and whether its checkout is sparse. */
export interface GitAccess {
  port: GitPort;
  repo: string;
  /**
   * True when the working tree may leave files out (`core.sparseCheckout`): only then are
   * snapshots looked up in HEAD's tree too (a full checkout has them all on disk, and a lookup
   * costs a git run).
   */
  sparse: boolean;
}

/** The GitAccess of a repository: asks git whether its checkout is sparse. */
export async function gitAccessOf(port: GitPort, repo: string): Promise<GitAccess> {
  return { port, repo, sparse: (await port.config(repo, 'core.sparseCheckout'))?.toLowerCase() === 'true' };
}
