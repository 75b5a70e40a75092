import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { HEADERS } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { ChatCompletionRequestSchema, chatCompletionId, toHttpError, validate } from '@switchyard/openai';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOGGER } from '../gateway.constants';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { isJsonContentType } from '../http/content-type';
import { resolveRequestId, resolveTraceparent } from '../http/request-id';
import { policyFromHeader, routeHeaders } from '../http/routing-headers';
import { ChatService } from './chat.service';
import { ChunkEncoder } from './chunk-encoder';
import { CompletionAccumulator } from './completion-accumulator';
import { writeSse } from './sse-response';

/** `POST /v1/chat/completions` (and `/chat/completions`): validates, then answers as JSON or SSE. */
@Controller()
export class ChatCompletionsController {
  constructor(
    private readonly chat: ChatService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Post(['v1/chat/completions', 'chat/completions'])
  @HttpCode(200)
  async create(@Body() body: unknown, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const requestId = resolveRequestId(req.headers[HEADERS.requestId]);
    reply.header(HEADERS.requestId, requestId);
    if (!isJsonContentType(req.headers['content-type'])) {
      throw OpenAIHttpException.of('unsupported_media_type', 'Send the request body as JSON with "Content-Type: application/json".');
    }
    const parsed = validate(ChatCompletionRequestSchema, body);
    if (!parsed.ok) throw OpenAIHttpException.of('invalid_request', parsed.problem.message, parsed.problem.param);
    const request = parsed.value;
    const policy = policyFromHeader(req.headers[HEADERS.policy]);
    if (request.stream_options != null && request.stream !== true) {
      throw OpenAIHttpException.of('invalid_request', "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
    }

    const abort = new AbortController();
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) abort.abort();
    });
    const context = { requestId, traceparent: resolveTraceparent(req.headers[HEADERS.traceparent]), policy };
    const parts = this.chat.complete(request, context, abort.signal);
    const id = chatCompletionId();
    const created = Math.floor(Date.now() / 1000);

    if (request.stream === true) {
      const first = await parts.next();
      if (first.done) return;
      if (first.value.type === 'error') {
        const error = toHttpError(first.value.code, first.value.message, first.value.param);
        reply.headers(routeHeaders(first.value)).status(error.status).send(error.body);
        return;
      }
      reply.hijack();
      const encoder = new ChunkEncoder(id, created, request.model, request.stream_options?.include_usage === true);
      await writeSse(reply.raw, { [HEADERS.requestId]: requestId, ...routeHeaders(first.value) }, first.value, parts, encoder);
      if (abort.signal.aborted) this.logger.info({ requestId }, 'client disconnected; request cancelled');
      return;
    }

    const accumulator = new CompletionAccumulator(id, created, request.model);
    let route: Record<string, string> | undefined;
    for await (const part of parts) {
      route ??= routeHeaders(part);
      accumulator.add(part);
    }
    if (abort.signal.aborted) return;
    reply.headers(route ?? {});
    const result = accumulator.result();
    if (!result.ok) {
      const error = toHttpError(result.error.code, result.error.message, result.error.param);
      reply.status(error.status).send(error.body);
      return;
    }
    reply.send(result.completion);
  }
}
