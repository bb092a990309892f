/**
 * Keeps secrets out of everything csp prints or writes: the Anthropic API key (and any other
 * *_API_KEY / *_TOKEN variable) is replaced by a mask wherever it appears.
 */

/** Replaces the values of secret environment variables in text with "***". */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 8 || !/(API_?KEY|ACCESS_KEY|TOKEN|CREDENTIALS?)$|SECRET|PASSWORD|PASSWD/i.test(name)) continue;
    out = out.split(value).join('***');
  }
  // Keys that are not in the environment (a key pasted into a flag or a file) still look like keys.
  return out.replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, 'sk-ant-***');
}
