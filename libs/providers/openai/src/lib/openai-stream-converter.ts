import { errorPart, type ErrorPart, type StreamPart } from '@switchyard/contracts';
import type { StreamConverter } from '@switchyard/providers-core';
import type { SseEvent } from '@switchyard/sse';
import { convertChunk } from './convert-chunk';
import { describeSchemaError } from './describe-schema-error';
import { inlineErrorPart } from './inline-error-part';
import { WireChunkSchema } from './openai-wire.schema';
import { readInlineError } from './read-inline-error';

/**
 * One streamed chat completion, event by event: each `data:` is a `chat.completion.chunk`, an
 * error object (`data: {"error": …}`, sent mid-stream by OpenAI and compatible servers), or the
 * end marker `[DONE]`. Event names are not used (OpenAI sends none). After the end marker or an
 * error, further events are ignored.
 * Reference: https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIStreamConverter implements StreamConverter {
  private sawDone = false;
  private failed = false;
  private sentOutput = false;

  constructor(private readonly provider: string) {}

  get done(): boolean {
    return this.sawDone;
  }

  push(event: SseEvent): StreamPart[] {
    if (this.sawDone || this.failed) return [];
    const data = event.data.trim();
    if (data === '') return [];
    if (data === '[DONE]') {
      this.sawDone = true;
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.fail(errorPart('upstream_error', `${this.provider} sent a stream event that is not JSON.`));
    }
    const inline = readInlineError(json);
    if (inline) return this.fail(inlineErrorPart(this.provider, inline, this.sentOutput));
    const chunk = WireChunkSchema.safeParse(json);
    if (!chunk.success) {
      return this.fail(errorPart('upstream_error', `${this.provider} sent a malformed stream chunk (${describeSchemaError(chunk.error)}).`));
    }
    const parts = convertChunk(chunk.data);
    if (parts.length > 0) this.sentOutput = true;
    return parts;
  }

  end(): StreamPart[] {
    if (this.sawDone || this.failed) return [];
    return this.fail(errorPart('upstream_error', `${this.provider} ended the stream before [DONE].`));
  }

  private fail(part: ErrorPart): StreamPart[] {
    this.failed = true;
    return [part];
  }
}
