/**
 * The CI files `csp ci github` and `csp ci gitlab` write for a team's InfoHub repository (issue
 * 14): on every pull / merge request, csp validate of the documents the change touches (with
 * annotations on GitHub, code quality and JUnit reports on GitLab) and csp sync --check; on the
 * default branch, the whole InfoHub; on a schedule, csp remind writing the .ics file as an
 * artifact; on the default branch and the schedule, csp site published as GitHub Pages / GitLab
 * Pages (issue 16). Pure: settings in, YAML text out. How csp is installed is one variable, CSP_PACKAGE.
 */
import { shellWord } from '../domain/shell.js';

/** What a workflow is written for. */
export interface WorkflowSettings {
  /** The npm package spec the CI installs csp from (`@csp-tools/csp@<version>`, a tarball URL...). */
  cspPackage: string;
  /** The csp version that wrote the file (named in its header). */
  version: string;
  /** The branch pushes to which are checked in full (GitHub; GitLab uses $CI_DEFAULT_BRANCH). */
  branch: string;
  /** `--infohub <dir>` for every csp command, when the InfoHub is not found from the repository root. */
  infohub?: string;
}

/** The file the GitHub workflow is written to, relative to the repository root. */
export const GITHUB_WORKFLOW = '.github/workflows/csp.yml';
/** GitLab's pipeline file, relative to the repository root. */
export const GITLAB_CI = '.gitlab-ci.yml';
/** The file to include from an existing .gitlab-ci.yml (csp ci gitlab --include). */
export const GITLAB_INCLUDE = '.gitlab/csp.gitlab-ci.yml';

/** The default npm package spec: this very version of csp. */
export function defaultPackage(version: string): string {
  return `@csp-tools/csp@${version}`;
}

/** The marker every file csp ci writes carries in its first line (how csp knows it may replace it). */
export const WRITTEN_BY = '# Written by csp ci';

/** A YAML scalar in double quotes (JSON's escaping is valid YAML). */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/** The shell words for --infohub, or ''. */
function hubFlag(settings: WorkflowSettings): string {
  return settings.infohub ? ` --infohub ${shellWord(settings.infohub)}` : '';
}

/** The GitHub Actions workflow (.github/workflows/csp.yml). */
export function githubWorkflow(settings: WorkflowSettings): string {
  const hub = hubFlag(settings);
  return `${WRITTEN_BY} github (csp ${settings.version}). Edit it freely; csp ci github --force rewrites it.
# CI for the InfoHub: every pull request is validated (annotations on the changed lines) and its
# trackers and registers checked against the plans; pushes to ${settings.branch} check the whole
# InfoHub; each weekday morning csp remind writes the reminders as an .ics artifact; pushes and the
# morning run publish the portfolio dashboard (csp site) to GitHub Pages.
name: csp

on:
  pull_request:
  push:
    branches: [${quoted(settings.branch)}]
  schedule:
    - cron: "0 6 * * 1-5"
  workflow_dispatch:

permissions:
  contents: read

env:
  # How CI installs csp: an npm package spec (a version, a tarball URL or a git URL).
  CSP_PACKAGE: ${quoted(settings.cspPackage)}

jobs:
  validate:
    if: github.event_name == 'pull_request' || github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # The whole history: --changed-since needs the base branch and the merge base.
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install csp
        run: npm install -g "$CSP_PACKAGE"
      - name: Validate the documents this pull request changes
        if: github.event_name == 'pull_request'
        run: csp validate${hub} --format github --changed-since "origin/$GITHUB_BASE_REF"
      - name: Validate the whole InfoHub
        if: github.event_name == 'push'
        run: csp validate${hub} --format github
      - name: Trackers and registers in step with the plans
        run: csp sync${hub} --check

  remind:
    if: github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install csp
        run: npm install -g "$CSP_PACKAGE"
      - name: Reminders and escalations due today, and the next 90 days as a calendar
        run: csp remind${hub} --ics csp-reminders.ics
      - uses: actions/upload-artifact@v4
        with:
          name: csp-reminders
          path: csp-reminders.ics

  # The portfolio dashboard (csp site) on GitHub Pages, rebuilt on every push to ${settings.branch}
  # and each weekday morning (so "due this week" stays current). Turn Pages on first: Settings >
  # Pages > Source: GitHub Actions. The pages are internal: keep the repository (and Pages) private.
  site:
    if: github.event_name == 'push' || github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pages: write
      id-token: write
    concurrency:
      group: csp-pages
      cancel-in-progress: true
    environment:
      name: github-pages
      url: \${{ steps.deploy.outputs.page_url }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install csp
        run: npm install -g "$CSP_PACKAGE"
      - name: Build the portfolio dashboard
        run: csp site${hub} --out _site
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
      - id: deploy
        uses: actions/deploy-pages@v4
`;
}

