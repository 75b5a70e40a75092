import { HttpException } from '@nestjs/common';
import { toHttpError, type ErrorCode, type HttpError } from '@switchyard/openai';

/** An error that already has its OpenAI body; the exception filter sends it as is. */
export class OpenAIHttpException extends HttpException {
  constructor(readonly error: HttpError) {
    super(error.body, error.status);
  }

  static of(code: ErrorCode, message: string, param: string | null = null): OpenAIHttpException {
    return new OpenAIHttpException(toHttpError(code, message, param));
  }
}
