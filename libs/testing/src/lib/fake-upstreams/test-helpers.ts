/** One parsed server-sent event. */
export interface ParsedEvent {
  event: string | undefined;
  data: string;
}

/** Splits complete SSE text into events (only `event:` and `data:` fields; data lines joined with `\n`). */
export function parseSse(text: string): ParsedEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      return { event, data: data.join('\n') };
    });
}

/** Reads a body to its end or until it fails: the text received and the failure, if any. */
export async function readUntilCut(res: Response): Promise<{ text: string; error: unknown }> {
  const decoder = new TextDecoder();
  let text = '';
  const reader = res.body?.getReader();
  if (!reader) return { text, error: new Error('no body') };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Response headers as a plain object. */
export function headersOf(res: Response): Record<string, string> {
  return Object.fromEntries(res.headers.entries());
}
