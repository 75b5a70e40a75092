import type { ChatCompletionRequest } from '@switchyard/openai';
import { convertReasoning } from './convert-reasoning';

const base: ChatCompletionRequest = { model: 'anthropic:claude', messages: [{ role: 'user', content: 'Hi' }] };

describe('convertReasoning', () => {
  it.each<[string, Partial<ChatCompletionRequest>, number, number | undefined, string[]]>([
    ['no effort', {}, 4096, undefined, []],
    ['none', { reasoning_effort: 'none' }, 4096, undefined, []],
    ['minimal (dropped)', { reasoning_effort: 'minimal' }, 4096, undefined, ['reasoning_effort']],
    ['low', { reasoning_effort: 'low' }, 4096, 1024, []],
    ['medium', { reasoning_effort: 'medium' }, 8192, 4096, []],
    ['high, within max_tokens', { reasoning_effort: 'high' }, 4096, 4095, []],
    ['xhigh', { reasoning_effort: 'xhigh' }, 64_000, 32_768, []],
    ['high with too few tokens for any thinking (dropped)', { reasoning_effort: 'high' }, 1024, undefined, ['reasoning_effort']],
    ['temperature 1 and top_p 0.95 (allowed)', { reasoning_effort: 'low', temperature: 1, top_p: 0.95, tool_choice: 'auto' }, 4096, 1024, []],
  ])('%s', (_name, params, maxTokens, budget, dropped) => {
    const conversion = convertReasoning({ ...base, ...params }, maxTokens);
    expect(conversion).toEqual({ ok: true, dropped, ...(budget === undefined ? {} : { thinking: { type: 'enabled', budget_tokens: budget } }) });
  });

  it.each<[string, Partial<ChatCompletionRequest>, string]>([
    ['a temperature other than 1', { temperature: 0.2 }, 'temperature'],
    ['top_p below 0.95', { top_p: 0.5 }, 'top_p'],
    ['top_k', { top_k: 40 }, 'top_k'],
    ['a required tool call', { tool_choice: 'required' }, 'tool_choice'],
    ['a named tool', { tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice'],
  ])('refuses thinking with %s, naming the parameter', (_name, params, param) => {
    const conversion = convertReasoning({ ...base, reasoning_effort: 'medium', ...params }, 8192);
    expect(conversion).toEqual({ ok: false, error: expect.objectContaining({ code: 'unsupported_parameter', param, message: expect.stringContaining('reasoning_effort') }) });
  });
});
