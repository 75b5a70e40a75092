import { errorPart, type ErrorPart } from '@switchyard/contracts';
import { asksFor, SAMPLING_EXTENSIONS, type SamplingExtension } from '@switchyard/openai';

/** The local engines' sampling parameters of a request, after review: what to leave out, or the one to refuse. */
export type SamplingExtensionReview = { ok: true; omit: SamplingExtension[] } | { ok: false; error: ErrorPart };

/**
 * Reviews the sampling parameters outside OpenAI's API (`top_k`, `min_p`, `repetition_penalty`) for an
 * upstream that takes `accepted` of them (a vLLM or llama.cpp server declares them in its provider's
 * `samplingParameters`; OpenAI itself takes none). An accepted one passes unchanged; another is refused
 * by name when it asks for something, and left out when it asks for nothing (`top_k: -1`), because
 * OpenAI answers any argument it does not know with a 400.
 */
export function reviewSamplingExtensions(
  body: Partial<Record<SamplingExtension, number>>,
  provider: string,
  accepted: ReadonlySet<SamplingExtension>,
): SamplingExtensionReview {
  const omit: SamplingExtension[] = [];
  for (const name of SAMPLING_EXTENSIONS) {
    const value = body[name];
    if (value === undefined || accepted.has(name)) continue;
    if (asksFor(name, value)) {
      return {
        ok: false,
        error: errorPart('unsupported_parameter', `Unsupported parameter '${name}': the provider '${provider}' does not take it.`, { param: name }),
      };
    }
    omit.push(name);
  }
  return { ok: true, omit };
}
