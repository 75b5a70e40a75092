import pkg from '../../../../package.json';

/** Switchyard's version, from the workspace package.json. */
export const SWITCHYARD_VERSION: string = pkg.version;
