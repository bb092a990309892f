/** The csp version, kept in step with package.json by a unit test; its own module so that commands read it without loading the command tree. */
export const VERSION = '0.1.0';
