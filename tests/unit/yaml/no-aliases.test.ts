import { describe, expect, it } from 'vitest';
import { editYamlText, renderNewYaml } from '../../../src/yaml/edit.js';

// Found by the fuzz test (issue 8): a value holding the same object twice was written as an
// anchor and an alias (&a1 / *a1), so a later edit of one copy would have changed both.
describe('values that share an object are written out in full', () => {
  const shared = { k: 1 };
  it.each([
    ['a new key', 'x'],
    ['a replaced scalar', 'title'],
  ])('editYamlText, %s', (_what, key) => {
    const out = editYamlText('title: old\nlist:\n  - a: 1\n', [
      { op: 'set', path: [key], value: { one: shared, two: shared } },
    ]);
    expect(out).not.toMatch(/[&*]a\d/);
  });

  it('editYamlText, appended list items', () => {
    const out = editYamlText('list:\n  - a: 1\n', [
      { op: 'append', path: ['list'], value: shared },
      { op: 'append', path: ['list'], value: shared },
    ]);
    expect(out).not.toMatch(/[&*]a\d/);
    expect(out).toContain('- k: 1\n  - k: 1');
  });

  it('renderNewYaml', () => {
    expect(renderNewYaml({ a: shared, b: [shared, shared] })).not.toMatch(/[&*]a\d/);
  });
});
