/** A git repository for a benchmark: git init with a bench identity, then `csp init acme`. */
import { execFileSync } from 'node:child_process';

/** Makes dir a git repository (bench identity, no signing) holding account acme, created by the csp at bin. */
export function initBenchRepo(dir, bin, env, owner = 'Priya') {
  execFileSync('git', ['init', '-q', '-b', 'main', dir]);
  for (const [k, v] of [
    ['user.name', 'Bench'],
    ['user.email', 'b@example.com'],
    ['commit.gpgsign', 'false'],
  ])
    execFileSync('git', ['config', k, v], { cwd: dir });
  execFileSync(process.execPath, [bin, 'init', 'acme', '--name', 'Acme', '--owner', owner], {
    cwd: dir,
    env,
    stdio: 'ignore',
  });
}
