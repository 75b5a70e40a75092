import { applyChatData, type ChatStreamState, EMPTY_CHAT, throughput } from './chat-stream';

const chunk = (fields: Record<string, unknown>): string => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, ...fields });
const delta = (content: string, model = 'auto (selected: local:stories260k)'): string => chunk({ model, choices: [{ index: 0, delta: { content }, finish_reason: null }] });

function fold(datas: string[], times: number[] = []): ChatStreamState {
  return datas.reduce((state, data, i) => applyChatData(state, data, times[i] ?? i), EMPTY_CHAT);
}

describe('chat stream', () => {
  it('appends content deltas, counts them, and keeps the model label', () => {
    const state = fold([chunk({ model: 'auto (selected: local:stories260k)', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }), delta('Once'), delta(' upon'), delta(' a time')], [100, 150, 160, 170]);
    expect(state.content).toBe('Once upon a time');
    expect(state.contentChunks).toBe(3);
    expect(state.firstContentAt).toBe(150);
    expect(state.model).toBe('auto (selected: local:stories260k)');
    expect(state.done).toBe(false);
  });

  it('records the finish reason, the usage chunk and the end', () => {
    const state = fold([
      delta('Hi'),
      chunk({ model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'length' }] }),
      chunk({ model: 'm', choices: [], usage: { prompt_tokens: 9, completion_tokens: 16, total_tokens: 25 } }),
      '[DONE]',
    ]);
    expect(state.finishReason).toBe('length');
    expect(state.usage).toEqual({ prompt_tokens: 9, completion_tokens: 16, total_tokens: 25 });
    expect(state.done).toBe(true);
    expect(state.content).toBe('Hi');
  });

  it('fills in a missing total', () => {
    expect(fold([chunk({ choices: [], usage: { prompt_tokens: 2, completion_tokens: 3 } })]).usage?.total_tokens).toBe(5);
  });

  it('takes an error event as the error, keeping what came before', () => {
    const state = fold([delta('partial'), JSON.stringify({ error: { message: 'Backend went away', type: 'server_error', param: null, code: 'upstream_error' } })]);
    expect(state.error).toBe('Backend went away');
    expect(state.content).toBe('partial');
    expect(state.done).toBe(false);
  });

  it('ignores data it cannot read', () => {
    const before = fold([delta('a')]);
    for (const bad of ['{oops', '42', 'null', '"text"', chunk({ choices: 'nope' }), chunk({ choices: [null] })]) {
      const after = applyChatData(before, bad, 99);
      expect(after.content).toBe('a');
      expect(after.error).toBeNull();
    }
  });
});

describe('throughput', () => {
  const started = 1000;
  it('uses the usage completion tokens over the generation time when present', () => {
    const state = fold([delta('a'), delta('b'), chunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 50, total_tokens: 51 } })], [1200, 1300, 3200]);
    expect(throughput(state, started, 3200)).toEqual({ tokensPerSecond: 25, source: 'usage', tokens: 50 });
  });

  it('estimates one token per content chunk without usage', () => {
    const state = fold([delta('a'), delta('b'), delta('c'), delta('d')], [1500, 1600, 1700, 2000]);
    expect(throughput(state, started, 2000)).toEqual({ tokensPerSecond: 8, source: 'estimate', tokens: 4 });
  });

  it('falls back to the whole request when everything came at once, and is null before any content', () => {
    const state = fold([delta('abc')], [1500]);
    expect(throughput(state, started, 1500)).toEqual({ tokensPerSecond: 2, source: 'estimate', tokens: 1 });
    expect(throughput(EMPTY_CHAT, started, 2000)).toBeNull();
  });
});
