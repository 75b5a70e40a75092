import type { RouteEntry, RouteSkip } from '@switchyard/contracts';
import { formatDateTime, formatMs, formatTokens } from './format';
import { keyLabel } from './routes';

const SKIP_REASON_TEXT: Record<RouteSkip['reason'], string> = {
  rate_limited: 'rate limited',
  circuit_open: 'circuit open',
  context_too_small: 'context too small',
};

/** An error code as words (`backend_busy` → `backend busy`). */
export function codeText(code: string): string {
  return code.replace(/_/g, ' ');
}

/** What went on besides the selected backend, one short line each, for the table's column. */
export function routeNotes(entry: RouteEntry): string[] {
  const route = entry.route;
  if (!route) return [];
  return [
    ...route.failed.map((attempt) => `failed ${attempt.backend}: ${codeText(attempt.code)}`),
    ...route.skipped.map((skip) => `skipped ${skip.backend}: ${SKIP_REASON_TEXT[skip.reason] ?? codeText(skip.reason)}`),
    ...(route.hedged ?? []).map((hedge) => `hedged ${hedge.backend} (lost the race)`),
    ...(route.resumed ?? []).map((resume) => `resumed ${resume.from} → ${resume.to} (${codeText(resume.code)})`),
  ];
}

/** The client API it came through (`endpoint`, or its kind's for events stored before endpoints were recorded). */
export function endpointText(entry: RouteEntry): string {
  const byKind = { chat: 'chat/completions', completion: 'completions', embeddings: 'embeddings' } as const;
  return entry.endpoint ?? byKind[entry.kind];
}

export interface DetailField {
  label: string;
  /** One or more lines. */
  lines: string[];
}

/** Every fact of one request, for the detail panel, in reading order. */
export function routeDetail(entry: RouteEntry, timeZone?: string): DetailField[] {
  const route = entry.route;
  const none = ['none'];
  const fields: DetailField[] = [
    { label: 'Request id', lines: [entry.requestId] },
    { label: 'Received', lines: [formatDateTime(entry.receivedAt, timeZone)] },
    { label: 'Key', lines: [entry.keyName ? `${keyLabel(entry)} (${entry.keyId})` : entry.keyId] },
    { label: 'Endpoint', lines: [`${endpointText(entry)} (${entry.streamed ? 'streamed' : 'not streamed'})`] },
    { label: 'Requested model', lines: [entry.requestedModel] },
    { label: 'Selected backend', lines: [entry.backend ?? 'none'] },
    { label: 'Status', lines: [entry.errorCode ? `${entry.status} (${codeText(entry.errorCode)})` : String(entry.status)] },
    { label: 'Policy', lines: [route ? route.policy : 'no routing decision (refused before routing, or the client left)'] },
  ];
  if (route) {
    fields.push(
      {
        label: 'Failed attempts',
        lines: route.failed.length ? route.failed.map((a) => `${a.backend} on ${a.workerId}: ${codeText(a.code)} after ${formatMs(a.ms)}`) : none,
      },
      {
        label: 'Skipped',
        lines: route.skipped.length ? route.skipped.map((s) => `${s.backend} on ${s.workerId}: ${SKIP_REASON_TEXT[s.reason] ?? codeText(s.reason)}`) : none,
      },
      {
        label: 'Hedged (started, then cancelled)',
        lines: route.hedged?.length ? route.hedged.map((h) => `${h.backend} on ${h.workerId}`) : none,
      },
      {
        label: 'Resumed',
        lines: route.resumed?.length ? route.resumed.map((r) => `${r.from} → ${r.to}: ${codeText(r.code)}`) : none,
      },
    );
  }
  fields.push(
    { label: 'Duration', lines: [formatMs(entry.durationMs)] },
    { label: 'Time to first token', lines: [formatMs(entry.ttftMs)] },
    { label: 'Inter-token', lines: [formatMs(entry.interTokenMs)] },
    { label: 'Overhead', lines: [formatMs(entry.overheadMs)] },
    {
      label: 'Tokens',
      lines: [
        `${formatTokens(entry.promptTokens)} prompt + ${formatTokens(entry.completionTokens)} completion = ${formatTokens(entry.promptTokens + entry.completionTokens)}`,
      ],
    },
  );
  return fields;
}
