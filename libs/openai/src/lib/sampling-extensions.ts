import { z } from 'zod';

/**
 * Sampling parameters of local inference engines, outside OpenAI's API: llama.cpp's and vLLM's
 * OpenAI-compatible servers take them, and so does Switchyard on chat and text completions. Each has
 * a value that asks for nothing (the same as leaving it out); any other value is honoured by the
 * backends that can, and refused by name by the others; null, as for any optional parameter, is "not set".
 */
export const SamplingExtensionsShape = {
  /** Sample only from the `top_k` most likely tokens; -1 or 0: off (vLLM's and Inferneo's default, -1). */
  top_k: z.number().int().min(-1).optional(),
  /** Drop tokens whose probability is below `min_p` times the most likely token's; 0: off. */
  min_p: z.number().min(0).max(1).optional(),
  /**
   * Lower (above 1) or raise (below 1) the odds of tokens already generated: their logits are divided
   * by it when positive and multiplied when negative (vLLM's and Hugging Face's name; llama.cpp calls it
   * `repeat_penalty`); 1: off.
   */
  repetition_penalty: z.number().gt(0).max(2).optional(),
};

/** The name of one sampling extension. */
export type SamplingExtension = keyof typeof SamplingExtensionsShape;

/** Every sampling extension, in the order errors name them. */
export const SAMPLING_EXTENSIONS = Object.keys(SamplingExtensionsShape) as SamplingExtension[];

/** The values that ask for nothing. */
const IS_OFF: Readonly<Record<SamplingExtension, (value: number) => boolean>> = {
  top_k: (k) => k <= 0,
  min_p: (p) => p === 0,
  repetition_penalty: (penalty) => penalty === 1,
};

/** Whether `value` of `name` asks for something (a value that is absent or means "off" does not). */
export function asksFor(name: SamplingExtension, value: number | null | undefined): value is number {
  return value !== undefined && value !== null && !IS_OFF[name](value);
}

/** The extensions `body` asks for, in `SAMPLING_EXTENSIONS` order. */
export function requestedSamplingExtensions(body: Partial<Record<SamplingExtension, number | null>>): SamplingExtension[] {
  return SAMPLING_EXTENSIONS.filter((name) => asksFor(name, body[name]));
}
