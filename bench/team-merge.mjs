// A team on one InfoHub (issue 20), simulated: a bare remote and N clones of it, each set up with
// `csp hook install`. Each round every clone makes random csp edits (add stakeholder / risk /
// action, set a field, track-value, sync, finalize, snapshot) and commits; then every clone at
// once pulls (merge or rebase, chosen at random) and pushes, retrying when another push got there
// first. A pull that stops on a conflict is counted as "needed a person" and resolved by keeping
// one side of each marked field. At the end every clone pulls once more and the InfoHub is
// checked: every item added is there exactly once, csp validate passes (ids unique, references
// resolve), no conflict markers remain.
//
// Used by tests/e2e/team-merge.test.ts (fixed seed, small) and bench/merge.bench.mjs (bigger).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { rng as random } from './generate-infohub.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'csp');
const PLAN = 'infohub/acme/success_plan/csp.yaml';

function run(command, args, { cwd, env, input }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let out = '';
    child.on('error', (error) => resolve({ code: 127, out: String(error) }));
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
    if (input !== undefined) {
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    }
  });
}

const day = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

/**
 * Runs the simulation. Returns the figures and the problems found (an empty `problems` is a pass).
 * Options: clones (4), rounds per clone (25), seed, keep (leave the folder for a look),
 * editsPerRound (each clone makes 1 to this many edits a round; 2), verify (the pre-commit hook on; true).
 */
