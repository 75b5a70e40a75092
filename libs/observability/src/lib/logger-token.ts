/** The DI token of a service's pino `Logger`: one token for every app, so shared modules can inject it too. */
export const LOGGER = Symbol('LOGGER');
