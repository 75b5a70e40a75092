import { Inject, Injectable } from '@nestjs/common';
import { requestLogger, type Logger } from '@switchyard/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../auth/request-principal';
import type { SwitchyardConfig } from '@switchyard/config';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.constants';
import { answerOf, type RunJob } from '../resume/resuming-answer';
import type { AcceptedRequest } from '../http/openai-request';
import { InferenceClient, type InferenceJob } from '../inference/inference.client';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { keyIdOf, UsageRecorder } from '../usage/usage-recorder';
import { deliver } from './deliver';
import { JsonSink, OPENAI_DIALECT, SseSink, type HttpDialect } from './http-sinks';
import type { ReplySink } from './reply-sink';
import { endpointOf, isStreamed } from './render-specs';

/**
 * Answers an accepted HTTP request (its key admitted by the access guard) through the gateway's pipeline:
 * SSE when the job is rendered as chunks, one JSON body otherwise; the key's reservation reconciled with
 * the real usage, the usage event timed from the request's arrival.
 */
@Injectable()
export class HttpAnswers {
  constructor(
    private readonly inference: InferenceClient,
    private readonly rateLimits: RateLimitService,
    private readonly usage: UsageRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_CONFIG) private readonly config: SwitchyardConfig['gateway'],
  ) {}

  async answer(
    req: FastifyRequest,
    reply: FastifyReply,
    job: InferenceJob & { body: { model: string } },
    accepted: AcceptedRequest<unknown>,
    dialect: HttpDialect = OPENAI_DIALECT,
    /** Wraps the sink, to see the rendered answer on its way (stored Responses). */
    around: (sink: ReplySink) => ReplySink = (sink) => sink,
    /** A streamed chat completion may go on on another backend when its own fails (`x-switchyard-resume`). */
    resume = false,
  ): Promise<void> {
    const { context, signal } = accepted;
    const logger = requestLogger(this.logger, context);
    const streamed = isStreamed(job.render);
    const facts = { requestId: context.requestId, keyId: keyIdOf(principalOf(req)), kind: job.kind, endpoint: endpointOf(job.render), requestedModel: job.body.model, streamed };
    const run: RunJob = (next, nextContext, nextSignal) => this.inference.run(next, nextContext, nextSignal);
    const answer = answerOf(job, context, signal, run, resume && this.config.resume.enabled ? this.config.resume.maxResumes : undefined);
    await deliver({
      parts: answer.parts,
      trailer: answer.trailer,
      sink: around(streamed ? new SseSink(reply, dialect) : new JsonSink(reply, dialect)),
      signal,
      recording: this.usage.begin(facts, context, () => reply.elapsedTime),
      reconcile: (tokens) => this.rateLimits.reconcile(req, tokens),
      logger,
    });
    if (signal.aborted) logger.info('client disconnected; request cancelled');
  }
}
