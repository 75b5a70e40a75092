import type { FastifyInstance } from 'fastify';
import { OpenAIHttpException } from './openai-http.exception';

/**
 * Replaces Fastify's JSON body parser so that a body that is empty or not JSON gets OpenAI's
 * `invalid_json` error (Nest would otherwise turn Fastify's parse error into a bare 400).
 * Fastify still enforces the body limit (413) before this runs.
 */
export function installJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(/^application\/([\w.-]+\+)?json$/, { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
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
