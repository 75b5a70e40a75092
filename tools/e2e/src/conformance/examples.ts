import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** A request as the document writes it: an HTTP call (curl, `requests`, `fetch`, or a bare JSON body). */
const HttpRequestSchema = z
  .object({
    kind: z.literal('http'),
    method: z.enum(['GET', 'POST']),
    /** The URL as written, the document's host and port included. */
    url: z.url(),
    headers: z.record(z.string(), z.string()).optional(),
    /** The JSON body, sent as `JSON.stringify` of it. */
    body: z.unknown().optional(),
  })
  .strict();

/** A call of the official `openai` client (the documents' Python code; the Node SDK sends the same request). */
const OpenAICallSchema = z
  .object({
    kind: z.literal('openai'),
    baseURL: z.url(),
    apiKey: z.string(),
    call: z.enum(['chat.completions.create', 'models.list']),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** A WebSocket opened on `url`, sending `message` as JSON once open (Inferneo's snippet). */
const WebSocketRequestSchema = z.object({ kind: z.literal('websocket'), url: z.url(), message: z.record(z.string(), z.unknown()) }).strict();

/** The response a document shows, by its `object` (or what the endpoint is). */
const ResponseShapeSchema = z.enum(['chat.completion', 'text_completion', 'embedding.list', 'model.list', 'model', 'health', 'error']);

/** The OpenAI error an example must get. */
const ExpectedErrorSchema = z.object({ status: z.number().int(), type: z.string(), code: z.string().nullable(), param: z.string().nullable() }).strict();

/** One example of a document. */
const ExampleSchema = z
  .object({
    /** Where it stands in the document. */
    name: z.string().min(1),
    request: z.discriminatedUnion('kind', [HttpRequestSchema, OpenAICallSchema, WebSocketRequestSchema]),
    response: ResponseShapeSchema,
    error: ExpectedErrorSchema.optional(),
  })
  .strict();

/** The examples of one document, and for Inferneo its error codes and rate limits. */
const DocumentExamplesSchema = z
  .object({
    document: z.string().min(1),
    examples: z.array(ExampleSchema).min(1),
    errorCodes: z.object({ note: z.string(), examples: z.array(ExampleSchema).min(1) }).strict().optional(),
    rateLimits: z
      .object({
        note: z.string(),
        requestsPerMinute: z.number().int(),
        tokensPerMinute: z.number().int(),
        requestsPerDay: z.number().int(),
        example: ExampleSchema,
        headers: z.record(z.string(), z.string()),
      })
      .strict()
      .optional(),
  })
  .strict();

export type DocumentExample = z.infer<typeof ExampleSchema>;
export type DocumentExamples = z.infer<typeof DocumentExamplesSchema>;
export type ResponseShape = z.infer<typeof ResponseShapeSchema>;
export type ExampleRequest = DocumentExample['request'];

/** Every document's examples, from `examples/*.json` beside this file, validated. */
export function loadDocumentExamples(dir = join(__dirname, 'examples')): DocumentExamples[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const parsed = DocumentExamplesSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
      return parsed.data;
    });
}
