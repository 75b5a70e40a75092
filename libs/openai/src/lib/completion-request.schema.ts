import { z } from 'zod';
import { StopSchema, StreamOptionsSchema } from './chat-request.schema';
import { SamplingExtensionsShape } from './sampling-extensions';

/** A token id list (for tokenizer-aware clients); ids are the backend tokenizer's. */
const TokenIdsSchema = z.array(z.number().int().min(0)).min(1);

/** `prompt`: a string, strings, token ids, or lists of token ids (each one prompt). */
export const CompletionPromptSchema = z.union([
  z.string(),
  z.array(z.string()).min(1).max(2048),
  TokenIdsSchema,
  z.array(TokenIdsSchema).min(1).max(2048),
]);

/**
 * OpenAI's `CreateCompletionRequest` (legacy text completions). Every documented parameter is known;
 * which a backend honours is its decision, and one it cannot honour is refused by name. A null optional
 * parameter means "not set"; the sampling parameters of local engines are known too.
 */
export const CompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    prompt: CompletionPromptSchema,
    best_of: z.number().int().min(0).max(20).optional(),
    echo: z.boolean().optional(),
    frequency_penalty: z.number().min(-2).max(2).optional(),
    logit_bias: z.record(z.string().regex(/^\d+$/, 'token ids'), z.number().min(-100).max(100)).optional(),
    logprobs: z.number().int().min(0).max(5).optional(),
    max_tokens: z.number().int().min(0).optional(),
    n: z.number().int().min(1).max(128).optional(),
    presence_penalty: z.number().min(-2).max(2).optional(),
    seed: z.number().int().optional(),
    stop: StopSchema.optional(),
    stream: z.boolean().optional(),
    stream_options: StreamOptionsSchema.optional(),
    suffix: z.string().optional(),
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    user: z.string().optional(),
    ...SamplingExtensionsShape,
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.best_of != null && request.n != null && request.best_of < request.n) {
      ctx.addIssue({ code: 'custom', path: ['best_of'], message: 'best_of must be greater than or equal to n' });
    }
    if (request.best_of != null && request.best_of > 1 && request.stream === true) {
      ctx.addIssue({ code: 'custom', path: ['best_of'], message: 'best_of cannot be used with stream' });
    }
  });

/** The default `max_tokens` of a text completion, as OpenAI documents it. */
export const COMPLETION_DEFAULT_MAX_TOKENS = 16;

/** The prompts of a completion request, one per choice group (token-id prompts stay as ids). */
export function completionPrompts(prompt: CompletionRequest['prompt']): Array<string | number[]> {
  if (typeof prompt === 'string') return [prompt];
  if (prompt.length > 0 && typeof prompt[0] === 'number') return [prompt as number[]];
  return prompt as Array<string | number[]>;
}

export type CompletionRequest = z.infer<typeof CompletionRequestSchema>;
