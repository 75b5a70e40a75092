import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { requestLogger, type Logger } from '@switchyard/observability';
import { EmbeddingRequestSchema, embeddingInputs } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptRequest } from '../http/openai-request';
import { answer } from '../inference/answer';
import { InferenceClient } from '../inference/inference.client';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { UsageRecorder } from '../usage/usage-recorder';
import { LOGGER } from '../gateway.constants';
import { EmbeddingCollector } from './embedding-collector';

/** `POST /v1/embeddings` (and `/embeddings`): one vector per input, as floats or base64. */
@Controller()
export class EmbeddingsController {
  constructor(
    private readonly inference: InferenceClient,
    private readonly rateLimits: RateLimitService,
    private readonly usage: UsageRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(['v1/embeddings', 'embeddings'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body, context, signal } = acceptRequest(req, reply, raw, EmbeddingRequestSchema);
    const running = this.rateLimits.reconcileOnUsage(req, this.inference.run({ kind: 'embeddings', body }, context, signal));
    const parts = this.usage.record(req, reply, context, { kind: 'embeddings', requestedModel: body.model, streamed: false }, running);
    await answer(reply, parts, {
      requestId: context.requestId,
      signal,
      logger: requestLogger(this.logger, context),
      accumulator: () => new EmbeddingCollector(body.model, embeddingInputs(body.input).length, body.encoding_format ?? 'float'),
    });
  }
}
