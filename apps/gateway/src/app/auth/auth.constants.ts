/** DI tokens of API-key auth and rate limiting. */
export const ACCESS_SETTINGS = Symbol('ACCESS_SETTINGS');
export const KEY_BACKEND = Symbol('KEY_BACKEND');
export const ACCESS_LOGGER = Symbol('ACCESS_LOGGER');
