/**
 * The QBR and EBR PowerPoint files are valid OOXML packages, checked offline (PowerPoint and
 * Google Slides are not available to the tests; LibreOffice opens the deck in tests/e2e/qbr.test.ts):
 * well-formed parts, content types, relationships, slides, notes and chart parts (helpers/ooxml.ts).
 * The checker itself is shown to catch each kind of damage on a broken copy.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { prepareExport } from '../../../src/export/document.js';
import { buildQbr, parseQuarter } from '../../../src/export/qbr.js';
import { renderQbrPptx } from '../../../src/export/qbr-pptx.js';
import { deckPages } from '../../../src/export/qbr-text.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { exportPlan, EXPORT_PROVENANCE, FIXTURE_PLAN } from '../../helpers/export-plan.js';
import { chartReferences, ooxmlProblems } from '../../helpers/ooxml.js';

/**
 * pptxgenjs 4 writes a content-type override for slideMaster<n>.xml for every slide n, while the
 * package holds slideMaster1.xml only (pptxgen.es.js, makeXmlContTypes). An override without its
 * part names nothing; PowerPoint, Google Slides and LibreOffice ignore it. The only problem allowed.
 */
const PPTXGENJS_QUIRK = /^content type override for missing part \/ppt\/slidemasters\/slidemaster([2-9]|\d{2,})\.xml$/;

async function deckBytes(kind: 'qbr' | 'ebr', audience: 'customer' | 'internal', extraRisks = 0) {
  const plan = exportPlan(FIXTURE_PLAN);
  for (let i = 1; i <= extraRisks; i++)
    plan.risks!.push({
      id: `rk-${100 + i}`,
      title: `Risk ${i}`,
      rag: 'amber',
      mitigation: `Step ${i}`,
      status: 'open',
    } as never);
  const deck = buildQbr({
    view: prepareExport(plan, loadSchema('csp'), audience, EXPORT_PROVENANCE).view,
    quarter: parseQuarter('2026-Q4'),
    kind,
  });
  return { deck, bytes: await renderQbrPptx(deck) };
}

describe('the PowerPoint deck is a valid OOXML package', () => {
  for (const [kind, audience, risks] of [
    ['qbr', 'customer', 0],
    ['qbr', 'internal', 0],
    ['ebr', 'customer', 20],
    ['ebr', 'internal', 0],
  ] as const)
    it(`${kind}, ${audience}${risks ? `, ${risks} more risks over several slides` : ''}`, async () => {
      const { deck, bytes } = await deckBytes(kind, audience, risks);
      expect((await ooxmlProblems(bytes)).filter((p) => !PPTXGENJS_QUIRK.test(p))).toEqual([]);
      const zip = await JSZip.loadAsync(bytes);
      expect(Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))).toHaveLength(
        1 + deckPages(deck).length,
      );
      // Both charts (the summary's doughnut and the value bars) are referenced by a slide and present.
      const charts = await chartReferences(bytes);
      expect(charts).toHaveLength(2);
      for (const c of charts) expect(zip.file(`ppt/charts/${c}`)).not.toBeNull();
    });

  it('the checker finds broken XML, a missing part, an undeclared r:id, a missing content type and a dangling slide', async () => {
    const { bytes } = await deckBytes('qbr', 'customer');
    const broken = async (damage: (zip: JSZip) => Promise<void>) => {
      const zip = await JSZip.loadAsync(bytes);
      await damage(zip);
      return (await ooxmlProblems(await zip.generateAsync({ type: 'uint8array' }))).join('\n');
    };
    expect(await broken(async (z) => void z.file('ppt/slides/slide2.xml', '<p:sld><a></p:sld>'))).toMatch(
      /slide2\.xml: not well-formed/,
    );
    const chart = (await chartReferences(bytes))[0];
    expect(await broken(async (z) => void z.remove(`ppt/charts/${chart}`))).toMatch(/points to missing ppt\/charts\//);
    expect(
      await broken(async (z) => {
        const xml = await z.file('ppt/slides/_rels/slide2.xml.rels')!.async('string');
        z.file('ppt/slides/_rels/slide2.xml.rels', xml.replace(/<Relationship [^>]*notesSlide[^>]*\/>/, ''));
      }),
    ).toMatch(/slide2\.xml: (uses rId\d+, which its relationships do not declare|no notes slide)/);
    expect(await broken(async (z) => void z.file('ppt/media/extra.bin', 'x'))).toMatch(
      /extra\.bin has no content type/,
    );
    expect(await broken(async (z) => void z.file('ppt/slides/slide99.xml', '<p:sld xmlns:p="x"/>'))).toMatch(
      /presentation\.xml lists \d+ slides, the package holds \d+/,
    );
  });
});
