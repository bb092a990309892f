#!/usr/bin/env node
// csp export: what an export costs. In-process: redact + render one plan (the export test plan,
// tests/fixtures/export/csp.yaml) per format. Whole process: `csp export` to markdown, HTML and
// PDF, and `--all` over 20 accounts (PDF reuses one Chromium). Medians; `node -e 0` is the floor.
// Needs dist/ (npm run bench builds it) and, for the PDF rows, Chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, CORE_SCHEMA } from 'js-yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const planText = readFileSync(join(root, 'tests/fixtures/export/csp.yaml'), 'utf8');
const account = /account: ([\w-]+)/.exec(planText)[1];
const { prepareExport, renderText } = await import(join(root, 'dist/export/document.js'));
const { loadSchema } = await import(join(root, 'dist/schema/schemas.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const rows = [];

// In-process.
const schema = loadSchema('csp');
const plan = load(planText, { schema: CORE_SCHEMA });
const provenance = { generatedOn: '2026-11-22', version: 3, commit: 'abc1234', uncommitted: false, inGit: true };
for (const format of ['md', 'html', 'json']) {
  const times = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    renderText(prepareExport(plan, schema, 'customer', provenance), format);
    times.push(performance.now() - t);
  }
  rows.push([`redact + render ${format}, one plan (in process, 300 runs)`, ms(median(times.slice(50)))]);
}

// Whole processes in a temp InfoHub repository.
const dir = mkdtempSync(join(tmpdir(), 'csp-bench-export-'));
const env = {
  ...process.env,
  CSP_NOW: '2026-11-22',
  NO_COLOR: '1',
  CI: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};
try {
  const git = (...a) => execFileSync('git', a, { cwd: dir, env, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  for (let i = 0; i < 20; i++) {
    const slug = i === 0 ? account : `${account}-${i}`;
    mkdirSync(join(dir, 'infohub', slug, 'success_plan'), { recursive: true });
    writeFileSync(
      join(dir, 'infohub', slug, 'success_plan', 'csp.yaml'),
      planText.replace(`account: ${account}`, `account: ${slug}`),
    );
  }
  git('add', '-A');
  git('-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-qm', 'plans');
  const time = (args, runs) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
      times.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    }
    return median(times);
  };
  const bin = join(root, 'bin/csp');
  const floor = time(['-e', '0'], 10);
  rows.push(['node -e 0 (the floor)', ms(floor)]);
  const add = (label, args, runs) => {
    const t = time(args, runs);
    rows.push([label, `${ms(t)} (${(t / floor).toFixed(1)}x the floor)`]);
  };
  add('csp --help', [bin, '--help'], 10);
  add('csp export <account> (markdown to stdout)', [bin, 'export', account], 10);
  add('csp export <account> -o plan.html', [bin, 'export', account, '-o', 'plan.html', '--force'], 10);
  add('csp export --all -o md/ (20 accounts)', [bin, 'export', '--all', '-o', 'md', '--force'], 5);
  let chromium = true;
  try {
    add('csp export <account> -o plan.pdf (Chromium)', [bin, 'export', account, '-o', 'plan.pdf', '--force'], 5);
  } catch (error) {
    chromium = false;
    rows.push(['csp export -o plan.pdf', `skipped: ${String(error.message).split('\n')[0]}`]);
  }
  if (chromium)
    add(
      'csp export --all --format pdf -o pdf/ (20 accounts, one browser)',
      [bin, 'export', '--all', '--format', 'pdf', '-o', 'pdf', '--force'],
      3,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`| ${'what'.padEnd(width)} | median |\n|${'-'.repeat(width + 2)}|--------|`);
for (const [what, value] of rows) console.log(`| ${what.padEnd(width)} | ${value} |`);
