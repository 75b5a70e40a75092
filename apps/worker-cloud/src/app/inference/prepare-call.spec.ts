import type { Capability, InferenceRequest } from '@switchyard/contracts';
import type { ProviderAdapter } from '@switchyard/providers-core';
import { adapterFor } from '../provider/adapter-for';
import type { CloudModel } from '../provider/resolved-provider';
import { prepareCall } from './prepare-call';

const common = { requestId: 'r1', deadline: Date.now() + 60_000 };
const CHAT: InferenceRequest = { ...common, kind: 'chat', body: { model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true } };
const COMPLETION: InferenceRequest = { ...common, kind: 'completion', body: { model: 'm', prompt: 'Say', stream: true } };
const COMPLETION_WHOLE: InferenceRequest = { ...common, kind: 'completion', body: { model: 'm', prompt: 'Say' } };
/** A Messages API request, translated for chat backends, with the client's own body for Anthropic. */
const NATIVE_BODY = {
  model: 'auto',
  max_tokens: 2000,
  stream: true,
  thinking: { type: 'enabled', budget_tokens: 1024 },
  system: [{ type: 'text', text: 'Cached.', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'Hmm.', signature: 'EqQB+/sig==' }] }],
};
const MESSAGES: InferenceRequest = { ...CHAT, native: { dialect: 'anthropic.messages', body: NATIVE_BODY, beta: 'interleaved-thinking-2025-05-14' } };
const EMBEDDINGS: InferenceRequest = { ...common, kind: 'embeddings', body: { model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 8 } };

const CONTINUE: InferenceRequest = {
  ...common,
  kind: 'chat',
  body: { model: 'm', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }], continue_final_message: true, stream: true },
};

const model = (capabilities: Capability[]): CloudModel => ({ name: 'm', upstream: 'upstream-m', contextLength: 8192, capabilities });
const openai = adapterFor({ kind: 'openai', name: 'openai', samplingParameters: [] });
const compatible = adapterFor({ kind: 'openai-compatible', name: 'vllm', samplingParameters: ['top_k', 'min_p'] });
const anthropic = adapterFor({ kind: 'anthropic', name: 'anthropic', samplingParameters: [] });

