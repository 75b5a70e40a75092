/** What a request's `model` asks for. */
export type ModelRef =
  /** Let the router choose. */
  | { kind: 'auto' }
  /** A specific backend: `<provider>:<name>`. */
  | { kind: 'pinned'; provider: string; name: string }
  /** A bare model name, served by whichever provider has it. */
  | { kind: 'bare'; name: string };

export const AUTO_MODEL = 'auto';

/** Parses `auto`, `local:stories260k`, `openai:gpt-4o-mini` (the name may itself contain `:`), or a bare name. */
export function parseModelRef(model: string): ModelRef {
  const trimmed = model.trim();
  if (trimmed.toLowerCase() === AUTO_MODEL) return { kind: 'auto' };
  const colon = trimmed.indexOf(':');
  if (colon > 0 && colon < trimmed.length - 1) {
    return { kind: 'pinned', provider: trimmed.slice(0, colon).toLowerCase(), name: trimmed.slice(colon + 1) };
  }
  return { kind: 'bare', name: trimmed };
}

/** The public id of a backend model. */
export function backendId(provider: string, name: string): string {
  return `${provider}:${name}`;
}

/** The `model` string a response carries: `auto (selected: local:x)` for auto, the backend id otherwise. */
export function displayModel(ref: ModelRef, backend: string): string {
  return ref.kind === 'auto' ? `${AUTO_MODEL} (selected: ${backend})` : backend;
}
