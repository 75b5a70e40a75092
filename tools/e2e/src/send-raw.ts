import { connect } from 'node:net';
import { keepErrorText } from './run-log';

/** An HTTP response read off a raw socket: its status, header lines (lower-cased names) and body. */
export interface WireResponse {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * Writes `bytes` to a fresh TCP connection exactly as given (so a test can send what no HTTP client
 * would: bare CRs, oversized or duplicated headers) and reads one response, until the server closes
 * the connection or the response's `content-length` has arrived. Rejects after `timeoutMs` (a hang).
 * An error response (status and headers included) is kept for the run's secrets check.
 */
export function sendRaw(url: string, bytes: Buffer | string, timeoutMs = 10_000): Promise<WireResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const parsed = parse(text);
      if (parsed && parsed.status >= 400) keepErrorText(text);
      if (parsed) resolve(parsed);
      else reject(new Error(`not an HTTP response: ${JSON.stringify(Buffer.concat(chunks).toString('latin1').slice(0, 200))}`));
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const parsed = parse(Buffer.concat(chunks).toString('latin1'));
      const length = parsed?.headers.find(([name]) => name === 'content-length')?.[1];
      if (parsed && length !== undefined && Buffer.byteLength(parsed.body, 'latin1') >= Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => (chunks.length > 0 ? finish() : (clearTimeout(timer), reject(error))));
    socket.write(bytes);
  });
}

function parse(text: string): WireResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!match) return undefined;
  const headers = lines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
  });
  return { status: Number(match[1]), headers, body: text.slice(end + 4) };
}
