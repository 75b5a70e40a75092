import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { RenderSpec } from '@switchyard/contracts';
import { ResponsesRequestSchema, responsesToChat } from '@switchyard/dialect-responses';
import { ChatCompletionRequestSchema, randomId, validate } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptRequest } from '../http/openai-request';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { HttpAnswers } from '../reply/http-answers';
import { RESPONSES_DIALECT } from './responses-dialect';

/**
 * OpenAI's Responses API on every backend: `POST /v1/responses` is translated to a chat completion (routed like every
 * other, `auto` included) and travels with the client's own body, from which the worker renders the Response object
 * or its stream of events, with the parameters a Response repeats. Responses are not stored yet: `store` comes back
 * false, and a `previous_response_id` is refused with a 400 that says so.
 */
@Controller()
export class ResponsesController {
  constructor(private readonly answers: HttpAnswers) {}

  @Post(['v1/responses', 'responses'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, ResponsesRequestSchema);
    if (accepted.body.previous_response_id) {
      throw OpenAIHttpException.of('invalid_request', 'This gateway does not store responses yet, so previous_response_id cannot be continued; send the conversation as input items.', 'previous_response_id');
    }
    const translated = responsesToChat(accepted.body);
    if (!translated.ok) throw OpenAIHttpException.of('invalid_request', translated.message, translated.param);
    const chat = validate(ChatCompletionRequestSchema, translated.body);
    if (!chat.ok) throw OpenAIHttpException.of('invalid_request', `The request has no chat equivalent: ${chat.problem.message}`, chat.problem.param);
    const id = `resp_${randomId()}`;
    const created = Math.floor(Date.now() / 1000);
    const render: RenderSpec = accepted.body.stream === true ? { format: 'openai.response.stream', id, created } : { format: 'openai.response', id, created };
    const native = { dialect: 'openai.responses' as const, body: raw as Record<string, unknown> };
    await this.answers.answer(req, reply, { kind: 'chat', body: chat.value, native, render }, accepted, RESPONSES_DIALECT);
  }
}
