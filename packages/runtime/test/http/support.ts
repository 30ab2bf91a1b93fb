/** Small helpers shared by the web adapter's tests. */
import type { Logger } from '../../src/http/log.js';

export interface LogLine {
  level: 'warn' | 'error';
  message: string;
  details: Record<string, unknown> | undefined;
}

/** A logger that records instead of printing. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    logger: {
      warn: (message, details) => void lines.push({ level: 'warn', message, details }),
      error: (message, details) => void lines.push({ level: 'error', message, details }),
    },
  };
}

/** The decoded body of any result. */
export function bodyOf(result: unknown): Buffer {
  const r = result as { body: string; isBase64Encoded: boolean };
  return Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8');
}

/** Every value of a response header, whatever the result shape (cookies included). */
export function headerValues(result: unknown, name: string): string[] {
  const r = result as {
    headers?: Record<string, string>;
    multiValueHeaders?: Record<string, string[]>;
    cookies?: string[];
  };
  const lower = name.toLowerCase();
  if (lower === 'set-cookie' && r.cookies) return r.cookies;
  const out: string[] = [];
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) if (k.toLowerCase() === lower) out.push(...v);
  for (const [k, v] of Object.entries(r.headers ?? {})) if (k.toLowerCase() === lower) out.push(v);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
