import { OpenAIHttpException } from '../http/openai-http.exception';
import { ResponseStoreUnavailable } from './response-store';

/** Waits for a store operation; the store being unreachable is a 503 that says so. */
export async function storeCall<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (error instanceof ResponseStoreUnavailable) throw OpenAIHttpException.of('service_unavailable', 'Stored responses are unavailable right now; try again shortly.');
    throw error;
  }
}
