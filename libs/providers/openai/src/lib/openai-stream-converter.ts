import { errorPart, type ErrorPart, type StreamPart } from '@switchyard/contracts';
import type { StreamConverter } from '@switchyard/providers-core';
import type { SseEvent } from '@switchyard/sse';
import type { z } from 'zod';
import { convertChunk } from './convert-chunk';
import { convertTextChunk } from './convert-text-completion';
import { describeSchemaError } from './describe-schema-error';
import { inlineErrorPart } from './inline-error-part';
import { WireTextChunkSchema } from './openai-completion-wire.schema';
import { WireChunkSchema } from './openai-wire.schema';
import { readInlineError } from './read-inline-error';

/** Reads one chunk's JSON: its parts, or why it is not a chunk. */
export type ChunkReader = (json: unknown) => { ok: true; parts: StreamPart[] } | { ok: false; problem: string };

/** A chunk reader that validates with `schema`, then converts with `convert`. */
export function chunkReader<T>(schema: z.ZodType<T>, convert: (chunk: T) => StreamPart[]): ChunkReader {
  return (json) => {
    const chunk = schema.safeParse(json);
    return chunk.success ? { ok: true, parts: convert(chunk.data) } : { ok: false, problem: describeSchemaError(chunk.error) };
  };
}

/** `chat.completion.chunk`s. */
export const readChatChunk: ChunkReader = chunkReader(WireChunkSchema, convertChunk);
/** Streamed `text_completion`s (legacy completions). */
export const readTextChunk: ChunkReader = chunkReader(WireTextChunkSchema, convertTextChunk);

/**
 * One streamed chat or text completion, event by event: each `data:` is a chunk (read by `readChunk`,
 * `chat.completion.chunk` unless told otherwise), an error object (`data: {"error": …}`, sent
 * mid-stream by OpenAI and compatible servers), or the end marker `[DONE]`. Event names are not used
 * (OpenAI sends none). After the end marker or an error, further events are ignored.
 * Reference: https://platform.openai.com/docs/api-reference/chat-streaming
 */
export class OpenAIStreamConverter implements StreamConverter {
  private sawDone = false;
  private failed = false;
  private sentOutput = false;

  constructor(
    private readonly provider: string,
    private readonly readChunk: ChunkReader = readChatChunk,
  ) {}

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
    const chunk = this.readChunk(json);
    if (!chunk.ok) return this.fail(errorPart('upstream_error', `${this.provider} sent a malformed stream chunk (${chunk.problem}).`));
    const parts = chunk.parts;
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
