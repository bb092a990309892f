// `npm run bench -- clone`: what a new clone of a large InfoHub costs (issue 20), with and without
// csp_history/ in its working tree. Builds a bare InfoHub repository of N accounts (generate-
// infohub.mjs plans, with tracker, register and decision log) and R snapshot rounds: each round
// changes every plan a little and adds its snapshot (csp_history/csp_v<r>_<date>.yaml, a copy of
// the plan), one commit per round. The repository is written by `git fast-import` (no working
// tree) and packed by `git repack -a -d`, as a server holds it. Then it times three clones over
// the pack protocol (file://, so git packs objects as a server would; no network):
//   full      git clone                                       everything, history in the tree
//   no-history git clone --no-checkout + git sparse-checkout set --no-cone '/*' '!csp_history/'
//             + git checkout                                  every plan, no csp_history/ files
//   partial   the same with --filter=blob:none                 also fetches no snapshot blob
//   cone-2    git sparse-checkout set (cone) of two accounts   a CA's clone
// and reports each clone's time, the working tree's files and size (`du`, the disk blocks used)
// and the .git folder's size, and times csp history, csp diff (v1 against the last) and the
// portfolio in it; with a smaller N, the clone figures scaled to 10,000 accounts (they grow with
// the number of accounts).
//
// Options (after `npm run bench -- clone`): --accounts N (default 10000; CSP_BENCH_CLONE_ACCOUNTS),
// --rounds R (default 24; CSP_BENCH_ROUNDS), --keep (CSP_BENCH_KEEP=1) keeps the folder. The
// full 10,000 x 24 size needs about 6 GB free in the temp folder (TMPDIR) and takes minutes:
//   npm run bench -- clone --accounts 10000 --rounds 24
//   npm run bench -- clone --accounts 1000          (a quick run, figures scaled to 10,000)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePlan, planText, rng, toYaml } from './generate-infohub.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const accounts = Number(option('accounts') ?? process.env.CSP_BENCH_CLONE_ACCOUNTS ?? 10_000);
const rounds = Number(option('rounds') ?? process.env.CSP_BENCH_ROUNDS ?? 24);
const keep = process.argv.includes('--keep') || !!process.env.CSP_BENCH_KEEP;
if (!(Number.isInteger(accounts) && accounts > 1 && accounts <= 99_999 && Number.isInteger(rounds) && rounds >= 1)) {
  console.error('usage: npm run bench -- clone [--accounts N (2..99999)] [--rounds R (1..)] [--keep]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'csp-bench-clone-'));
const bare = join(dir, 'infohub.git');
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' };

function git(args, cwd = dir) {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Streams the repository into `git fast-import`: one initial commit, then one commit per snapshot round. */
async function buildRepository() {
  git(['init', '-q', '--bare', '-b', 'main', bare]);
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: bare, env, stdio: ['pipe', 'inherit', 'inherit'] });
  const done = new Promise((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))),
  );
  let buffered = [];
  let size = 0;
  const flush = async () => {
    if (!child.stdin.write(Buffer.concat(buffered))) await new Promise((r) => child.stdin.once('drain', r));
    buffered = [];
    size = 0;
  };
  const put = async (text) => {
    const b = Buffer.from(text);
    buffered.push(b);
    size += b.length;
    if (size > 4 << 20) await flush();
  };
  const file = async (path, text) => put(`M 100644 inline ${path}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  const start = Date.parse('2024-11-01T00:00:00Z') / 1000;
  const commit = async (n, message) => {
    await put(
      `commit refs/heads/main\ncommitter CSP Bench <bench@example.com> ${start + n * 7 * 86400} +0000\ndata ${message.length}\n${message}\n`,
    );
  };
  const texts = [];
  await commit(0, 'InfoHub');
  for (let i = 0; i < accounts; i++) {
    const plan = generatePlan(i, rng(i + 1));
    const slug = plan.meta.account;
    texts.push(planText(plan));
    await file(`infohub/${slug}/success_plan/csp.yaml`, texts[i]);
    await file(
      `infohub/${slug}/action_tracker.yaml`,
      `# yaml-language-server: $schema=../.csp/schemas/action_tracker.schema.json${toYaml({ schema_version: 1, account: slug, actions: [] })}\n`,
    );
    await file(
      `infohub/${slug}/risk_register.yaml`,
      `# yaml-language-server: $schema=../.csp/schemas/risk_register.schema.json${toYaml({ schema_version: 1, account: slug, risks: [] })}\n`,
    );
    await file(
      `infohub/${slug}/decision_log.yaml`,
      `# yaml-language-server: $schema=../.csp/schemas/decision_log.schema.json${toYaml({ schema_version: 1, account: slug, decisions: [] })}\n`,
    );
  }
  // A month's edits: the plan's updated date and a dated note; the snapshot is its copy (one blob,
  // named by a mark, for both paths). Blobs go first, each account's versions one after another:
  // fast-import deltas a blob against the one before it, so the pack it writes is already close
  // to what `git repack` makes of it (and the repack has little left to do at 10,000 accounts).
  const dates = Array.from({ length: rounds }, (_, r) => addDays('2024-11-01', (r + 1) * 28));
  const mark = (i, r) => i * rounds + r;
  for (let i = 0; i < accounts; i++) {
    let text = texts[i];
    for (let r = 1; r <= rounds; r++) {
      const date = dates[r - 1];
      text = `${text.replace(/^( {2}updated:) .*$/m, `$1 "${date}"`)}# ${date}: monthly value review done, ${(i * 31 + r * 7) % 97} hours saved\n`;
      await put(`blob\nmark :${mark(i, r)}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
    }
    texts[i] = undefined;
  }
  for (let r = 1; r <= rounds; r++) {
    const date = dates[r - 1];
    await commit(r, `snapshot round ${r}`);
    for (let i = 0; i < accounts; i++) {
      const slug = `account-${String(i).padStart(5, '0')}`;
      await put(
        `M 100644 :${mark(i, r)} infohub/${slug}/success_plan/csp.yaml\nM 100644 :${mark(i, r)} infohub/${slug}/success_plan/csp_history/csp_v${r}_${date}.yaml\n`,
      );
    }
  }
  await flush();
  child.stdin.end();
  await done;
}

/** Runs a shell step, returning its wall time in seconds. */
function timed(fn) {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Files and disk use (MiB, `du`) of a clone's working tree (without .git), and of its .git. */
function sizes(clone) {
  const files = Number(
    spawnSync('sh', ['-c', `find . -path ./.git -prune -o -type f -print | wc -l`], {
      cwd: clone,
      encoding: 'utf8',
    }).stdout.trim(),
  );
  const du = (args) =>
    Number(
      spawnSync('du', ['-sk', ...args], { cwd: clone, encoding: 'utf8' })
        .stdout.trim()
        .split(/\s+/)[0],
    ) / 1024;
  const gitMiB = du(['.git']);
  return { files, treeMiB: du(['--exclude=.git', '.']), gitMiB };
}

const csp = (cwd, args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin/csp'), ...args], {
    cwd,
    env: { ...env, CSP_NOW: '2026-11-22', NO_COLOR: '1', CI: '1' },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`csp ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

/**
 * Clones the repository (`patterns`: a sparse checkout, cone or not; none: everything), measures
 * it, and times csp history and csp diff of one account's first and last snapshot in it, and the
 * portfolio (csp status --json).
 */
function clone(name, extra, patterns, cone = false) {
  const target = join(dir, name);
  const seconds = timed(() => {
    git(['clone', '-q', ...(patterns ? ['--no-checkout'] : []), ...extra, `file://${bare}`, target]);
    if (patterns) {
      git(['sparse-checkout', 'set', ...(cone ? [] : ['--no-cone']), ...patterns], target);
      git(['checkout', '-q', 'main'], target);
    }
  });
  const s = sizes(target);
  const history = csp(target, ['history', 'account-00000', '--json']);
  const diff = csp(target, ['diff', 'account-00000', 'v1', `v${rounds}`, '--json']);
  const status = csp(target, ['status', '--json']);
  rmSync(target, { recursive: true, force: true });
  return { name, seconds, ...s, history, diff, status };
}

console.log(
  `building a bare InfoHub of ${accounts.toLocaleString('en-US')} accounts x ${rounds} snapshot rounds in ${dir} ...`,
);
const tBuild = process.hrtime.bigint();
await buildRepository();
const tRepack = timed(() => git(['repack', '-a', '-d', '-q'], bare));
git(['config', 'uploadpack.allowFilter', 'true'], bare);
const packMiB =
  Number(spawnSync('du', ['-sk', 'objects/pack'], { cwd: bare, encoding: 'utf8' }).stdout.split(/\s+/)[0]) / 1024;
console.log(
  `built in ${(Number(process.hrtime.bigint() - tBuild) / 1e9).toFixed(1)} s (repack ${tRepack.toFixed(1)} s); pack ${packMiB.toFixed(1)} MiB, ${git(['rev-list', '--count', 'main'], bare).trim()} commits`,
);

const noHistory = ['/*', '!csp_history/'];
const results = [
  clone('full', [], null),
  clone('no-history', [], noHistory),
  clone('partial', ['--filter=blob:none'], noHistory),
  clone('cone-2', [], ['infohub/account-00000', 'infohub/account-00001'], true),
];
const scale = 10_000 / accounts;
const row = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(11) : String(c).padStart(11))).join(' ');
const head = ['clone', 'seconds', 'tree files', 'tree MiB', '.git MiB'];
console.log('');
console.log(row([...head, 'history s', 'diff s', 'status s']));
for (const r of results)
  console.log(
    row([
      r.name,
      r.seconds.toFixed(2),
      r.files.toLocaleString('en-US'),
      r.treeMiB.toFixed(1),
      r.gitMiB.toFixed(1),
      r.history.toFixed(2),
      r.diff.toFixed(2),
      r.status.toFixed(2),
    ]),
  );
console.log(
  '(history, diff: account-00000, read from git objects in the clones without csp_history/; status: the portfolio of the clone)',
);
if (scale !== 1) {
  console.log(
    `\nscaled to 10,000 accounts (x${scale.toFixed(1)}; clone time, files and sizes grow with the number of accounts):`,
  );
  console.log(row(head));
  for (const r of results.filter((x) => x.name !== 'cone-2'))
    console.log(
      row([
        r.name,
        (r.seconds * scale).toFixed(0),
        Math.round(r.files * scale).toLocaleString('en-US'),
        (r.treeMiB * scale).toFixed(0),
        (r.gitMiB * scale).toFixed(0),
      ]),
    );
}
if (keep) console.log(`\nkept ${dir}`);
else rmSync(dir, { recursive: true, force: true });
