import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { EmbeddingRequestSchema, embeddingInputs } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptRequest, sendErrorPart } from '../http/openai-request';
import { routeHeaders } from '../http/routing-headers';
import { InferenceClient } from '../inference/inference.client';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { EmbeddingCollector } from './embedding-collector';

/** `POST /v1/embeddings` (and `/embeddings`): one vector per input, as floats or base64. */
@Controller()
export class EmbeddingsController {
  constructor(
    private readonly inference: InferenceClient,
    private readonly rateLimits: RateLimitService,
  ) {}

  @Post(['v1/embeddings', 'embeddings'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { body, context, signal } = acceptRequest(req, reply, raw, EmbeddingRequestSchema);
    const collector = new EmbeddingCollector(body.model, embeddingInputs(body.input).length, body.encoding_format ?? 'float');
    let route: Record<string, string> | undefined;
    for await (const part of this.rateLimits.track(req, this.inference.run({ kind: 'embeddings', body }, context, signal))) {
      route ??= routeHeaders(part);
      collector.add(part);
    }
    if (signal.aborted) return;
    const result = collector.result();
    if (!result.ok) return sendErrorPart(reply.headers(route ?? {}), result.error);
    reply.headers(route ?? {}).send(result.list);
  }
}
