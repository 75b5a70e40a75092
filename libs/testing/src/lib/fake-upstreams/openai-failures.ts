import type { Scenario } from './answer';
import { OPENAI_MESSAGES, openAIError } from './openai-wire';

/** An error answer: HTTP status and OpenAI error body. */
export interface FailureAnswer {
  status: number;
  body: object;
}

/**
 * The answer of a scenario that fails before any output, the same on every OpenAI endpoint
 * (`rate-limited` 429, `no-quota` 429 `insufficient_quota`, `server-error` 500, `overloaded` 503, `bad-request` 400 with `badRequest`'s
 * message and param); undefined for the scenarios that answer.
 */
export function failureOf(scenario: Scenario, model: string, badRequest: { message: string; param: string }): FailureAnswer | undefined {
  switch (scenario) {
    case 'rate-limited':
      return { status: 429, body: openAIError(OPENAI_MESSAGES.rateLimited(model), 'requests', null, 'rate_limit_exceeded') };
    case 'no-quota':
      return { status: 429, body: openAIError(OPENAI_MESSAGES.noQuota, 'insufficient_quota', null, 'insufficient_quota') };
    case 'server-error':
      return { status: 500, body: openAIError(OPENAI_MESSAGES.serverError, 'server_error') };
    case 'overloaded':
      return { status: 503, body: openAIError(OPENAI_MESSAGES.overloaded, 'server_error') };
    case 'bad-request':
      return { status: 400, body: openAIError(badRequest.message, 'invalid_request_error', badRequest.param) };
    default:
      return undefined;
  }
}
