import { errorPart, type StreamPart } from '@switchyard/contracts';
import type { StreamConverter } from '@switchyard/providers-core';
import { SseParser } from '@switchyard/sse';
import type { UpstreamResponse } from '../upstream/upstream-client';

/**
 * Converts a streamed upstream response to stream parts as its bytes arrive: decode UTF-8 across
 * chunk boundaries, parse SSE once, convert each event with `converter`. A stream that breaks off or
 * ends without the provider's end marker yields an error part (naming `provider`), never a clean end.
 */
export async function* relayStream(response: UpstreamResponse, converter: StreamConverter, provider: string, signal: AbortSignal): AsyncGenerator<StreamPart> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for await (const chunk of response.body) {
      for (const event of parser.push(decoder.decode(chunk, { stream: true }))) {
        for (const part of converter.push(event)) {
          yield part;
          if (part.type === 'error') {
            await response.discard();
            return;
          }
        }
      }
    }
  } catch {
    if (signal.aborted) return;
    yield errorPart('upstream_error', `${provider} stream broke off before it ended.`);
    return;
  }
  for (const event of parser.push(decoder.decode())) for (const part of converter.push(event)) yield part;
  for (const event of parser.end()) for (const part of converter.push(event)) yield part;
  yield* converter.end();
}
