import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ChatCompletionRequestSchema } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpAnswers } from '../reply/http-answers';
import { chatRender } from '../reply/render-specs';
import { HEADERS } from '@switchyard/contracts';
import { acceptRequest, checkStreamOptions } from '../http/openai-request';
import { resumeFromHeader } from '../http/routing-headers';

/** `POST /v1/chat/completions` (and `/chat/completions`): validates, then answers as JSON or SSE. */
@Controller()
export class ChatCompletionsController {
  constructor(private readonly answers: HttpAnswers) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async create(@Body() raw: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const accepted = acceptRequest(req, reply, raw, ChatCompletionRequestSchema);
    const { body } = accepted;
    checkStreamOptions(body);
    const resume = resumeFromHeader(req.headers[HEADERS.resume]);
    await this.answers.answer(req, reply, { kind: 'chat', body, render: chatRender(body) }, accepted, undefined, undefined, resume);
  }
}
