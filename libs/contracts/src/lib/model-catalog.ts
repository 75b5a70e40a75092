import { z } from 'zod';

/** One entry of the router's model catalogue, as `/v1/models` lists it. */
export const CatalogEntrySchema = z.object({
  /** Public id: `auto` or `<provider>:<model>`. */
  id: z.string(),
  /** Who serves it: `switchyard` for `auto`, else the provider prefix. */
  ownedBy: z.string(),
  /** Epoch seconds when the router first saw it. */
  created: z.number().int(),
  /** Context window in tokens, when known. */
  contextLength: z.number().int().positive().optional(),
});

/** The router's reply on `routerModels`. */
export const ModelCatalogSchema = z.object({ models: z.array(CatalogEntrySchema) });

export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export type ModelCatalog = z.infer<typeof ModelCatalogSchema>;
