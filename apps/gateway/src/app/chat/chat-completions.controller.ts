import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { requestLogger, type Logger } from '@switchyard/observability';
import { ChatCompletionRequestSchema, chatCompletionId } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER } from '../gateway.constants';
import { acceptRequest, checkStreamOptions } from '../http/openai-request';
import { answer } from '../inference/answer';
import { InferenceClient } from '../inference/inference.client';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { UsageRecorder } from '../usage/usage-recorder';
import { ChunkEncoder } from './chunk-encoder';
import { CompletionAccumulator } from './completion-accumulator';

/** `POST /v1/chat/completions` (and `/chat/completions`): validates, then answers as JSON or SSE. */
@Controller()
export class ChatCompletionsController {
  constructor(
    private readonly inference: InferenceClient,
    private readonly rateLimits: RateLimitService,
    private readonly usage: UsageRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body, context, signal } = acceptRequest(req, reply, raw, ChatCompletionRequestSchema);
    checkStreamOptions(body);
    const running = this.rateLimits.reconcileOnUsage(req, this.inference.run({ kind: 'chat', body }, context, signal));
    const parts = this.usage.record(req, reply, context, { kind: 'chat', requestedModel: body.model, streamed: body.stream === true }, running);
    const id = chatCompletionId();
    const created = Math.floor(Date.now() / 1000);
    await answer(reply, parts, {
      requestId: context.requestId,
      signal,
      logger: requestLogger(this.logger, context),
      encoder: body.stream === true ? new ChunkEncoder(id, created, body.model, body.stream_options?.include_usage === true) : undefined,
      accumulator: () => new CompletionAccumulator(id, created, body.model),
    });
  }
}
