// What `csp notes --apply` costs as the number of items grows (issue 19: 1,000 items took 55 s
// holding the account lock): `node bench/notes-apply.bench.mjs [sizes...]` after `npm run build`.
// Writes meeting notes with N action items, N/4 decisions and N/4 risks under headings (the
// offline extractor takes each bullet), runs `csp notes acme notes.md --offline --apply --json`
// in a fresh InfoHub and prints the wall time and the items written per size. Past the cap
// (MAX_NOTES_ITEMS) csp refuses the notes (exit 2) instead.
import { initBenchRepo } from './bench-repo.mjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'csp');
/** A distinct made-up word per number (so that no two items read alike and none is de-duplicated). */
const word = (i, salt) => {
  let s = '';
  for (let n = i * 7 + salt; s.length < 4 || n > 0; n = Math.floor(n / 21))
    s += 'bcdfghjklmnpqrstvwxyz'[n % 21] + 'aeiou'[(n + s.length) % 5];
  return s;
};
const words = (i) => `${word(i, 1)} ${word(i, 2)} ${word(i, 3)}`;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const env = {
  ...process.env,
  CSP_NOW: '2026-11-22',
  CI: '1',
  NO_COLOR: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  ANTHROPIC_API_KEY: '',
};

for (const n of sizes.length ? sizes : [100, 200, 400]) {
  const dir = mkdtempSync(join(tmpdir(), 'csp-bench-notes-'));
  try {
    initBenchRepo(dir, BIN, env, 'Priya Natarajan');
    const q = Math.max(1, Math.floor(n / 4));
    const lines = ['Date: 2026-11-20', '', '## Decisions'];
    for (let i = 0; i < q; i++) lines.push(`- Use the ${words(i)} connector for the export feed`);
    lines.push('', '## Risks');
    for (let i = 0; i < q; i++) lines.push(`- The ${words(i + n)} migration may slip past the cutover window`);
    lines.push('', '## Action items');
    for (let i = 0; i < n - 2 * q; i++)
      lines.push(`- Priya will send the ${words(i + 2 * n)} runbook by 2026-12-0${1 + (i % 9)}`);
    writeFileSync(join(dir, 'notes.md'), lines.join('\n') + '\n');
    const t = performance.now();
    const run = spawnSync(process.execPath, [BIN, 'notes', 'acme', 'notes.md', '--offline', '--apply', '--json'], {
      cwd: dir,
      env,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const wall = performance.now() - t;
    let written = '?';
    try {
      written = String(JSON.parse(run.stdout).items?.length ?? '?');
    } catch {
      // NOTE: a refusal prints the error instead.
    }
    console.log(
      `${String(n).padStart(5)} items in the notes: exit ${run.status}, ${written} proposed, ${(wall / 1000).toFixed(2)} s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
