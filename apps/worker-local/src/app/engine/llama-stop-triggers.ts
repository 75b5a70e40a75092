import type { LlamaText, Token } from 'node-llama-cpp';

/** A stop trigger as node-llama-cpp's chat templates and grammars give them. */
export type LlamaStopTrigger = LlamaText | string | readonly (string | Token)[];

/**
 * The plain-text stop triggers among `triggers` (a chat template's `\n### Human`, a JSON grammar's
 * blank lines). Triggers made of special tokens (`EOS`, `<|im_end|>`) are end-of-generation tokens,
 * which stop a generation anyway.
 */
export function plainStopTexts(triggers: readonly LlamaStopTrigger[]): string[] {
  const texts: string[] = [];
  for (const trigger of triggers) {
    const values: readonly unknown[] = typeof trigger === 'string' ? [trigger] : isList(trigger) ? trigger : trigger.values;
    if (values.length > 0 && values.every((value) => typeof value === 'string')) texts.push(values.join(''));
  }
  return texts.filter((text) => text !== '');
}

function isList(trigger: LlamaText | readonly (string | Token)[]): trigger is readonly (string | Token)[] {
  return Array.isArray(trigger);
}
