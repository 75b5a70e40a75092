/** Provider prefix of the models this worker serves. */
export const LOCAL_PROVIDER = 'local';

/**
 * The local model name a request targets: the router's `target` (`local:stories260k`), else the
 * request's own `model`. A bare name is taken as local; another provider's model is undefined.
 */
export function localModelName(target: string): string | undefined {
  const colon = target.indexOf(':');
  if (colon === -1) return target;
  return target.slice(0, colon) === LOCAL_PROVIDER ? target.slice(colon + 1) : undefined;
}

/** The public id of a local model: `local:<name>`. */
export function localModelId(name: string): string {
  return `${LOCAL_PROVIDER}:${name}`;
}
