/**
 * Keeps secrets out of everything csp prints or writes. The check itself lives in
 * storage/secrets.ts (one rule for files, stdout documents and messages); re-exported here for
 * the CLI layer.
 */
export { redactSecrets, secretValues } from '../storage/secrets.js';