/**
 * The GitLab CI jobs: the whole .gitlab-ci.yml, or (include) a file to include from an existing
 * one. Every job sets what it needs itself (no global keys), so the include changes no other job.
 */
export function gitlabCi(settings: WorkflowSettings, options: { include?: boolean } = {}): string {
  const hub = hubFlag(settings);
  const how = options.include
    ? `# Include it from .gitlab-ci.yml:\n#   include:\n#     - local: ${GITLAB_INCLUDE}\n`
    : '';
  return `${WRITTEN_BY} gitlab (csp ${settings.version}). Edit it freely; csp ci gitlab${options.include ? ' --include' : ''} --force rewrites it.
# CI for the InfoHub: every merge request is validated (code quality and test reports on the
# changed documents) and its trackers and registers checked against the plans; the default branch
# checks the whole InfoHub; a scheduled pipeline (Build > Pipeline schedules) runs csp remind and
# keeps the reminders as an .ics artifact; the default branch and the schedule publish the
# portfolio dashboard (csp site) to GitLab Pages.
${how}
.csp-base:
  image: node:20
  variables:
    # How CI installs csp: an npm package spec (a version, a tarball URL or a git URL).
    CSP_PACKAGE: ${quoted(settings.cspPackage)}
    # The whole history: --changed-since needs the merge request's base commit.
    GIT_DEPTH: "0"
  before_script:
    - npm install -g "$CSP_PACKAGE"

csp-validate-mr:
  extends: .csp-base
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script:
    # Exit 1 is "problems found" (the reports show them); any other exit stops the job with its code.
    - csp validate${hub} --changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format codeclimate > gl-code-quality.json || { code=$?; [ "$code" -eq 1 ] || exit "$code"; }
    - csp validate${hub} --changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA" --format junit > csp-junit.xml || { code=$?; [ "$code" -eq 1 ] || exit "$code"; }
    - csp validate${hub} --changed-since "$CI_MERGE_REQUEST_DIFF_BASE_SHA"
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality.json
      junit: csp-junit.xml

csp-validate:
  extends: .csp-base
  stage: test
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "schedule"
  script:
    - csp validate${hub} --format codeclimate > gl-code-quality.json || { code=$?; [ "$code" -eq 1 ] || exit "$code"; }
    - csp validate${hub} --format junit > csp-junit.xml || { code=$?; [ "$code" -eq 1 ] || exit "$code"; }
    - csp validate${hub}
  artifacts:
    when: always
    reports:
      codequality: gl-code-quality.json
      junit: csp-junit.xml

csp-sync-check:
  extends: .csp-base
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE != "schedule"
  script:
    - csp sync${hub} --check

csp-remind:
  extends: .csp-base
  stage: test
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule"
  variables:
    GIT_DEPTH: "1"
  script:
    - csp remind${hub} --ics csp-reminders.ics
  artifacts:
    when: always
    paths:
      - csp-reminders.ics

# The portfolio dashboard (csp site) on GitLab Pages: the job named pages publishes public/. It runs
# on the default branch, also from the scheduled pipeline (so "due this week" stays current). The
# pages are internal: set Pages access control to project members (Settings > General > Visibility).
pages:
  extends: .csp-base
  stage: deploy
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  variables:
    GIT_DEPTH: "1"
  script:
    - csp site${hub} --out public
  artifacts:
    paths:
      - public
`;
}
