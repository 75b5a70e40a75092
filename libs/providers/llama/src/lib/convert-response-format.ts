import type { ChatCompletionRequest } from '@switchyard/openai';
import { toGrammarJsonSchema } from './grammar-json-schema';
import type { LlamaOutputFormat } from './llama-generation-input';
import type { UnsupportedParameter } from './unsupported-parameter';

/**
 * `response_format` as the local output format: `json_object` is any JSON object, `json_schema`
 * a schema enforced by a grammar (a schema the grammar cannot enforce is refused by
 * `toGrammarJsonSchema`; one without `schema` is any JSON object). `strict` changes nothing: the
 * grammar always holds.
 */
export function convertResponseFormat(format: ChatCompletionRequest['response_format']): { ok: true; format: LlamaOutputFormat } | { ok: false; error: UnsupportedParameter } {
  if (format === undefined || format.type === 'text') return { ok: true, format: { type: 'text' } };
  if (format.type === 'json_object' || format.json_schema.schema === undefined) return { ok: true, format: { type: 'json_object' } };
  const schema = toGrammarJsonSchema(format.json_schema.schema);
  return schema.ok ? { ok: true, format: { type: 'json_schema', schema: schema.schema } } : schema;
}
