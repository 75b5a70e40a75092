import { Controller, Get, Headers, HttpException, Inject, Res } from '@nestjs/common';
import { toHttpError } from '@switchyard/openai';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import type { BearerToken } from './bearer-token';
import { METRICS_REGISTRY, METRICS_SCRAPE_TOKEN } from './metrics';

const MISSING = 'This /metrics requires a token: send the scrape token (metrics.scrapeToken) as "Authorization: Bearer <token>".';
const WRONG = 'Incorrect scrape token provided.';

/** `GET /metrics`: every metric of the service's registry, in Prometheus text format; behind a bearer token when one is configured. */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    @Inject(METRICS_SCRAPE_TOKEN) private readonly token: BearerToken,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (this.token.configured) {
      const outcome = this.token.check(authorization);
      if (outcome !== 'ok') {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        const { status, body } = toHttpError('invalid_api_key', outcome === 'missing' ? MISSING : WRONG);
        throw new HttpException(body, status);
      }
    }
    reply.header('content-type', this.registry.contentType);
    return this.registry.metrics();
  }
}
