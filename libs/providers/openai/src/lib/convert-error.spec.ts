import type { ErrorPart } from '@switchyard/contracts';
import { convertError } from './convert-error';

const body = (message: string, type: string, param: string | null, code: string | null): string =>
  JSON.stringify({ error: { message, type, param, code } });

type Expected = Pick<ErrorPart, 'code' | 'retryable' | 'param'> & { message: string };

describe('convertError', () => {
  it.each<[string, number, string, Expected]>([
    [
      '400 bad parameter',
      400,
      body("Invalid value for 'temperature': expected a number between 0 and 2.", 'invalid_request_error', 'temperature', 'invalid_value'),
      { code: 'invalid_request', retryable: false, param: 'temperature', message: "openai (HTTP 400): Invalid value for 'temperature': expected a number between 0 and 2." },
    ],
    [
      '400 context length',
      400,
      body(
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        'messages',
        'context_length_exceeded',
      ),
      {
        code: 'context_length_exceeded',
        retryable: false,
        param: 'messages',
        message: "openai (HTTP 400): This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
      },
    ],
    [
      '401 bad key',
      401,
      body('Incorrect API key provided: sk-proj-********************************************a1B2. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', null, 'invalid_api_key'),
      { code: 'upstream_authentication_error', retryable: false, param: null, message: 'openai (HTTP 401): The provider rejected the gateway’s credentials.' },
    ],
    [
      '403 unsupported region',
      403,
      body('Country, region, or territory not supported', 'request_forbidden', null, 'unsupported_country_region_territory'),
      { code: 'permission_denied', retryable: false, param: null, message: 'openai (HTTP 403): The provider refused access to this resource.' },
    ],
    [
      '404 unknown model',
      404,
      body('The model `gpt-5-turbo-preview` does not exist or you do not have access to it.', 'invalid_request_error', null, 'model_not_found'),
      { code: 'model_not_found', retryable: false, param: null, message: 'openai (HTTP 404): The model `gpt-5-turbo-preview` does not exist or you do not have access to it.' },
    ],
    [
      '408 timeout',
      408,
      body('Request timed out.', 'server_error', null, null),
      { code: 'timeout', retryable: true, param: null, message: 'openai (HTTP 408): The provider timed out.' },
    ],
    [
      '409 conflict',
      409,
      body('Another request is already running for this session.', 'invalid_request_error', null, 'conflict'),
      { code: 'upstream_error', retryable: true, param: null, message: 'openai (HTTP 409): The provider failed to answer.' },
    ],
    [
      '413 too large',
      413,
      body('Request too large for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Requested 45210.', 'tokens', null, 'rate_limit_exceeded'),
      { code: 'request_too_large', retryable: false, param: null, message: 'openai (HTTP 413): Request too large for gpt-4o in organization org-abc on tokens per min (TPM): Limit 30000, Requested 45210.' },
    ],
    [
      '422 unprocessable (vLLM)',
      422,
      JSON.stringify({ object: 'error', message: "[{'type': 'missing', 'loc': ('body', 'messages')}]", type: 'BadRequestError', param: null, code: 422 }),
      { code: 'invalid_request', retryable: false, param: null, message: "openai (HTTP 422): [{'type': 'missing', 'loc': ('body', 'messages')}]" },
    ],
    [
      '429 rate limit',
      429,
      body('Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.', 'requests', null, 'rate_limit_exceeded'),
      {
        code: 'rate_limit_exceeded',
        retryable: true,
        param: null,
        message: 'openai (HTTP 429): Rate limit reached for gpt-4o-mini in organization org-abc on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 120ms.',
      },
    ],
    [
      '429 quota',
      429,
      body('You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', null, 'insufficient_quota'),
      { code: 'insufficient_quota', retryable: true, param: null, message: 'openai (HTTP 429): You exceeded your current quota, please check your plan and billing details.' },
    ],
    [
      '500 server error',
      500,
      body('The server had an error while processing your request. Sorry about that!', 'server_error', null, null),
      { code: 'upstream_error', retryable: true, param: null, message: 'openai (HTTP 500): The provider failed to answer.' },
    ],
    [
      '502 from a proxy, HTML',
      502,
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n',
      { code: 'upstream_error', retryable: true, param: null, message: 'openai (HTTP 502): The provider failed to answer.' },
    ],
    [
      '503 overloaded',
      503,
      body('The engine is currently overloaded, please try again later.', 'server_error', null, null),
      { code: 'upstream_error', retryable: true, param: null, message: 'openai (HTTP 503): The provider failed to answer.' },
    ],
    [
      "404 with Ollama's string error",
      404,
      JSON.stringify({ error: "model 'llama9' not found, try pulling it first" }),
      { code: 'model_not_found', retryable: false, param: null, message: "openai (HTTP 404): model 'llama9' not found, try pulling it first" },
    ],
    [
      '400 with an empty body',
      400,
      '',
      { code: 'invalid_request', retryable: false, param: null, message: 'openai (HTTP 400): The provider answered 400.' },
    ],
    [
      '429 with a JSON body of another shape',
      429,
      JSON.stringify({ detail: 'Too Many Requests' }),
      { code: 'rate_limit_exceeded', retryable: true, param: null, message: 'openai (HTTP 429): The provider answered 429.' },
    ],
  ])('%s', (_name, status, text, expected) => {
    expect(convertError('openai', status, text)).toEqual({ type: 'error', ...expected });
  });

  it.each([
    ['OpenAI', 'Incorrect API key provided: sk-proj-abc1********************************xyz9.', 'sk-proj-abc1'],
    ['Groq', 'Invalid API Key', 'Invalid API Key'],
    ['Together', 'Invalid API key provided. You can find your API key at https://api.together.xyz/settings/api-keys. tgp_v1_9f8e', 'tgp_v1_9f8e'],
  ])("never passes on %s's 401 text, which can quote the key", (_name, message, fragment) => {
    const part = convertError('openai', 401, body(message, 'invalid_request_error', null, 'invalid_api_key'));
    expect(part.message).not.toContain(fragment);
    expect(part.code).toBe('upstream_authentication_error');
  });
});
