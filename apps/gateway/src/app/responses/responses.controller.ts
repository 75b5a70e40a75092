import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { RenderSpec } from '@switchyard/contracts';
import { conversationItems, ResponsesRequestSchema, responsesToChat, type ResponsesRequest } from '@switchyard/dialect-responses';
import type { Logger } from '@switchyard/observability';
import { ChatCompletionRequestSchema, randomId, validate, type ChatCompletionRequest } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/request-principal';
import { LOGGER } from '../gateway.constants';
import { acceptRequest } from '../http/openai-request';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { HttpAnswers } from '../reply/http-answers';
import type { ReplySink } from '../reply/reply-sink';
import { keyIdOf } from '../usage/usage-recorder';
import { ResponseStore } from './response-store';
import { RESPONSES_DIALECT } from './responses-dialect';
import { storeCall } from './store-errors';
import { conversationOf, type StoredResponse } from './stored-response';
import { StoringSink, type RenderedResponse } from './storing-sink';

/** A Responses request as the chat completion every backend takes, or the 400 that says why it has none. */
function chatOf(request: ResponsesRequest): ChatCompletionRequest {
  const translated = responsesToChat(request);
  if (!translated.ok) throw OpenAIHttpException.of('invalid_request', translated.message, translated.param);
  const chat = validate(ChatCompletionRequestSchema, translated.body);
  if (!chat.ok) throw OpenAIHttpException.of('invalid_request', `The request has no chat equivalent: ${chat.problem.message}`, chat.problem.param);
  return chat.value;
}

/** The input as a list of items (a string is one user message). */
function inputList(input: ResponsesRequest['input']): Exclude<ResponsesRequest['input'], string> {
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

/**
 * OpenAI's Responses API on every backend: `POST /v1/responses` is translated to a chat completion (routed like every
 * other, `auto` included) and travels with the client's own body, from which the worker renders the Response object
 * or its stream of events, with the parameters a Response repeats. With `store` (the default) the finished response
 * is kept before the client sees its end; a `previous_response_id` continues the conversation it closed (its items
 * and outputs before the new input, its `instructions` not carried over, as OpenAI does) on whatever backend runs now.
 */
@Controller()
export class ResponsesController {
  constructor(
    private readonly answers: HttpAnswers,
    private readonly store: ResponseStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(['v1/responses', 'responses'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, ResponsesRequestSchema);
    const request = accepted.body;
    const owner = keyIdOf(principalOf(req));
    // The new input alone first, so that an error names its own items.
    let chat = chatOf(request);
    const chain = request.previous_response_id ? await this.continued(request.previous_response_id, owner) : [];
    if (chain.length > 0) chat = chatOf({ ...request, input: [...conversationOf(chain), ...inputList(request.input)] });
    const id = `resp_${randomId()}`;
    const created = Math.floor(Date.now() / 1000);
    const render: RenderSpec = request.stream === true ? { format: 'openai.response.stream', id, created } : { format: 'openai.response', id, created };
    const native = { dialect: 'openai.responses' as const, body: raw as Record<string, unknown> };
    const kept = request.store === false ? undefined : this.keeping({ owner, input: conversationItems(request.input), previous: chain.map((stored) => stored.response.id) }, accepted.context.requestId);
    await this.answers.answer(req, reply, { kind: 'chat', body: chat, native, render }, accepted, RESPONSES_DIALECT, kept);
  }

  /** The stored chain a `previous_response_id` continues, or the 404 (or 503) that says why there is none. */
  private async continued(previous: string, owner: string): Promise<StoredResponse[]> {
    const found = await storeCall(this.store.chain(previous, owner));
    if (!found) throw OpenAIHttpException.of('previous_response_not_found', `Previous response with id '${previous}' not found.`, 'previous_response_id');
    const [gone] = found.missing;
    if (gone !== undefined) {
      throw OpenAIHttpException.of('previous_response_not_found', `Response '${gone}', earlier in the conversation of '${previous}', no longer exists (deleted or expired).`, 'previous_response_id');
    }
    return found.chain;
  }

  /** Wraps the answer's sink so that its finished response is stored, as `record` says, before the client sees it end. */
  private keeping(record: Omit<StoredResponse, 'response'>, requestId: string): (sink: ReplySink) => ReplySink {
    const keep = async (response: RenderedResponse): Promise<boolean> => {
      try {
        await this.store.save({ ...record, response });
        return true;
      } catch (error) {
        this.logger.warn({ err: error, requestId, responseId: response.id }, 'the response could not be stored; it is answered with store: false');
        return false;
      }
    };
    return (sink) => new StoringSink(sink, keep);
  }
}
