/**
 * Base paths: prefixes the integration adds in front of the app's own routes, removed on whole
 * path segments only (`/api` is stripped from `/api/users` and `/api`, never from `/apiv2`).
 */

/** `"api"`, `"/api/"`, `"/v1/api"` → `"/api"`, `"/v1/api"`; empty, `"/"` and `"(none)"` → `""`. */
export function normalizeBasePath(basePath: string | null | undefined): string {
  if (!basePath || basePath === '(none)') return '';
  let start = 0;
  let end = basePath.length;
  while (start < end && basePath.charCodeAt(start) === 47 /* / */) start++;
  while (end > start && basePath.charCodeAt(end - 1) === 47) end--;
  return start === end ? '' : '/' + basePath.slice(start, end);
}

/** Removes `prefix` (normalised, e.g. `"/api"`) from the front of `path` when it is a whole segment. */
export function stripBasePath(path: string, prefix: string): string {
  if (prefix === '' || !path.startsWith(prefix)) return path;
  const len = prefix.length;
  if (path.length === len) return '/';
  return path.charCodeAt(len) === 47 ? path.slice(len) : path;
}

/** True when `domainName` is API Gateway's own host (or a local one), not a custom domain. */
export function isDefaultApiDomain(domainName: unknown): boolean {
  if (typeof domainName !== 'string' || domainName === '') return true;
  return (
    domainName.includes('.execute-api.') ||
    domainName.startsWith('localhost') ||
    domainName.startsWith('127.') ||
    domainName.startsWith('[::1]')
  );
}
