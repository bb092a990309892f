/** `csp ci github|gitlab`: registration (options, help, example). */
import type { Command } from 'commander';
import type { Command as TypedCommand, OptionValues } from '@commander-js/extra-typings';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** The flags csp ci github and csp ci gitlab share. */
function shared<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: TypedCommand<A, O, G>) {
  return command
    .option('--package <spec>', 'the npm package spec CI installs csp from (default: @csp-tools/csp@<this version>)')
    .option('--force', 'replace the file when it exists')
    .option('--dry-run', 'print the file, write nothing');
}

/** csp ci and its subcommands' flags and help; returns both subcommands. */
function define(program: Program) {
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
  const github = shared(
    ci
      .command('github')
      .description('write .github/workflows/csp.yml (GitHub Actions)')
      .option(
        '--branch <name>',
        'the branch whose pushes check the whole InfoHub (default: origin/HEAD, else the current branch)',
      ),
  ).addHelpText(
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
  );
  const gitlab = shared(
    ci
      .command('gitlab')
      .description('write .gitlab-ci.yml (GitLab CI/CD), or with --include a file to include from yours')
      .option('--include', 'write .gitlab/csp.gitlab-ci.yml to include from an existing .gitlab-ci.yml'),
  ).addHelpText(
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
  );
  return { github, gitlab };
}

/** csp ci github as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type CiGithubCli = ReturnType<typeof define>['github'];
/** csp ci gitlab as commander parses it. */
export type CiGitlabCli = ReturnType<typeof define>['gitlab'];

/** Registers csp ci (github, gitlab). */
export function registerCi(program: Command): void {
  const { github, gitlab } = define(typed(program));
  typedAction(github, () => import('./run.js').then((m) => ({ main: m.mainGithub })));
  typedAction(gitlab, () => import('./run.js').then((m) => ({ main: m.mainGitlab })));
}
