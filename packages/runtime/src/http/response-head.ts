/**
 * The response's status line and headers, as the app set them, before they are shaped for an
 * integration. Header names are lower case; values as Node's `getHeaders()` returns them.
 */

export type OutgoingHeaders = Record<string, string | number | readonly string[] | undefined>;

export interface ResponseHead {
  statusCode: number;
  statusMessage: string;
  headers: OutgoingHeaders;
}

/** HEAD requests and 204 / 304 responses carry no body (nor do 1xx). */
export function mayHaveBody(method: string, statusCode: number): boolean {
  return method !== 'HEAD' && statusCode !== 204 && statusCode !== 304 && (statusCode < 100 || statusCode >= 200);
}

/** One header's value as a single string (multiple values joined with `, `). */
export function headerString(value: string | number | readonly string[]): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : value.join(', ');
}

/** One header's values as a list of strings. */
export function headerList(value: string | number | readonly string[]): string[] {
  return typeof value === 'string' ? [value] : typeof value === 'number' ? [String(value)] : value.map(String);
}

/**
 * Headers given straight to `writeHead(status, headers)` (Node skips its own store when no
 * `setHeader` came first): an object, a flat `[name, value, …]` list or a list of pairs.
 */
export function headersFromArgument(arg: unknown): OutgoingHeaders {
  const out: Record<string, string | number | string[]> = {};
  const add = (name: unknown, value: unknown): void => {
    if (typeof name !== 'string' || name === '' || value === undefined || value === null) return;
    const lower = name.toLowerCase();
    const prev = out[lower];
    if (prev === undefined) {
      out[lower] = Array.isArray(value) ? value.map(String) : typeof value === 'number' ? value : String(value);
    } else {
      out[lower] = [...headerList(prev), ...(Array.isArray(value) ? value.map(String) : [String(value)])];
    }
  };
  if (Array.isArray(arg)) {
    if (arg.length > 0 && Array.isArray(arg[0])) {
      for (const pair of arg as unknown[][]) add(pair[0], pair[1]);
    } else {
      for (let i = 0; i + 1 < arg.length; i += 2) add(arg[i], arg[i + 1]);
    }
  } else if (typeof arg === 'object' && arg !== null) {
    const obj = arg as Record<string, unknown>;
    for (const name in obj) add(name, obj[name]);
  }
  return out;
}
