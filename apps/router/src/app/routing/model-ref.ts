/** A reference to backend models: a specific `<provider>:<name>`, or a bare name any provider may serve. */
export type BackendRef = { kind: 'pinned'; provider: string; name: string } | { kind: 'bare'; name: string };

/** What a request's `model` asks for. */
export type ModelRef =
  /** Let the router choose among every backend. */
  | { kind: 'auto' }
  /** A configured alias: its backends, in order of preference. */
  | { kind: 'alias'; name: string; targets: BackendRef[] }
  | BackendRef;

export const AUTO_MODEL = 'auto';

/** Parses a backend reference: `local:stories260k`, `openai:gpt-4o-mini` (the name may itself contain `:`), or a bare name. */
export function parseBackendRef(model: string): BackendRef {
  const trimmed = model.trim();
  const colon = trimmed.indexOf(':');
  if (colon > 0 && colon < trimmed.length - 1) {
    return { kind: 'pinned', provider: trimmed.slice(0, colon).toLowerCase(), name: trimmed.slice(colon + 1) };
  }
  return { kind: 'bare', name: trimmed };
}

/** Parses `auto`, a configured alias, or a backend reference. */
export function parseModelRef(model: string, aliases: Readonly<Record<string, readonly string[]>> = {}): ModelRef {
  const trimmed = model.trim();
  if (trimmed.toLowerCase() === AUTO_MODEL) return { kind: 'auto' };
  const targets = Object.hasOwn(aliases, trimmed) ? aliases[trimmed] : undefined;
  if (targets) return { kind: 'alias', name: trimmed, targets: targets.map(parseBackendRef) };
  return parseBackendRef(trimmed);
}

/** The public id of a backend model. */
export function backendId(provider: string, name: string): string {
  return `${provider}:${name}`;
}

/** Whether `ref` names the model `name` served by `provider`. */
export function backendMatches(ref: BackendRef, provider: string, name: string): boolean {
  return ref.name === name && (ref.kind === 'bare' || ref.provider === provider);
}

/**
 * Where `provider:name` stands in what `ref` asks for: 0 for auto and direct matches, the position
 * in the alias's list for aliases, -1 when it does not match at all.
 */
export function preferenceOf(ref: ModelRef, provider: string, name: string): number {
  switch (ref.kind) {
    case 'auto':
      return 0;
    case 'alias':
      return ref.targets.findIndex((target) => backendMatches(target, provider, name));
    default:
      return backendMatches(ref, provider, name) ? 0 : -1;
  }
}

/** The `model` string a response carries: `auto (selected: local:x)` for auto and aliases, the backend id otherwise. */
export function displayModel(ref: ModelRef, backend: string): string {
  if (ref.kind === 'auto') return `${AUTO_MODEL} (selected: ${backend})`;
  if (ref.kind === 'alias') return `${ref.name} (selected: ${backend})`;
  return backend;
}
