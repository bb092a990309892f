/**
 * Offline checks of a PowerPoint file's package (ECMA-376 Part 2, Open Packaging Conventions, and
 * the PresentationML parts PowerPoint and Google Slides refuse to open without): every XML part is
 * well-formed, every part has a content type, every override names a part that exists, every
 * internal relationship resolves, every r:id a part uses is declared in its relationships, the
 * presentation lists each slide once (ids >= 256, unique), each slide has its notes, and each chart
 * is a c:chartSpace whose embedded workbook is itself a readable zip. Returns the problems found.
 */
import { DOMParser } from '@xmldom/xmldom';
import JSZip from 'jszip';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const TYPE = {
  officeDocument: `${REL}/officeDocument`,
  slide: `${REL}/slide`,
  notesSlide: `${REL}/notesSlide`,
  chart: `${REL}/chart`,
  package: `${REL}/package`,
};

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** The parts of a package, its relationships per source part, and the problems found. */
export async function ooxmlProblems(bytes: Uint8Array): Promise<string[]> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
  const has = (name: string) => parts.includes(name);
  const docs = new Map<string, Document>();
  for (const name of parts.filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
    const errors: string[] = [];
    const doc = new DOMParser({
      // NOTE: xmldom 0.8 reports a mismatched or unclosed tag as a warning only: every report counts.
      errorHandler: { warning: (m) => errors.push(m), error: (m) => errors.push(m), fatalError: (m) => errors.push(m) },
    }).parseFromString(await zip.file(name)!.async('string'), 'application/xml');
    if (errors.length || !doc.documentElement) problems.push(`${name}: not well-formed XML: ${errors.join('; ')}`);
    else {
      docs.set(name, doc as unknown as Document);
      const undeclared = unboundPrefixes(doc as unknown as Document);
      if (undeclared.length) problems.push(`${name}: undeclared namespace prefixes ${undeclared.join(', ')}`);
    }
  }

  // Content types: a Default by extension or an Override by part name, for every part.
  const types = docs.get('[Content_Types].xml');
  if (!types) return [...problems, '[Content_Types].xml is missing'];
  const defaults = new Map(
    [...elements(types, 'Default')].map((e) => [
      e.getAttribute('Extension')!.toLowerCase(),
      e.getAttribute('ContentType')!,
    ]),
  );
  const overrides = new Map(
    [...elements(types, 'Override')].map((e) => [
      e.getAttribute('PartName')!.toLowerCase(),
      e.getAttribute('ContentType')!,
    ]),
  );
  for (const name of overrides.keys())
    if (!parts.some((p) => `/${p}`.toLowerCase() === name))
      problems.push(`content type override for missing part ${name}`);
  const contentType = (part: string) =>
    overrides.get(`/${part}`.toLowerCase()) ?? defaults.get(part.split('.').pop()!.toLowerCase());
  for (const part of parts)
    if (part !== '[Content_Types].xml' && !contentType(part)) problems.push(`${part} has no content type`);

  // Relationships: ids unique, internal targets exist, every r:id a part uses is declared.
  const rels = new Map<string, Relationship[]>();
  for (const name of parts.filter((n) => n.endsWith('.rels'))) {
    const source = name.replace(/(^|\/)_rels\/([^/]*)\.rels$/, '$1$2');
    const list = [...elements(docs.get(name), 'Relationship')].map((e) => ({
      id: e.getAttribute('Id') ?? '',
      type: e.getAttribute('Type') ?? '',
      target: e.getAttribute('Target') ?? '',
      external: e.getAttribute('TargetMode') === 'External',
    }));
    rels.set(source, list);
    const ids = list.map((r) => r.id);
    if (new Set(ids).size !== ids.length) problems.push(`${name}: duplicate relationship ids`);
    for (const r of list)
      if (!r.external && !has(resolveTarget(source, r.target)))
        problems.push(`${name}: ${r.id} points to missing ${resolveTarget(source, r.target)}`);
  }
  const target = (source: string, id: string) => rels.get(source)?.find((r) => r.id === id);
  for (const [name, doc] of docs) {
    if (name.endsWith('.rels')) continue;
    for (const id of relationshipRefs(doc))
      if (!target(name, id)) problems.push(`${name}: uses ${id}, which its relationships do not declare`);
  }

  // The package's main part, and the presentation's slides.
  const main = (rels.get('') ?? []).find((r) => r.type === TYPE.officeDocument);
  if (main?.target.replace(/^\//, '') !== 'ppt/presentation.xml')
    problems.push('_rels/.rels has no officeDocument relationship to ppt/presentation.xml');
  const pres = docs.get('ppt/presentation.xml');
  const slideParts = parts.filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
  const listed = [...elements(pres, 'p:sldId')];
  const sldIds = listed.map((e) => Number(e.getAttribute('id')));
  if (sldIds.some((n) => !(n >= 256)) || new Set(sldIds).size !== sldIds.length)
    problems.push(`presentation.xml: slide ids must be unique and >= 256 (${sldIds.join(', ')})`);
  const listedParts = listed.map((e) => {
    const r = target('ppt/presentation.xml', e.getAttribute('r:id') ?? '');
    if (r?.type !== TYPE.slide)
      problems.push(`presentation.xml: ${e.getAttribute('r:id')} is not a slide relationship`);
    return r ? resolveTarget('ppt/presentation.xml', r.target) : '';
  });
  if ([...listedParts].sort().join() !== [...slideParts].sort().join())
    problems.push(`presentation.xml lists ${listedParts.length} slides, the package holds ${slideParts.length}`);

  for (const slide of slideParts) {
    if (docs.get(slide)?.documentElement.nodeName !== 'p:sld') problems.push(`${slide}: root is not p:sld`);
    if (contentType(slide) !== 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml')
      problems.push(`${slide}: wrong content type ${contentType(slide)}`);
    if (!(rels.get(slide) ?? []).some((r) => r.type === TYPE.notesSlide)) problems.push(`${slide}: no notes slide`);
    for (const r of (rels.get(slide) ?? []).filter((x) => x.type === TYPE.chart)) {
      const chart = resolveTarget(slide, r.target);
      if (docs.get(chart)?.documentElement.nodeName !== 'c:chartSpace')
        problems.push(`${chart}: root is not c:chartSpace`);
      for (const data of (rels.get(chart) ?? []).filter((x) => x.type === TYPE.package)) {
        const workbook = resolveTarget(chart, data.target);
        try {
          const xlsx = await JSZip.loadAsync(await zip.file(workbook)!.async('uint8array'));
          if (!xlsx.file('[Content_Types].xml')) problems.push(`${workbook}: not an OOXML workbook`);
        } catch (e) {
          problems.push(`${workbook}: not a zip (${(e as Error).message})`);
        }
      }
    }
  }
  return problems;
}

/** The chart parts the slides reference (for tests that count them). */
export async function chartReferences(bytes: Uint8Array): Promise<string[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await Promise.all(
    Object.keys(zip.files)
      .filter((n) => /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/.test(n))
      .map((n) => zip.file(n)!.async('string')),
  );
  return xml.flatMap((x) => [...x.matchAll(/Target="(?:\.\.|\/ppt)\/charts\/(chart\d+\.xml)"/g)].map((m) => m[1]));
}

function* elements(doc: Document | undefined, tag: string): Generator<Element> {
  if (!doc) return;
  const list = doc.getElementsByTagName(tag);
  for (let i = 0; i < list.length; i++) yield list.item(i)!;
}

/** Prefixes used on elements or attributes without a namespace declaration in scope. */
function unboundPrefixes(doc: Document): string[] {
  const out = new Set<string>();
  const all = doc.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const el = all.item(i)!;
    if (el.prefix && !el.namespaceURI) out.add(el.prefix);
    for (let j = 0; j < el.attributes.length; j++) {
      const a = el.attributes.item(j)!;
      if (a.prefix && a.prefix !== 'xmlns' && !a.namespaceURI) out.add(a.prefix);
    }
  }
  return [...out];
}

/** Every relationship id a part's attributes use (r:id, r:embed, r:link, r:pict ...: attributes in the relationships namespace). */
function relationshipRefs(doc: Document): string[] {
  const out: string[] = [];
  const all = doc.getElementsByTagName('*');
  for (let i = 0; i < all.length; i++) {
    const attrs = all.item(i)!.attributes;
    for (let j = 0; j < attrs.length; j++) {
      const a = attrs.item(j)!;
      if (a.namespaceURI === REL) out.push(a.value);
    }
  }
  return out;
}

/** A relationship target resolved against its source part ("" for the package). */
function resolveTarget(source: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const stack = source.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') stack.pop();
    else if (seg !== '.' && seg !== '') stack.push(seg);
  }
  return stack.join('/');
}
