/** DI tokens of the console. */
export const CONSOLE_SETTINGS = Symbol('CONSOLE_SETTINGS');
/** The `AdminToken` guarding the console's API. */
export const CONSOLE_ADMIN = Symbol('CONSOLE_ADMIN');
