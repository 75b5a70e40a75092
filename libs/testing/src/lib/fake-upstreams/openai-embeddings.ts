import { nonNegativeInt, scenarioOf } from './answer';
import { fakeEmbedding, nativeDimensions } from './fake-embedding';
import { failureOf } from './openai-failures';
import { OPENAI_MESSAGES, openAIError, openAIHeaders } from './openai-wire';
import { type Exchange, sendBody, untilAborted } from './server';
import { countWords, isRecord } from './text';

/** What the fake reads from an embeddings request. */
interface EmbeddingsRequest {
  model: string;
  /** The inputs as text (token ids joined with spaces), one vector each. */
  texts: string[];
  base64: boolean;
  dimensions: number;
  promptTokens: number;
}

const INVALID_INPUT = "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.";

/** One input: its text (token ids joined with spaces) and its token count. */
interface Input {
  text: string;
  tokens: number;
}

const isTokenIds = (value: unknown): value is number[] => Array.isArray(value) && value.length > 0 && value.every((id) => nonNegativeInt(id) !== undefined);
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const fromText = (text: string): Input => ({ text, tokens: countWords(text) });
const fromIds = (ids: number[]): Input => ({ text: ids.join(' '), tokens: ids.length });

/** The inputs of `input`, or undefined when it is none of OpenAI's four forms. */
function inputsOf(input: unknown): Input[] | undefined {
  if (isText(input)) return [fromText(input)];
  if (isTokenIds(input)) return [fromIds(input)];
  if (Array.isArray(input) && input.length > 0 && input.every(isText)) return input.map(fromText);
  if (Array.isArray(input) && input.length > 0 && input.every(isTokenIds)) return input.map(fromIds);
  return undefined;
}

function parseEmbeddings(body: unknown, invalidJson: boolean): EmbeddingsRequest | object {
  if (invalidJson || !isRecord(body)) return openAIError(OPENAI_MESSAGES.badJson, 'invalid_request_error');
  const { model, input, encoding_format: encoding, dimensions } = body;
  if (typeof model !== 'string' || model === '') return openAIError('you must provide a model parameter', 'invalid_request_error');
  const inputs = inputsOf(input);
  if (!inputs) return openAIError(INVALID_INPUT, 'invalid_request_error');
  if (encoding !== undefined && encoding !== 'float' && encoding !== 'base64') {
    return openAIError(`'${String(encoding)}' is not one of ['float', 'base64'] - 'encoding_format'`, 'invalid_request_error');
  }
  const native = nativeDimensions(model);
  const asked = nonNegativeInt(dimensions);
  if (dimensions !== undefined && model === 'text-embedding-ada-002') return openAIError('This model does not support specifying dimensions.', 'invalid_request_error', 'dimensions');
  if (dimensions !== undefined && (asked === undefined || asked < 1 || asked > native)) {
    return openAIError(`Invalid 'dimensions': must be an integer from 1 to ${native}.`, 'invalid_request_error', 'dimensions');
  }
  const promptTokens = inputs.reduce((sum, one) => sum + one.tokens, 0);
  return { model, texts: inputs.map((one) => one.text), base64: encoding === 'base64', dimensions: asked ?? native, promptTokens };
}

/** Little-endian float32 in base64, as OpenAI encodes `encoding_format: "base64"`. */
function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/**
 * `POST /v1/embeddings`: one deterministic unit vector per input, derived from its text
 * (`fakeEmbedding`), `dimensions` long when asked, as floats or base64 per `encoding_format`.
 * Scenarios: the failing ones as for chat, `malformed` (a body that is not JSON), `dies-mid-stream`
 * (the connection is destroyed), `stall` (headers, then nothing).
 */
export async function embeddings(ex: Exchange): Promise<void> {
  const req = parseEmbeddings(ex.body, ex.invalidJson);
  if (!('texts' in req)) return sendBody(ex.res, 400, openAIHeaders(ex.posts, 0, false), req);
  const scenario = ex.options.scenario ?? scenarioOf(req.model);
  const headers = openAIHeaders(ex.posts, req.promptTokens, scenario === 'rate-limited', ex.options.rateLimitResetS);
  const failure = failureOf(scenario, req.model, { message: INVALID_INPUT, param: 'input' });
  if (failure) return sendBody(ex.res, failure.status, headers, failure.body);
  if (scenario === 'dies-mid-stream') return void ex.res.socket?.destroy();
  if (scenario === 'malformed') return sendBody(ex.res, 200, headers, '{"object":"list","data":[{');
  if (scenario === 'stall') {
    ex.res.writeHead(200, { 'content-type': 'application/json', ...headers });
    ex.res.flushHeaders();
    return untilAborted(ex.signal);
  }
  const data = req.texts.map((text, index) => {
    const vector = fakeEmbedding(text, req.dimensions);
    return { object: 'embedding', index, embedding: req.base64 ? toBase64(vector) : vector };
  });
  sendBody(ex.res, 200, headers, { object: 'list', data, model: req.model, usage: { prompt_tokens: req.promptTokens, total_tokens: req.promptTokens } });
}