describe('prepareCall', () => {
  it.each<[string, ProviderAdapter, InferenceRequest, Capability[], { path: string; streamed: boolean; body: Record<string, unknown> }]>([
    ['a streamed chat', openai, CHAT, ['chat'], { path: '/chat/completions', streamed: true, body: { model: 'upstream-m', stream: true } }],
    ['a streamed text completion', openai, COMPLETION, ['completions'], { path: '/completions', streamed: true, body: { model: 'upstream-m', prompt: 'Say', stream_options: { include_usage: true } } }],
    ['a whole text completion', compatible, COMPLETION_WHOLE, ['completions'], { path: '/completions', streamed: false, body: { model: 'upstream-m', stream: false } }],
    ['embeddings from OpenAI, as base64', openai, EMBEDDINGS, ['embeddings'], { path: '/embeddings', streamed: false, body: { model: 'upstream-m', encoding_format: 'base64', dimensions: 8 } }],
    ['embeddings from a compatible server, as floats', compatible, EMBEDDINGS, ['embeddings'], { path: '/embeddings', streamed: false, body: { encoding_format: 'float' } }],
    ['a chat to Anthropic', anthropic, CHAT, ['chat', 'tools'], { path: '/messages', streamed: true, body: { model: 'upstream-m', stream: true } }],
    [
      'a Messages API request to Anthropic, as the client wrote it',
      anthropic,
      MESSAGES,
      ['chat'],
      { path: '/messages', streamed: true, body: { ...NATIVE_BODY, model: 'upstream-m' } },
    ],
    ['a continued message to a vLLM server, with add_generation_prompt off', compatible, CONTINUE, ['chat', 'continue'], { path: '/chat/completions', streamed: true, body: { continue_final_message: true, add_generation_prompt: false } }],
    [
      'a continued message to Anthropic, as a prefill',
      anthropic,
      CONTINUE,
      ['chat', 'continue'],
      { path: '/messages', streamed: true, body: { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Hel' }] }] } },
    ],
    ['a Messages API request to OpenAI, as the chat it was translated to', openai, MESSAGES, ['chat'], { path: '/chat/completions', streamed: true, body: { model: 'upstream-m', messages: [{ role: 'user', content: 'Hi' }] } }],
  ])('sends %s', (_name, adapter, request, capabilities, expected) => {
    const prepared = prepareCall(adapter, request, model(capabilities), 'p:m');
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.call.request.path).toBe(expected.path);
    expect(prepared.call.request.body).toMatchObject(expected.body);
    expect(prepared.call.createStreamConverter !== undefined).toBe(expected.streamed);
  });

  it('sends the client’s anthropic-beta header with its Messages request, and none with a chat', () => {
    const native = prepareCall(anthropic, MESSAGES, model(['chat']), 'p:m');
    const chat = prepareCall(anthropic, CHAT, model(['chat']), 'p:m');
    if (!native.ok || !chat.ok) throw new Error('not prepared');
    expect(native.call.request.headers).toEqual({ 'anthropic-version': expect.any(String), 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
    expect(chat.call.request.headers).not.toHaveProperty('anthropic-beta');
  });

  it.each<[string, ProviderAdapter, InferenceRequest, Capability[], string]>([
    ['a chat to an embedding model', openai, CHAT, ['embeddings'], "The model 'p:m' does not support chat completions."],
    ['a text completion to a chat model', openai, COMPLETION, ['chat', 'tools', 'json'], "The model 'p:m' does not support text completions."],
    ['embeddings to an instruct model', compatible, EMBEDDINGS, ['completions'], "The model 'p:m' does not support embeddings."],
    ['a text completion to Anthropic', anthropic, COMPLETION, ['chat', 'tools'], "The model 'p:m' does not support text completions."],
    ['embeddings to Anthropic, even if a model claimed them', anthropic, EMBEDDINGS, ['embeddings'], "The model 'p:m' does not support embeddings."],
  ])('refuses %s with a 400 naming model', (_name, adapter, request, capabilities, message) => {
    expect(prepareCall(adapter, request, model(capabilities), 'p:m')).toEqual({
      ok: false,
      error: { type: 'error', code: 'invalid_request', message, param: 'model', retryable: false },
    });
  });

  it.each<[string, ProviderAdapter, Record<string, unknown>, Record<string, unknown>]>([
    ['declared sampling parameters to a compatible server, unchanged', compatible, { top_k: -1, min_p: 0.05 }, { top_k: -1, min_p: 0.05 }],
    ['top_k to Anthropic', anthropic, { top_k: 20 }, { top_k: 20 }],
  ])('sends %s', (_name, adapter, params, expected) => {
    const request = { ...CHAT, body: { ...CHAT.body, ...params } } as InferenceRequest;
    const prepared = prepareCall(adapter, request, model(['chat']), 'p:m');
    expect(prepared.ok && prepared.call.request.body).toMatchObject(expected);
  });

  it('leaves out a sampling parameter OpenAI does not take when it asks for nothing (top_k -1)', () => {
    const request = { ...CHAT, body: { ...CHAT.body, top_k: -1, repetition_penalty: 1 } } as InferenceRequest;
    const prepared = prepareCall(openai, request, model(['chat']), 'p:m');
    if (!prepared.ok) throw new Error(prepared.error.message);
    expect(prepared.call.request.body).not.toHaveProperty('top_k');
    expect(prepared.call.request.body).not.toHaveProperty('repetition_penalty');
  });

  it.each<[string, ProviderAdapter, Record<string, unknown>, string]>([
    ['top_k to OpenAI', openai, { top_k: 40 }, 'top_k'],
    ['an undeclared sampling parameter to a compatible server', compatible, { repetition_penalty: 1.2 }, 'repetition_penalty'],
    ['min_p to Anthropic', anthropic, { min_p: 0.1 }, 'min_p'],
  ])('refuses %s by name', (_name, adapter, params, param) => {
    const request = { ...CHAT, body: { ...CHAT.body, ...params } } as InferenceRequest;
    expect(prepareCall(adapter, request, model(['chat']), 'p:m')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'unsupported_parameter', param, retryable: false, message: expect.stringContaining(`'${param}'`) }),
    });
  });

  it('refuses to continue a final message on a model that does not say it can', () => {
    expect(prepareCall(openai, CONTINUE, model(['chat']), 'p:m')).toEqual({ ok: false, error: expect.objectContaining({ code: 'unsupported_parameter', param: 'continue_final_message' }) });
  });

  it('passes on an adapter’s own refusal', () => {
    const request: InferenceRequest = { ...CHAT, body: { ...CHAT.body, n: 2 } } as InferenceRequest;
    expect(prepareCall(anthropic, request, model(['chat']), 'p:m')).toEqual({ ok: false, error: expect.objectContaining({ code: 'unsupported_parameter', param: 'n' }) });
  });
});
