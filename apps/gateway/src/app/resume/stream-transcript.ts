import type { ChatCompletionChunk } from '@switchyard/openai';

/** What a streamed chat completion has said so far, read back from its chunks. */
export interface Transcript {
  /** Choice 0's text. */
  text: string;
  /** Chunks that carried text: about one token each, the estimate of what the backend generated. */
  textChunks: number;
  /** A tool call had begun (a resume cannot go on in the middle of one). */
  toolCalls: boolean;
  /** A choice had finished. */
  finished: boolean;
}

const decoder = new TextDecoder();

/**
 * Keeps the rendered chunks of one streamed chat completion as they go to the client, unparsed (views of the bus
 * messages), and reads them back only when the stream breaks and is to be resumed: the normal path parses nothing.
 */
export class StreamTranscript {
  private readonly chunks: Uint8Array[] = [];

  add(json: Uint8Array): void {
    this.chunks.push(json);
  }

  read(): Transcript {
    const transcript: Transcript = { text: '', textChunks: 0, toolCalls: false, finished: false };
    for (const json of this.chunks) {
      const chunk = JSON.parse(decoder.decode(json)) as ChatCompletionChunk;
      for (const choice of chunk.choices) {
        if (choice.finish_reason !== null) transcript.finished = true;
        if ((choice.delta.tool_calls?.length ?? 0) > 0) transcript.toolCalls = true;
        const content = choice.delta.content;
        if (choice.index === 0 && typeof content === 'string' && content !== '') {
          transcript.text += content;
          transcript.textChunks += 1;
        }
      }
    }
    return transcript;
  }
}
