/** True for plain JSON objects. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The text of a message's `content` in either wire format: a string, or an array of parts/blocks
 * whose `text` fields (and the `content` of Anthropic `tool_result` blocks) are joined with spaces.
 */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).filter((text) => text !== '').join(' ');
  if (isRecord(content)) {
    if (typeof content['text'] === 'string') return content['text'];
    if ('content' in content) return textOf(content['content']);
  }
  return '';
}

/** The fake tokenizer: one token per whitespace-separated word. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** Splits `text` into `parts` pieces of near-equal length (fewer when the text is shorter); joined they give `text` back. */
export function splitText(text: string, parts: number): string[] {
  const chars = Array.from(text);
  const count = Math.max(1, Math.min(Math.floor(parts), chars.length));
  if (chars.length === 0) return [];
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    pieces.push(chars.slice(Math.floor((i * chars.length) / count), Math.floor(((i + 1) * chars.length) / count)).join(''));
  }
  return pieces;
}
