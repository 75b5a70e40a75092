import { z } from 'zod';

/** The query of `GET /v1/responses/{id}/input_items`. `include` asks for fields these items always or never have. */
export const InputItemsQuerySchema = z.looseObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().min(1).optional(),
});

export type InputItemsQuery = z.infer<typeof InputItemsQuerySchema>;

/** One page of items, as OpenAI lists them. */
export interface ItemPage<T extends { id: string }> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/**
 * A page of `items` (kept oldest first): in `order`, the `limit` items after the one whose id is `after`; undefined
 * when there is no such item.
 */
export function itemPage<T extends { id: string }>(items: readonly T[], query: InputItemsQuery): ItemPage<T> | undefined {
  const ordered = query.order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (query.after !== undefined) {
    const at = ordered.findIndex((item) => item.id === query.after);
    if (at < 0) return undefined;
    start = at + 1;
  }
  const data = ordered.slice(start, start + query.limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + data.length < ordered.length };
}