export async function simulateTeam({
  clones = 4,
  rounds = 25,
  seed = 20,
  keep = false,
  log = () => {},
  editsPerRound = 2,
  verify = true,
} = {}) {
  const rand = random(seed);
  const pick = (items) => items[Math.floor(rand() * items.length)];
  const root = mkdtempSync(join(tmpdir(), 'csp-team-'));
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: root,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
    CI: '1',
    LANG: 'C.UTF-8',
    GIT_EDITOR: 'true',
  };
  const stats = {
    clones,
    rounds,
    seed,
    edits: 0,
    cspFailures: [],
    pulls: 0,
    rebases: 0,
    merges: 0,
    pushRetries: 0,
    personNeeded: 0,
    renumbered: 0,
    snapshotsKept: 0,
    driverRuns: 0,
    fallbacks: 0,
  };
  const added = { stakeholders: [], risks: [], actions: [], measurements: [] };
  const problems = [];
  const started = Date.now();
  try {
    await run('git', ['init', '-q', '--bare', '-b', 'main', 'remote.git'], { cwd: root, env: baseEnv });
    const people = [];
    for (let i = 0; i < clones; i++) {
      const dir = join(root, `clone${i}`);
      await run('git', ['clone', '-q', 'remote.git', dir], { cwd: root, env: baseEnv });
      const p = { i, dir, today: '2026-11-22' };
      p.git = (...args) => run('git', args, { cwd: dir, env: baseEnv });
      p.csp = (...args) => run(process.execPath, [BIN, ...args], { cwd: dir, env: { ...baseEnv, CSP_NOW: p.today } });
      for (const [k, v] of [
        ['user.name', `Person ${i}`],
        ['user.email', `p${i}@example.com`],
        ['commit.gpgsign', 'false'],
        ['gc.auto', '0'],
      ])
        await p.git('config', k, v);
      if (i === 0) {
        const fixture = readFileSync(join(ROOT, 'tests/fixtures/csp/csp.example.yaml'), 'utf8')
          .replace(/^ {2}account: techcorp-industries$/m, '  account: acme')
          .replace(/^ {2}phase: finalize {0,}/m, '  phase: develop ')
          .replace(/^ {2}status: pending_review/m, '  status: draft');
        mkdirSync(join(dir, 'infohub/acme/success_plan'), { recursive: true });
        writeFileSync(join(dir, PLAN), fixture);
        // NOTE: csp's own lock and journal folders are per clone, never committed.
        writeFileSync(join(dir, '.gitignore'), 'infohub/.csp/locks/\ninfohub/.csp/journal/\n');
        await must(p, 'hook', 'install');
        // NOTE: without verify the pre-commit hook (a csp validate per commit) is left out to keep
        // rounds cheap; the merge hooks stay, and everything is validated at the end.
        if (!verify) rmSync(join(dir, '.git/hooks/pre-commit'), { force: true });
        await must(p, 'sync', 'acme');
        await p.git('add', '-A');
        await p.git('commit', '-q', '-m', 'acme plan');
        await p.git('push', '-q', 'origin', 'HEAD:main');
      } else {
        await p.git('pull', '-q', 'origin', 'main');
        await must(p, 'hook', 'install');
        if (!verify) rmSync(join(dir, '.git/hooks/pre-commit'), { force: true });
      }
      people.push(p);
    }

    async function must(p, ...args) {
      const r = await p.csp(...args);
      if (r.code !== 0) problems.push(`clone${p.i}: csp ${args.join(' ')} exited ${r.code}: ${r.out.slice(0, 400)}`);
      return r;
    }

    /** One random edit; the items it adds are remembered. */
    async function edit(p, r, k) {
      // NOTE: one tag per edit: two edits of one round must not add two items alike (the checker
      // counts each added item by its tag; seed 7 once added "Action c3r2" twice in one round).
      const tag = `c${p.i}r${r}e${k}`;
      const kind = pick([
        'stakeholder',
        'stakeholder',
        'risk',
        'action',
        'set',
        'set',
        'track',
        'sync',
        'snapshot',
        'finalize',
      ]);
      stats.edits++;
      let res;
      if (kind === 'stakeholder') {
        res = await p.csp(
          'add',
          'stakeholder',
          'acme',
          '--name',
          `Person ${tag}`,
          '--role',
          pick(['admin', 'end_user', 'influencer']),
          '--side',
          'customer',
        );
        if (res.code === 0) added.stakeholders.push(`Person ${tag}`);
      } else if (kind === 'risk') {
        res = await p.csp(
          'add',
          'risk',
          'acme',
          '--title',
          `Risk ${tag}`,
          '--probability',
          'low',
          '--impact',
          'medium',
          '--mitigation',
          `Mitigate ${tag}`,
          '--owner',
          'sh-1',
        );
        if (res.code === 0) added.risks.push(`Risk ${tag}`);
      } else if (kind === 'action') {
        res = await p.csp(
          'add',
          'action',
          'acme',
          '--phase',
          'ph-1',
          '--what',
          `Action ${tag}`,
          '--who',
          'sh-1',
          '--when',
          '2026-12-15',
        );
        if (res.code === 0) added.actions.push(`Action ${tag}`);
      } else if (kind === 'set') {
        // NOTE: a few fields and few values: two clones setting the same field in one round is a true conflict.
        const [field, values] = pick([
          ['customer_context.industry', ['Software', 'Retail', 'Banking']],
          ['customer_context.segment', ['Enterprise', 'Mid-Market']],
          ['governance.cadence.weekly', [`Tuesdays ${tag}`]],
          ['technical_evaluation.scope', [`Scope ${tag}`]],
        ]);
        res = await p.csp('set', 'acme', field, pick(values));
      } else if (kind === 'track') {
        const date = day('2026-01-01', r * clones + p.i);
        res = await p.csp(
          'track-value',
          'acme',
          '--metric',
          'vm-1',
          '--value',
          String(1 + Math.floor(rand() * 5)),
          '--date',
          date,
        );
        if (res.code === 0) added.measurements.push(date);
      } else if (kind === 'sync') {
        res = await p.csp('sync', 'acme');
      } else if (kind === 'snapshot') {
        res = await p.csp('snapshot', 'acme', '-m', `round ${r}`);
      } else {
        const phase = parse(readFileSync(join(p.dir, PLAN), 'utf8'))?.meta?.phase;
        if (phase !== 'develop') return;
        res = await p.csp('finalize', 'acme');
      }
      if (res.code !== 0)
        stats.cspFailures.push(`clone${p.i} ${kind}: exit ${res.code}: ${res.out.split('\n').slice(0, 3).join(' | ')}`);
    }

    /** Keeps the first side of every conflict block of a file. */
    function keepOneSide(file) {
      const lines = readFileSync(file, 'utf8').split('\n');
      const out = [];
      let state = 'text';
      for (const line of lines) {
        if (/^<{7}( |$)/.test(line)) state = 'ours';
        else if (/^\|{7}( |$)/.test(line) && state === 'ours') state = 'base';
        else if (/^={7}$/.test(line) && state !== 'text') state = 'theirs';
        else if (/^>{7}( |$)/.test(line) && state === 'theirs') state = 'text';
        else if (state === 'text' || state === 'ours') out.push(line);
      }
      writeFileSync(file, out.join('\n'));
    }

    /** Pulls (merge or rebase), finishing a stopped pull as a person would, then pushes; retries a rejected push. */
    async function pullAndPush(p) {
      for (let attempt = 0; attempt < 30; attempt++) {
        const rebase = rand() < 0.5;
        stats.pulls++;
        stats[rebase ? 'rebases' : 'merges']++;
        const pull = await p.git('pull', rebase ? '--rebase' : '--no-rebase', '--no-edit', 'origin', 'main');
        stats.driverRuns += (pull.out.match(/csp merge-file: /g) ?? []).length;
        stats.renumbered += (pull.out.match(/both sides added /g) ?? []).length;
        stats.fallbacks += (pull.out.match(/merged line by line/g) ?? []).length;
        stats.snapshotsKept += (pull.out.match(/both sides took this snapshot/g) ?? []).length;
        if (pull.code !== 0) {
          if (!/CONFLICT|conflict/.test(pull.out)) {
            problems.push(`clone${p.i}: git pull failed without a conflict: ${pull.out.slice(0, 400)}`);
            return;
          }
          stats.personNeeded++;
          log(
            `clone${p.i}: a person resolves: ${pull.out
              .split('\n')
              .filter((l) => /changed two ways|CONFLICT/.test(l))
              .join(' | ')}`,
          );
          for (let guard = 0; guard < 50; guard++) {
            const unmerged = (await p.git('diff', '--name-only', '--diff-filter=U')).out.split('\n').filter(Boolean);
            for (const f of unmerged) {
              keepOneSide(join(p.dir, f));
              await p.git('add', f);
            }
            const cont = rebase
              ? await p.git('-c', 'core.editor=true', 'rebase', '--continue')
              : await p.git('commit', '-q', '--no-edit', ...(verify ? [] : ['--no-verify']));
            if (cont.code === 0 && !(rebase && /CONFLICT/.test(cont.out))) break;
            if (!/CONFLICT|conflict|unmerged/i.test(cont.out)) {
              problems.push(
                `clone${p.i}: could not finish the ${rebase ? 'rebase' : 'merge'}: ${cont.out.slice(0, 400)}`,
              );
              return;
            }
            stats.personNeeded++;
          }
        }
        const push = await p.git('push', '-q', 'origin', 'HEAD:main');
        if (push.code === 0) return;
        stats.pushRetries++;
      }
      problems.push(`clone${p.i}: push still rejected after 30 attempts`);
    }

    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        people.map(async (p) => {
          p.today = day('2026-11-22', r);
          const n = 1 + Math.floor(rand() * editsPerRound);
          for (let k = 0; k < n; k++) await edit(p, r, k);
          await p.git('add', '-A');
          await p.git('commit', '-q', ...(verify ? [] : ['--no-verify']), '-m', `clone${p.i} round ${r}`);
        }),
      );
      await Promise.all(people.map((p) => pullAndPush(p)));
      log(
        `round ${r + 1}/${rounds} done (${Math.round((Date.now() - started) / 1000)} s, ${stats.personNeeded} needed a person)`,
      );
    }
    for (const p of people) await p.git('pull', '-q', '--no-rebase', 'origin', 'main');

    // ---- checks, on every clone (they must all hold the same InfoHub) ----
    const heads = new Set();
    for (const p of people) heads.add((await p.git('rev-parse', 'HEAD')).out.trim());
    if (heads.size !== 1) problems.push(`the clones did not converge: ${heads.size} different HEADs`);
    const p0 = people[0];
    const plan = parse(readFileSync(join(p0.dir, PLAN), 'utf8'));
    const count = (list, key, value) => list.filter((x) => x[key] === value).length;
    for (const name of added.stakeholders)
      if (count(plan.stakeholders ?? [], 'name', name) !== 1)
        problems.push(`stakeholder ${name} is there ${count(plan.stakeholders ?? [], 'name', name)} times`);
    for (const title of added.risks)
      if (count(plan.risks ?? [], 'title', title) !== 1)
        problems.push(`risk ${title} is there ${count(plan.risks ?? [], 'title', title)} times`);
    const actions = (plan.adoption_journey?.phases ?? []).flatMap((ph) => ph.actions ?? []);
    for (const what of added.actions)
      if (count(actions, 'what', what) !== 1)
        problems.push(`action ${what} is there ${count(actions, 'what', what)} times`);
    const measurements = plan.value_tracking?.metrics?.find((m) => m.id === 'vm-1')?.measurements ?? [];
    for (const date of added.measurements)
      if (count(measurements, 'date', date) !== 1)
        problems.push(`measurement of ${date} is there ${count(measurements, 'date', date)} times`);
    // The same item under two ids (a merge that kept both copies of one addition): items of one
    // list equal in everything but their id. Every edit adds a differently named item, so any
    // such pair is a defect here (in a real plan two alike items can be meant).
    const lists = {
      stakeholders: plan.stakeholders ?? [],
      risks: plan.risks ?? [],
      actions,
      milestones: (plan.adoption_journey?.phases ?? []).flatMap((ph) => ph.milestones ?? []),
    };
    for (const [name, items] of Object.entries(lists)) {
      const seen = new Map();
      for (const item of items) {
        const { id, ...rest } = item;
        const key = JSON.stringify(rest);
        if (seen.has(key)) problems.push(`${name}: ${seen.get(key)} and ${id} are the same item under two ids`);
        else seen.set(key, id);
      }
    }
    const markers = [];
    const walk = (dir) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.name === '.git') continue;
        const f = join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (/^(<{7}|={7}|>{7})( |$)/m.test(readFileSync(f, 'utf8'))) markers.push(f);
      }
    };
    walk(p0.dir);
    if (markers.length) problems.push(`conflict markers remain in ${markers.join(', ')}`);
    const validate = await p0.csp('validate', '--json');
    if (validate.code !== 0) {
      let detail = validate.out.slice(0, 1500);
      try {
        detail = JSON.parse(validate.out)
          .files.flatMap((f) =>
            f.issues.filter((i) => i.severity === 'error').map((i) => `${f.file}:${i.line}: ${i.code} ${i.message}`),
          )
          .join('\n');
      } catch {}
      problems.push(`csp validate failed:\n${detail}`);
    }
    stats.items = {
      stakeholders: added.stakeholders.length,
      risks: added.risks.length,
      actions: added.actions.length,
      measurements: added.measurements.length,
    };
    stats.seconds = Math.round((Date.now() - started) / 100) / 10;
    return { stats, problems, dir: root };
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}
