import type { FastifyInstance } from 'fastify';
import { OpenAIHttpException } from './openai-http.exception';

/** Strict: a body with bytes that are not UTF-8 is refused rather than read with replacement characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The encoding as named by the client, shortened and stripped to token characters before it goes into a message. */
function describeEncoding(value: string): string {
  return value.replace(/[^A-Za-z0-9, _-]/g, '').slice(0, 40);
}

/**
 * Replaces Fastify's JSON body parser so that a body that is empty or not JSON gets OpenAI's
 * `invalid_json` error (Nest would otherwise turn Fastify's parse error into a bare 400).
 * Fastify still enforces the body limit (413) before this runs. A compressed body (any `Content-Encoding`
 * but `identity`) gets a 415: the gateway does not inflate request bodies.
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  // Fastify tests the regular expression against the whole header, parameters (`; charset=utf-8`) included.
  fastify.addContentTypeParser(/^application\/([\w.-]+\+)?json\s*(;|$)/, { parseAs: 'buffer' }, (req, body, done) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      // Never inflated: a compressed body could expand far past the body limit (a gzip bomb).
      done(OpenAIHttpException.of('unsupported_media_type', `Content-Encoding "${describeEncoding(encoding)}" is not accepted; send the JSON body uncompressed.`), undefined);
      return;
    }
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      done(OpenAIHttpException.of('invalid_json', 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(OpenAIHttpException.of('invalid_json', 'The request body is empty; send a JSON object.'), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(OpenAIHttpException.of('invalid_json', `We could not parse the JSON body of your request: ${(error as Error).message}`), undefined);
    }
  });
}
