/**
 * Any key or scalar form yaml parses is located, edited or refused cleanly (issue 19): escaped
 * double-quoted keys, CR-only line ends.
 */
import { describe, expect, it } from 'vitest';
import { createFastLocator } from '../../../src/yaml/locate.js';
import { editYamlText, YamlEditRefused } from '../../../src/yaml/edit.js';
import { parseYamlFast } from '../../../src/yaml/read.js';
import { validateText } from '../../../src/validation/file.js';

describe('the fast locator', () => {
  it.each([
    'meta:\n  "x-\\x41": 1\n  account: acme\n',
    'meta: {"x-\\x41": 1, account: acme}\n',
    'meta:\n  "\\e\\N\\_\\L\\P": 1\n',
    'list: ["a\\x41", "\\u0041"]\n',
    'meta:\r  account: acme\r',
  ])('gives up (null: the full locator takes over) or answers, never throws: %j', (text) => {
    expect(() => createFastLocator(text)).not.toThrow();
  });

  it('still locates JSON-compatible escapes itself', () => {
    const locate = createFastLocator('meta:\n  "\\u0061ccount": acme\n');
    expect(locate?.('/meta/account')).toEqual({ line: 2, col: 19 });
  });
});

describe('validation of odd keys', () => {
  it('places an issue in a file whose key holds a YAML escape', async () => {
    const text = 'schema_version: 1\nmeta:\n  "x-\\x41": 1\n  arr_usd: lots\n';
    const result = await validateText('csp.yaml', text, 'csp', {});
    const arr = result.issues.find((i) => i.path === '/meta/arr_usd');
    expect(arr?.line).toBe(4);
  });
});

describe('editing CR-only text', () => {
  const text = '# plan\rmeta:\r  account: acme\r  industry: ""\r';

  it('edits it as the reader reads it, and keeps CR line ends', () => {
    expect(parseYamlFast(text).data).toEqual({ meta: { account: 'acme', industry: '' } });
    const out = editYamlText(text, [{ op: 'set', path: ['meta', 'industry'], value: 'Tech' }]);
    expect(out).toBe('# plan\rmeta:\r  account: acme\r  industry: Tech\r');
  });

  it('refuses text that mixes CR with LF', () => {
    expect(() =>
      editYamlText('meta:\r  account: acme\n', [{ op: 'set', path: ['meta', 'account'], value: 'x' }]),
    ).toThrow(YamlEditRefused);
  });
});
