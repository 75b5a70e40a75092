import type { OpenAISchemaValidator } from '@switchyard/testing';
import type { DocumentExample } from './examples';
import type { ExampleOutcome } from './run-example';

type Json = Record<string, unknown>;

/** The `model` a response must carry: exactly this id, or a pattern (`auto (selected: …)`). */
export type ModelMatch = string | RegExp;

const UNIX_SECONDS = expect.any(Number);

function expectValid(spec: OpenAISchemaValidator, schema: string, value: unknown): void {
  expect(spec.validate(schema, value).errors).toEqual([]);
}

function expectUsage(usage: unknown, completion: boolean): void {
  const { prompt_tokens: prompt, completion_tokens: done, total_tokens: total } = usage as Json;
  expect(prompt).toEqual(expect.any(Number));
  if (completion) expect(total).toBe((prompt as number) + (done as number));
  else expect(total).toBe(prompt);
}

/** `chat.completion` as Oblix, Inferneo and Osaurus show it, or its `chat.completion.chunk` stream ending in `[DONE]`. */
function expectChat(outcome: ExampleOutcome, model: ModelMatch, spec: OpenAISchemaValidator): void {
  if (outcome.events === undefined) {
    const body = outcome.body as Json;
    expect(body).toMatchObject({ id: expect.stringMatching(/^chatcmpl-/), object: 'chat.completion', created: UNIX_SECONDS, model });
    const choices = body['choices'] as Json[];
    expect(choices).toHaveLength(1);
    expect(choices[0]).toMatchObject({ index: 0, message: { role: 'assistant', content: expect.any(String) }, finish_reason: expect.stringMatching(/^(stop|length)$/) });
    expectUsage(body['usage'], true);
    expectValid(spec, 'CreateChatCompletionResponse', body);
    return;
  }
  const chunks = outcome.events as Json[];
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    expect(chunk).toMatchObject({ id: chunks[0]['id'], object: 'chat.completion.chunk', created: UNIX_SECONDS, model });
    // Every chunk has choices[0].delta: the documents' loops read it from each one.
    expect((chunk['choices'] as Json[])[0]).toMatchObject({ index: 0, delta: expect.any(Object) });
    expectValid(spec, 'CreateChatCompletionStreamResponse', chunk);
  }
  expect(String(chunks[0]['id'])).toMatch(/^chatcmpl-/);
  expect((chunks.at(-1)?.['choices'] as Json[])[0]['finish_reason']).toMatch(/^(stop|length)$/);
  const text = chunks.map((c) => ((c['choices'] as Json[])[0]['delta'] as Json)['content'] ?? '').join('');
  if (outcome.printed !== '') expect(outcome.printed).toBe(text);
  if (outcome.sawDone !== undefined) expect(outcome.sawDone).toBe(true);
}

/** `text_completion` as Inferneo shows it, whole or streamed. */
function expectTextCompletion(outcome: ExampleOutcome, model: ModelMatch, spec: OpenAISchemaValidator): void {
  const answers = (outcome.events ?? [outcome.body]) as Json[];
  for (const answer of answers) {
    expect(answer).toMatchObject({ id: expect.stringMatching(/^cmpl-/), object: 'text_completion', created: UNIX_SECONDS, model });
    const choice = (answer['choices'] as Json[])[0];
    expect(choice).toMatchObject({ text: expect.any(String), index: 0, logprobs: null });
  }
  expect((answers.at(-1)?.['choices'] as Json[])[0]['finish_reason']).toMatch(/^(stop|length)$/);
  if (outcome.events === undefined) {
    expectUsage(answers[0]['usage'], true);
    expectValid(spec, 'CreateCompletionResponse', answers[0]);
  } else {
    expect(outcome.sawDone).toBe(true);
  }
}

/** Checks the response of `example` has the shape its document shows. */
export function expectDocumentedShape(example: DocumentExample, outcome: ExampleOutcome, model: ModelMatch, spec: OpenAISchemaValidator): void {
  if (example.response !== 'error') expect(outcome.status).toBe(200);
  const body = outcome.body as Json;
  switch (example.response) {
    case 'chat.completion':
      return expectChat(outcome, model, spec);
    case 'text_completion':
      return expectTextCompletion(outcome, model, spec);
    case 'embedding.list': {
      expect(body).toMatchObject({ object: 'list', model });
      const data = body['data'] as Json[];
      expect(data).toHaveLength(1);
      expect(data[0]).toMatchObject({ object: 'embedding', index: 0 });
      expect((data[0]['embedding'] as unknown[]).length).toBeGreaterThan(0);
      expect((data[0]['embedding'] as unknown[]).every((x) => typeof x === 'number')).toBe(true);
      expectUsage(body['usage'], false);
      return expectValid(spec, 'CreateEmbeddingResponse', body);
    }
    case 'model.list':
      expect(body).toMatchObject({ object: 'list' });
      for (const entry of body['data'] as Json[]) expect(entry).toMatchObject({ id: expect.any(String), object: 'model', created: UNIX_SECONDS, owned_by: expect.any(String) });
      return expectValid(spec, 'ListModelsResponse', body);
    case 'model':
      expect(body).toEqual({ id: model, object: 'model', created: UNIX_SECONDS, owned_by: expect.any(String), permission: [], root: model, parent: null });
      return expectValid(spec, 'Model', body);
    case 'health':
      return expect(body).toMatchObject({ status: 'ok', version: expect.any(String) });
    case 'error': {
      const expected = example.error;
      if (!expected) throw new Error(`${example.name}: an error example needs "error"`);
      expect([outcome.status, body]).toEqual([expected.status, expect.anything()]);
      expect(body).toEqual({ error: { message: expect.any(String), type: expected.type, param: expected.param, code: expected.code } });
      return expectValid(spec, 'ErrorResponse', body);
    }
  }
}
