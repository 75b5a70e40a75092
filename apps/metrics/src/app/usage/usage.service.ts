import { Inject, Injectable } from '@nestjs/common';
import type { UsageReply } from '@switchyard/contracts';
import type { Logger } from '@switchyard/observability';
import { toHttpError, type HttpError } from '@switchyard/openai';
import { EventsPipeline } from '../jetstream/events-pipeline.service';
import { LOGGER } from '../metrics.constants';
import { isHttpError, parseUsageQuery } from './usage-query';
import { buildUsageReport } from './usage-report';

function reply(error: HttpError): UsageReply {
  return { status: error.status, body: error.body };
}

/** Answers usage queries from the aggregates in the usage bucket, for HTTP and NATS alike. */
@Injectable()
export class UsageService {
  constructor(
    private readonly pipeline: EventsPipeline,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The status and body for query parameters `params` (`key`, `from`, `to`). */
  async query(params: Readonly<Record<string, unknown>>): Promise<UsageReply> {
    const parsed = parseUsageQuery(params);
    if (isHttpError(parsed)) return reply(parsed);
    const store = this.pipeline.usageStore();
    if (!store) return reply(toHttpError('service_unavailable', 'Usage data is not reachable yet (JetStream is not available to the metrics service). Try again shortly.'));
    try {
      const records = await store.read({ days: parsed.days, keyId: parsed.keyId });
      return { status: 200, body: buildUsageReport(parsed, records) };
    } catch (error) {
      this.logger.warn({ err: error }, 'usage query failed');
      return reply(toHttpError('service_unavailable', 'Usage data could not be read from JetStream. Try again shortly.'));
    }
  }
}
