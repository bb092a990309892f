/**
 * Keeps secrets out of everything csp prints or writes: the Anthropic API key (and any other
 * *_API_KEY / *_ACCESS_KEY / *_TOKEN / *_CREDENTIALS variable, or one naming a secret or password) is replaced by a mask wherever it appears
 * in output, and storage/files.ts refuses to write it to a file (guardSecrets).
 */

/** The values of the secret environment variables (8 characters or more). */
export function secretValues(env: Record<string, string | undefined>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => !!value && value.length >= 8 && /(API_?KEY|ACCESS_KEY|TOKEN|CREDENTIALS?)$|SECRET|PASSWORD|PASSWD/i.test(name))
    .map(([, value]) => value!);
}

/** Replaces the values of secret environment variables in text with "***". */
export function redactSecrets(text: string, env: Record<string, string | undefined>): string {
  let out = text;
  for (const value of secretValues(env)) out = out.split(value).join('***');
  // Keys that are not in the environment (a key pasted into a flag or a file) still look like keys.
  return out.replace(/sk-ant-[A-Za-z0-9_-]{8,}/g, 'sk-ant-***');
}
