import type { Endpoint, RenderSpec } from '@switchyard/contracts';
import { chatCompletionId, embeddingInputs, textCompletionId, type ChatCompletionRequest, type CompletionRequest, type EmbeddingRequest } from '@switchyard/openai';

/** Now, as OpenAI's `created`. */
function created(): number {
  return Math.floor(Date.now() / 1000);
}

/** How a chat completion is rendered: chunks when streamed (with the usage chunk when asked for), else one body. */
export function chatRender(body: ChatCompletionRequest, streamed = body.stream === true): Extract<RenderSpec, { format: 'chat.completion.chunk' | 'chat.completion' }> {
  const id = chatCompletionId();
  return streamed
    ? { format: 'chat.completion.chunk', id, created: created(), includeUsage: body.stream_options?.include_usage === true }
    : { format: 'chat.completion', id, created: created() };
}

/** How a legacy text completion is rendered. */
export function textRender(body: CompletionRequest): RenderSpec {
  const id = textCompletionId();
  return body.stream === true
    ? { format: 'text_completion.chunk', id, created: created(), includeUsage: body.stream_options?.include_usage === true }
    : { format: 'text_completion', id, created: created() };
}

/** How an embeddings list is rendered: one vector per input, in the encoding asked for. */
export function embeddingRender(body: EmbeddingRequest): RenderSpec {
  return { format: 'embedding.list', inputs: embeddingInputs(body.input).length, encoding: body.encoding_format ?? 'float' };
}

/** True when the answer goes out in chunks as it comes. */
export function isStreamed(spec: RenderSpec): boolean {
  return spec.format === 'chat.completion.chunk' || spec.format === 'text_completion.chunk' || spec.format === 'anthropic.message.stream' || spec.format === 'openai.response.stream';
}

/** The client API whose answer a spec renders. */
export function endpointOf(spec: RenderSpec): Endpoint {
  switch (spec.format) {
    case 'chat.completion.chunk':
    case 'chat.completion':
      return 'chat/completions';
    case 'text_completion.chunk':
    case 'text_completion':
      return 'completions';
    case 'embedding.list':
      return 'embeddings';
    case 'anthropic.message.stream':
    case 'anthropic.message':
      return 'messages';
    case 'openai.response.stream':
    case 'openai.response':
      return 'responses';
  }
}
