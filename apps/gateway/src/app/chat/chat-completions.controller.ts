import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { HEADERS } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { ChatCompletionRequestSchema, chatCompletionId } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER } from '../gateway.constants';
import { acceptRequest, checkStreamOptions, sendErrorPart } from '../http/openai-request';
import { routeHeaders } from '../http/routing-headers';
import { InferenceClient } from '../inference/inference.client';
import { writeSse } from '../inference/sse-response';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { ChunkEncoder } from './chunk-encoder';
import { CompletionAccumulator } from './completion-accumulator';

/** `POST /v1/chat/completions` (and `/chat/completions`): validates, then answers as JSON or SSE. */
@Controller()
export class ChatCompletionsController {
  constructor(
    private readonly inference: InferenceClient,
    private readonly rateLimits: RateLimitService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body, context, signal } = acceptRequest(req, reply, raw, ChatCompletionRequestSchema);
    checkStreamOptions(body);
    const parts = this.rateLimits.track(req, this.inference.run({ kind: 'chat', body }, context, signal));
    const id = chatCompletionId();
    const created = Math.floor(Date.now() / 1000);

    if (body.stream === true) {
      const first = await parts.next();
      if (first.done) return;
      if (first.value.type === 'error') return sendErrorPart(reply, first.value);
      reply.hijack();
      const encoder = new ChunkEncoder(id, created, body.model, body.stream_options?.include_usage === true);
      await writeSse(reply.raw, { [HEADERS.requestId]: context.requestId, ...routeHeaders(first.value) }, first.value, parts, encoder);
      if (signal.aborted) this.logger.info({ requestId: context.requestId }, 'client disconnected; request cancelled');
      return;
    }

    const accumulator = new CompletionAccumulator(id, created, body.model);
    let route: Record<string, string> | undefined;
    for await (const part of parts) {
      route ??= routeHeaders(part);
      accumulator.add(part);
    }
    if (signal.aborted) return;
    const result = accumulator.result();
    if (!result.ok) return sendErrorPart(reply.headers(route ?? {}), result.error);
    reply.headers(route ?? {}).send(result.completion);
  }
}
