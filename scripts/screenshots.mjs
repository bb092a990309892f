#!/usr/bin/env node
// The README's pictures, made from the bundled example InfoHub (npm run screenshots; needs a
// built dist/, LibreOffice's soffice and poppler's pdftoppm):
//   docs/img/qbr-deck-summary.png, docs/img/qbr-deck-value.png: slides of the customer QBR deck
//   that `csp qbr` writes for infohub-example/teklist-138, converted by LibreOffice Impress to
//   PDF and rendered by pdftoppm.
// The date is fixed (CSP_NOW) so the pictures change only when the deck does.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'docs', 'img');
const work = mkdtempSync(join(tmpdir(), 'csp-shots-'));
const ACCOUNT = 'teklist-138';
const QUARTER = '2026-Q4';
const NOW = '2026-11-22';

try {
  mkdirSync(out, { recursive: true });
  const deck = join(work, 'deck.pptx');
  execFileSync(
    process.execPath,
    [
      join(root, 'bin', 'csp'),
      'qbr',
      ACCOUNT,
      '--infohub',
      join(root, 'infohub-example'),
      '--quarter',
      QUARTER,
      '-o',
      deck,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CSP_NOW: NOW },
    },
  );
  // A profile of its own, so a running LibreOffice does not swallow the conversion.
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${join(work, 'profile')}`,
      '--headless',
      '--convert-to',
      'pdf',
      '--outdir',
      work,
      deck,
    ],
    { stdio: 'ignore' },
  );
  for (const [page, name] of [
    [2, 'qbr-deck-summary'],
    [3, 'qbr-deck-value'],
  ]) {
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '72',
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      join(work, 'deck.pdf'),
      join(work, name),
    ]);
    copyFileSync(join(work, `${name}.png`), join(out, `${name}.png`));
    console.log(`wrote docs/img/${name}.png`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
