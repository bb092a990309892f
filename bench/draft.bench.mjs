#!/usr/bin/env node
// How long `csp draft <account> --offline` takes (issue 5: "Generating a draft, offline, takes
// under 1 second"). Builds temporary InfoHubs of 1, 50 and 500 accounts (complete plans of all
// four plan types and a few industries, written with csp's own renderer), then times:
// - the whole command as a user runs it: `node bin/csp draft acct-0 --offline --json`, a fresh
//   process each time (start-up, imports, compiling the CSP and playbook schemas, reading the
//   other plans for the similar accounts, drafting, the diff), median of 7 runs, as wall time and
//   as the CPU time the process used (on a busy shared machine the wall time also counts waiting);
// - the same work in process (runDraft with a quiet context), median of 20 runs, which leaves out
//   node's start-up and module loading.
// Run: npm run bench -- draft (after npm run build).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(`${root}dist/${p}`);
const [
  { newPlan },
  { draftOffline, draftNeeds, draftEdits, DRAFT_SECTIONS },
  { applyEditsToData },
  { renderNewYaml },
  { runDraft },
  { createReporter },
  { fixedClock },
] = await Promise.all([
  dist('domain/scaffold.js'),
  dist('drafting/draft.js'),
  dist('domain/edit.js'),
  dist('yaml/edit.js'),
  dist('commands/draft/run.js'),
  dist('cli/render.js'),
  dist('domain/dates.js'),
]);
const { load } = await import('js-yaml');
const playbooks = Object.fromEntries(
  ['onboarding', 'expansion', 'renewal', 'recovery'].map((t) => [
    t,
    load(readFileSync(`${root}playbooks/${t}.yaml`, 'utf8')),
  ]),
);
const INDUSTRIES = ['Technology', 'Retail', 'Healthcare', 'Financial Services', 'Manufacturing'];
const TODAY = '2026-11-22';

/** A complete plan for account i (the target, acct-0, keeps only its context so there is something to draft). */
function planFor(i) {
  const type = ['onboarding', 'expansion', 'renewal', 'recovery'][i % 4];
  const plan = newPlan(
    {
      account: `acct-${i}`,
      accountName: `Account ${i}`,
      planType: i === 0 ? 'onboarding' : type,
      owner: { name: 'Priya Natarajan' },
      arrUsd: 50_000 + ((i * 37_000) % 900_000),
      industry: INDUSTRIES[i % INDUSTRIES.length],
      useCase: 'customer success operations',
      background: 'Consolidating tools',
      planStart: '2026-12-01',
      today: TODAY,
    },
    playbooks[i === 0 ? 'onboarding' : type],
  );
  plan.stakeholders.push({
    id: 'sh-2',
    name: 'Sarah Chen',
    title: 'VP Product',
    side: 'customer',
    role: 'champion',
    engagement: 'high',
  });
  plan.business_outcomes = { current_state: 'Three tools', objectives: [] };
  if (i === 0) return plan;
  const draft = draftOffline({ plan, playbook: playbooks[type], similar: [], needs: draftNeeds(plan), today: TODAY });
  return applyEditsToData(
    plan,
    draftEdits(plan, draft.content, { date: TODAY, engine: 'offline', model: null }, draft.confidence).edits,
  );
}

function hubOf(n) {
  const dir = mkdtempSync(join(tmpdir(), 'csp-bench-draft-'));
  for (let i = 0; i < n; i++) {
    const folder = join(dir, 'infohub', `acct-${i}`, 'success_plan');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'csp.yaml'), renderNewYaml(planFor(i)));
  }
  return dir;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sink = { write: () => true, isTTY: false };

async function inProcess(dir) {
  const env = { CSP_NOW: TODAY, NO_COLOR: '1', CI: '1' };
  const ctx = {
    cwd: dir,
    env,
    clock: fixedClock(TODAY),
    io: { stdout: sink, stderr: sink, stdinIsTTY: false },
    interactive: false,
    flags: { json: true, debug: false },
    out: await createReporter({ stdout: sink, stderr: sink }, { json: true, color: false }),
    git: async () => {
      throw new Error('no git in the bench');
    },
    prompter: async () => {
      throw new Error('no prompts in the bench');
    },
    model: async () => {
      throw new Error('no model in the bench');
    },
  };
  const times = [];
  let items = 0;
  for (let r = 0; r < 20; r++) {
    const t = performance.now();
    const result = await runDraft(
      {
        account: 'acct-0',
        sections: [...DRAFT_SECTIONS],
        offline: true,
        apply: false,
        dryRun: false,
      },
      ctx,
    );
    times.push(performance.now() - t);
    items = result.items.length;
  }
  return { ms: median(times.slice(2)), items };
}

// NOTE: the child reports its own CPU time (user + system) on exit: on a shared machine the wall
// time also counts the time other processes held the CPU.
const CPU_PROBE =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\nCPU_MS "+((u.user+u.system)/1000)+"\\n")})';

function wholeProcess(dir) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < 7; r++) {
    const t = performance.now();
    const run = spawnSync(
      process.execPath,
      ['--import', CPU_PROBE, `${root}bin/csp`, 'draft', 'acct-0', '--offline', '--json'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, CSP_NOW: TODAY, NO_COLOR: '1', CI: '1', HOME: dir },
        encoding: 'utf8',
      },
    );
    wall.push(performance.now() - t);
    if (run.status !== 0) throw new Error(`csp draft failed: ${run.stderr}`);
    cpu.push(Number(/CPU_MS ([\d.]+)/.exec(run.stderr)?.[1]));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const floor = median(
  Array.from({ length: 7 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  }),
);
console.log(
  '| accounts in the InfoHub | `csp draft --offline --json`: wall (median of 7) | its CPU time (median) | in process (median of 18) | items drafted |',
);
console.log('|---|---|---|---|---|');
for (const n of [1, 50, 500]) {
  const dir = hubOf(n);
  try {
    const whole = wholeProcess(dir);
    const inside = await inProcess(dir);
    console.log(
      `| ${n} | ${whole.wall.toFixed(0)} ms | ${whole.cpu.toFixed(0)} ms | ${inside.ms.toFixed(1)} ms | ${inside.items} |`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const { loadavg, cpus } = await import('node:os');
const loadAverage = loadavg()[0];
console.log(
  `\n\`node -e 0\` on this machine: ${floor.toFixed(0)} ms (the floor of any process; PERFORMANCE.md measured 70 ms); load average ${loadAverage.toFixed(1)} on ${cpus().length} cores. Target: under 1,000 ms.`,
);
