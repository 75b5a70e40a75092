import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { EmbeddingRequestSchema } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpAnswers } from '../reply/http-answers';
import { embeddingRender } from '../reply/render-specs';
import { acceptRequest } from '../http/openai-request';

/** `POST /v1/embeddings` (and `/embeddings`): one vector per input, as floats or base64. */
@Controller()
export class EmbeddingsController {
  constructor(private readonly answers: HttpAnswers) {}

  @Post(['v1/embeddings', 'embeddings'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, EmbeddingRequestSchema);
    const { body } = accepted;
    await this.answers.answer(req, reply, { kind: 'embeddings', body, render: embeddingRender(body) }, accepted);
  }
}
