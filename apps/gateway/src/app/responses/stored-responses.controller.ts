import { Controller, Delete, Get, Param, Query, Req } from '@nestjs/common';
import { validate } from '@switchyard/openai';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/request-principal';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { keyIdOf } from '../usage/usage-recorder';
import { InputItemsQuerySchema, itemPage, type ItemPage } from './input-items-page';
import { ResponseStore } from './response-store';
import { storeCall } from './store-errors';
import { conversationOf, type StoredResponse } from './stored-response';

function notFound(id: string): OpenAIHttpException {
  return OpenAIHttpException.of('not_found', `Response with id '${id}' not found.`);
}

/**
 * The stored Responses of the calling key: `GET /v1/responses/{id}` (the Response as the client got it),
 * `DELETE /v1/responses/{id}`, and `GET /v1/responses/{id}/input_items` (the conversation that went into it: the
 * items and outputs of the responses it continued, then its own input). Another key's response is not found.
 */
@Controller()
export class StoredResponsesController {
  constructor(private readonly store: ResponseStore) {}

  @Get(['v1/responses/:id', 'responses/:id'])
  async get(@Param('id') id: string, @Query() query: Record<string, unknown>, @Req() req: FastifyRequest): Promise<StoredResponse['response']> {
    if (query['stream'] === 'true') throw OpenAIHttpException.of('invalid_request', 'A stored response cannot be streamed again here; leave out stream to get it whole.', 'stream');
    const stored = await storeCall(this.store.find(id, keyIdOf(principalOf(req))));
    if (!stored) throw notFound(id);
    return stored.response;
  }

  @Delete(['v1/responses/:id', 'responses/:id'])
  async remove(@Param('id') id: string, @Req() req: FastifyRequest): Promise<{ id: string; object: 'response'; deleted: true }> {
    if (!(await storeCall(this.store.remove(id, keyIdOf(principalOf(req)))))) throw notFound(id);
    return { id, object: 'response', deleted: true };
  }

  @Get(['v1/responses/:id/input_items', 'responses/:id/input_items'])
  async inputItems(@Param('id') id: string, @Query() query: unknown, @Req() req: FastifyRequest): Promise<ItemPage<{ id: string }>> {
    const parsed = validate(InputItemsQuerySchema, query);
    if (!parsed.ok) throw OpenAIHttpException.of('invalid_request', parsed.problem.message, parsed.problem.param);
    const found = await storeCall(this.store.chain(id, keyIdOf(principalOf(req))));
    if (!found) throw notFound(id);
    const earlier = found.chain.slice(0, -1);
    const own = found.chain.at(-1)?.input ?? [];
    const items = [...conversationOf(earlier), ...own].filter((item): item is { id: string } & Record<string, unknown> => typeof item['id'] === 'string');
    const page = itemPage(items, parsed.value);
    if (!page) throw OpenAIHttpException.of('invalid_request', `No item with id '${parsed.value.after}' is in the input of '${id}'.`, 'after');
    return page;
  }
}
