/** The models that pick a scenario; any other name gets the default echo answer. */
export const FAKE_SCENARIO_MODELS = [
  'tool-model',
  'rate-limited',
  'no-quota',
  'server-error',
  'overloaded',
  'bad-request',
  'dies-mid-stream',
  'error-mid-stream',
  'malformed',
  'thousand',
  'slow',
  'stall',
] as const;

/** A behaviour chosen by the request's `model`. */
export type Scenario = (typeof FAKE_SCENARIO_MODELS)[number] | 'echo';

export function scenarioOf(model: string): Scenario {
  return (FAKE_SCENARIO_MODELS as readonly string[]).includes(model) ? (model as Scenario) : 'echo';
}

/** Content pieces sent before a stream is cut (`dies-mid-stream`) or fails (`error-mid-stream`). */
export const CUT_AFTER: Partial<Record<Scenario, number>> = { 'dies-mid-stream': 2, 'error-mid-stream': 1 };

/** Extra wait before every stream event (and once before a non-streamed answer) for the `slow` model. */
export const SLOW_CHUNK_MS = 300;

/** Arguments of the tool call `tool-model` makes, in the fragments a stream delivers them in. */
export const TOOL_ARGUMENT_FRAGMENTS = ['{"city"', ':"Pa', 'ris"}'] as const;
export const TOOL_RESULT_ANSWER = 'The weather is sunny.';

/** The 1,000 pieces of the `thousand` model: `w0 `, `w1 `, … */
export function thousandPieces(): string[] {
  return Array.from({ length: 1000 }, (_, i) => `w${i} `);
}

/** Why an answer ended: naturally, at the token limit, or at a stop sequence. */
export type Finish = 'end' | 'length' | 'stop';

/** The pieces actually generated, and why generation stopped. */
export interface AnswerPlan {
  pieces: string[];
  finish: Finish;
  /** The stop sequence that matched, when `finish` is `stop`. */
  stopSequence: string | null;
}

/**
 * Emits `pieces` one per token until `maxTokens` pieces are out (`length`) or the text reaches the
 * first of `stops` in the whole answer (cut just before it: `stop`).
 */
export function planAnswer(pieces: readonly string[], maxTokens: number | undefined, stops: readonly string[]): AnswerPlan {
  const hit = earliestStop(pieces.join(''), stops);
  const out: string[] = [];
  let position = 0;
  for (const piece of pieces) {
    if (maxTokens !== undefined && out.length >= maxTokens) return { pieces: out, finish: 'length', stopSequence: null };
    if (hit && position + piece.length > hit.index) {
      const cut = piece.slice(0, hit.index - position);
      if (cut !== '') out.push(cut);
      return { pieces: out, finish: 'stop', stopSequence: hit.stop };
    }
    out.push(piece);
    position += piece.length;
  }
  return { pieces: out, finish: 'end', stopSequence: null };
}

function earliestStop(text: string, stops: readonly string[]): { index: number; stop: string } | undefined {
  let best: { index: number; stop: string } | undefined;
  for (const stop of stops) {
    if (stop === '') continue;
    const index = text.indexOf(stop);
    if (index >= 0 && (!best || index < best.index)) best = { index, stop };
  }
  return best;
}

/** A non-negative integer request field, or undefined. */
export function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
