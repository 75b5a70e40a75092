import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CompletionRequestSchema } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpAnswers } from '../reply/http-answers';
import { textRender } from '../reply/render-specs';
import { acceptRequest, checkStreamOptions } from '../http/openai-request';

/** `POST /v1/completions` (and `/completions`): legacy text completions, as JSON or SSE. */
@Controller()
export class CompletionsController {
  constructor(private readonly answers: HttpAnswers) {}

  @Post(['v1/completions', 'completions'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, CompletionRequestSchema);
    const { body } = accepted;
    checkStreamOptions(body);
    await this.answers.answer(req, reply, { kind: 'completion', body, render: textRender(body) }, accepted);
  }
}
