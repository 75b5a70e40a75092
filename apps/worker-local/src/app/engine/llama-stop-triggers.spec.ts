import type { LlamaText, Token } from 'node-llama-cpp';
import { plainStopTexts, type LlamaStopTrigger } from './llama-stop-triggers';

/** A stand-in for node-llama-cpp's LlamaText: what `plainStopTexts` reads of it. */
const text = (...values: unknown[]): LlamaText => ({ values }) as unknown as LlamaText;

describe('plainStopTexts', () => {
  it('keeps plain-text triggers and drops special-token ones', () => {
    const triggers: LlamaStopTrigger[] = [
      '</s>',
      text('\n### Human'),
      text({ type: 'specialToken', value: 'EOS' }),
      text('<end>', { type: 'specialTokensText', value: 'x' }),
      ['a', 'b'],
      ['a', 5 as Token],
      '',
      text(),
    ];
    expect(plainStopTexts(triggers)).toEqual(['</s>', '\n### Human', 'ab']);
  });
});
