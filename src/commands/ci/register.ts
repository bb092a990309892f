/** `csp ci github|gitlab`: registration (options, help, example). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp ci (github, gitlab). */
export function registerCi(program: Command): void {
  const ci = program
    .command('ci')
    .description("write the InfoHub repository's CI: validate pull requests, check sync, scheduled reminders")
    .addHelpText(
      'after',
      `
Examples:
  $ csp ci github              # .github/workflows/csp.yml
  $ csp ci gitlab              # .gitlab-ci.yml`,
    );
  const shared = (command: Command) =>
    command
      .option('--package <spec>', 'the npm package spec CI installs csp from (default: @csp-tools/csp@<this version>)')
      .option('--force', 'replace the file when it exists')
      .option('--dry-run', 'print the file, write nothing');
  shared(
    ci
      .command('github')
      .description('write .github/workflows/csp.yml (GitHub Actions)')
      .option('--branch <name>', 'the branch whose pushes check the whole InfoHub (default: origin/HEAD, else the current branch)'),
  )
    .addHelpText(
      'after',
      `
Pull requests: csp validate --changed-since the base branch, with annotations on the changed
lines, and csp sync --check. Pushes to the branch: the whole InfoHub. Each weekday at 06:00 UTC
(and on a manual run): csp remind --ics, uploaded as the csp-reminders artifact. Pushes and the
morning run publish the portfolio dashboard (csp site) to GitHub Pages (Settings > Pages > Source:
GitHub Actions; keep it private: the account pages are internal). CI installs csp
with npm install -g "$CSP_PACKAGE" (the env at the top of the file).

Examples:
  $ csp ci github
  $ csp ci github --dry-run
  $ csp ci github --package @csp-tools/csp@0.1.0 --force`,
    )
    .action(lazyAction(() => import('./run.js').then((m) => ({ main: m.mainGithub }))));
  shared(
    ci
      .command('gitlab')
      .description('write .gitlab-ci.yml (GitLab CI/CD), or with --include a file to include from yours')
      .option('--include', 'write .gitlab/csp.gitlab-ci.yml to include from an existing .gitlab-ci.yml'),
  )
    .addHelpText(
      'after',
      `
Merge requests: csp validate --changed-since the merge request's base, as a code quality report
and a JUnit report, and csp sync --check. The default branch: the whole InfoHub. A scheduled
pipeline (Build > Pipeline schedules): csp remind --ics, kept as an artifact. The default branch
and the schedule publish the portfolio dashboard (csp site) with the pages job (GitLab Pages,
public/). CI installs csp with
npm install -g "$CSP_PACKAGE" (a variable of the .csp-base job).

Examples:
  $ csp ci gitlab
  $ csp ci gitlab --include     # when .gitlab-ci.yml already exists
  $ csp ci gitlab --dry-run --json`,
    )
    .action(lazyAction(() => import('./run.js').then((m) => ({ main: m.mainGitlab }))));
}
