import { AdminToken, adminDisabledMessage } from './admin-token';

const DISABLED = adminDisabledMessage('The usage API', 'SWITCHYARD_METRICS__ADMIN_TOKEN', 'metrics.adminToken', 'metrics');

const TOKEN = 'f'.repeat(64);

describe('AdminToken', () => {
  it('lets the right bearer token through', () => {
    expect(new AdminToken(TOKEN, DISABLED).check(`Bearer ${TOKEN}`)).toBeUndefined();
    expect(new AdminToken(TOKEN, DISABLED).check(`bearer ${TOKEN}`)).toBeUndefined();
  });

  it.each<[string, string | undefined, string]>([
    ['no header', undefined, "You didn't provide an admin token"],
    ['another scheme', `Basic ${TOKEN}`, "You didn't provide an admin token"],
    ['a wrong token', 'Bearer nope', 'Incorrect admin token provided.'],
    ['the token with a suffix', `Bearer ${TOKEN}x`, 'Incorrect admin token provided.'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, 32)}`, 'Incorrect admin token provided.'],
  ])('answers 401 invalid_api_key for %s', (_name, header, message) => {
    const error = new AdminToken(TOKEN, DISABLED).check(header);
    expect(error?.status).toBe(401);
    expect(error?.body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
    expect(error?.body.error.message).toContain(message);
    expect(error?.body.error.message).not.toContain(TOKEN);
  });

  it.each([undefined, ''])('answers 403 saying how to enable it when no token is configured (%p)', (configured) => {
    const error = new AdminToken(configured, DISABLED).check(`Bearer ${TOKEN}`);
    expect(error?.status).toBe(403);
    expect(error?.body.error).toMatchObject({ type: 'permission_error', code: 'permission_denied' });
    expect(error?.body.error.message).toContain('SWITCHYARD_METRICS__ADMIN_TOKEN');
  });
});
