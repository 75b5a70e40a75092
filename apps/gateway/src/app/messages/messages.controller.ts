import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { RenderSpec } from '@switchyard/contracts';
import { CountTokensRequestSchema, MessagesRequestSchema, messagesToChat, promptMessages } from '@switchyard/dialect-anthropic';
import { ChatCompletionRequestSchema, estimatePromptTokens, randomId, validate } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptRequest } from '../http/openai-request';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { HttpAnswers } from '../reply/http-answers';
import { MESSAGES_DIALECT } from './messages-dialect';

/**
 * Anthropic's Messages API on every backend: `POST /v1/messages` is translated to a chat completion (routed as
 * any other, `auto` included) and travels with the client's own body and `anthropic-beta` header, which an Anthropic
 * backend takes as they came (thinking blocks with their signatures, `cache_control`, beta features); the worker renders its answer as an Anthropic message or
 * its stream of events. Errors take Anthropic's shape (`MESSAGES_DIALECT`, and the exception filter by path). The key may
 * come as `x-api-key`; `anthropic-version` is accepted and not needed.
 */
@Controller()
export class MessagesController {
  constructor(
    private readonly answers: HttpAnswers,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Post(['v1/messages', 'messages'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, MessagesRequestSchema);
    const translated = messagesToChat(accepted.body);
    if (!translated.ok) throw OpenAIHttpException.of('invalid_request', translated.message, translated.param);
    const chat = validate(ChatCompletionRequestSchema, translated.body);
    if (!chat.ok) throw OpenAIHttpException.of('invalid_request', `The request has no chat equivalent: ${chat.problem.message}`, chat.problem.param);
    const id = `msg_${randomId()}`;
    const render: RenderSpec = accepted.body.stream === true ? { format: 'anthropic.message.stream', id } : { format: 'anthropic.message', id };
    const beta = req.headers['anthropic-beta'];
    const native = { dialect: 'anthropic.messages' as const, body: raw as Record<string, unknown>, ...(typeof beta === 'string' && beta !== '' ? { beta } : {}) };
    await this.answers.answer(req, reply, { kind: 'chat', body: chat.value, native, render }, accepted, MESSAGES_DIALECT);
  }

  /**
   * `POST /v1/messages/count_tokens`: an estimate (about four characters a token, as the rate limiter counts),
   * since the backend that would run the prompt, and so its tokenizer, is chosen only when it runs. It counts
   * as a request against the key's limits, not as tokens.
   */
  @Post(['v1/messages/count_tokens', 'messages/count_tokens'])
  @HttpCode(200)
  async countTokens(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body } = acceptRequest(req, reply, raw, CountTokensRequestSchema);
    await this.rateLimits.reconcile(req, 0);
    const tools = (body.tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.input_schema }));
    reply.send({ input_tokens: estimatePromptTokens({ messages: promptMessages(body), tools }) });
  }
}
