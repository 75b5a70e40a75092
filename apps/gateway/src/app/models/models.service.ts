import { Inject, Injectable } from '@nestjs/common';
import { ModelCatalogSchema, PATTERNS, type CatalogEntry } from '@switchyard/contracts';
import { BUS_CLIENT, BusRecord, decodeJson, type BusClient } from '@switchyard/nats';
import { firstValueFrom } from 'rxjs';
import { busFailureToPart } from '../http/bus-failure';
import { OpenAIHttpException } from '../http/openai-http.exception';

const EMPTY = new Uint8Array(0);
const CATALOG_TIMEOUT_MS = 2_000;

/**
 * OpenAI's `Model` object, with the fields vLLM-style servers add (Inferneo documents them): `root`,
 * `parent` and `permission`, for clients written against those.
 */
export interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  /** The model it is: its own id (Switchyard serves no fine-tuned variants of its models). */
  root: string;
  /** The model it derives from: none. */
  parent: null;
  /** Permissions: none listed (access is the API key's). */
  permission: [];
}

function toOpenAIModel(entry: CatalogEntry): OpenAIModel {
  return { id: entry.id, object: 'model', created: entry.created, owned_by: entry.ownedBy, root: entry.id, parent: null, permission: [] };
}

/** Asks a router which models can be served now. */
@Injectable()
export class ModelsService {
  constructor(@Inject(BUS_CLIENT) private readonly client: BusClient) {}

  async list(): Promise<OpenAIModel[]> {
    try {
      const reply = await firstValueFrom(this.client.send<Uint8Array>(PATTERNS.routerModels, new BusRecord(EMPTY, { timeoutMs: CATALOG_TIMEOUT_MS })));
      return decodeJson(reply, ModelCatalogSchema).models.map(toOpenAIModel);
    } catch (error) {
      const part = busFailureToPart(error);
      throw OpenAIHttpException.of(part.code, part.message);
    }
  }
}
