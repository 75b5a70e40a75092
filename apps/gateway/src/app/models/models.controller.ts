import { Controller, Get, Param, UseInterceptors } from '@nestjs/common';
import { ModelListInterceptor } from '../auth/model-list.interceptor';
import { OpenAIHttpException } from '../http/openai-http.exception';
import { ModelsService, type OpenAIModel } from './models.service';

/** The routes of `GET /v1/models/{id}`: wildcards, since an id may hold `/` (an alias such as `meta-llama/Llama-2-7b-chat-hf`). */
export const MODEL_ROUTES = ['v1/models/*', 'models/*'];

/** `GET /v1/models` and `GET /v1/models/{id}` (also without `/v1`). */
@Controller()
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  /** Only this route is intercepted: a global interceptor costs every request an `AsyncResource.bind` (3 % of the gateway). */
  @Get(['v1/models', 'models'])
  @UseInterceptors(ModelListInterceptor)
  async list(): Promise<{ object: 'list'; data: OpenAIModel[] }> {
    return { object: 'list', data: await this.models.list() };
  }

  @Get(MODEL_ROUTES)
  async get(@Param('*') id: string): Promise<OpenAIModel> {
    const model = (await this.models.list()).find((m) => m.id === id);
    if (!model) throw OpenAIHttpException.of('model_not_found', `The model '${id}' does not exist.`, 'model');
    return model;
  }
}
