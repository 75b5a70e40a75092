import { decodeReplyPart, encodeRendered, type RenderSpec, type ReplyPart, type StreamPart } from '@switchyard/contracts';
import { encodeJson } from '@switchyard/nats';
import { renderReply } from '@switchyard/runtime';

/**
 * What a worker answers for `parts` when asked to render them by `spec`, as the gateway receives it (encoded
 * for the bus and decoded again, as `InferenceClient.run` yields it): for stand-ins of the router in tests.
 */
export async function* renderedAnswer(spec: RenderSpec, parts: AsyncIterable<StreamPart>): AsyncGenerator<ReplyPart> {
  for await (const reply of renderReply(spec, parts)) {
    const part = decodeReplyPart(reply.type === 'rendered' ? encodeRendered(reply.json, reply.output) : encodeJson(reply));
    if (part.type === 'delta' || part.type === 'finish' || part.type === 'embedding') throw new Error(`a rendered answer has no ${part.type} part`);
    yield part;
  }
}
