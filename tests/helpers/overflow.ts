/**
 * The visual check of a rendered page, run inside the browser (page.evaluate): every element that
 * sticks out of the page (right of the viewport, or a horizontal scrollbar), out of its table, or
 * whose content overflows its own cell, and every SVG text or shape drawn past its chart's
 * viewBox (clipped). Returns one line per offender; [] when everything fits.
 */
export function findOverflows(): string[] {
  const out: string[] = [];
  const tol = 0.5;
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('class') ? `.${String(el.getAttribute('class')).split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
  const page = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > page + tol)
    out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${page}`);
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > page + tol || r.left < -tol)
      out.push(`${name(el)} leaves the page (${Math.round(r.left)}..${Math.round(r.right)} of ${page})`);
    const table = el.parentElement?.closest('table');
    if (table) {
      const t = table.getBoundingClientRect();
      if (r.right > t.right + tol || r.left < t.left - tol)
        out.push(`${name(el)} leaves its table (${Math.round(r.right)} > ${Math.round(t.right)})`);
    }
    const tag = el.tagName.toLowerCase();
    if ((tag === 'td' || tag === 'th') && el.scrollWidth > el.clientWidth + 1)
      out.push(`${name(el)} overflows its cell (${el.scrollWidth} > ${el.clientWidth})`);
  }
  for (const svg of Array.from(document.querySelectorAll('svg'))) {
    const vb = svg.viewBox.baseVal;
    if (!vb || vb.width === 0) continue;
    for (const shape of Array.from(svg.querySelectorAll('text, rect, path, line'))) {
      const b = (shape as SVGGraphicsElement).getBBox();
      if (b.x + b.width > vb.x + vb.width + tol || b.x < vb.x - tol)
        out.push(
          `svg ${shape.tagName} "${(shape.textContent ?? '').slice(0, 30)}" is clipped by its chart (${Math.round(b.x)}..${Math.round(b.x + b.width)} of ${vb.width})`,
        );
    }
  }
  return out;
}
