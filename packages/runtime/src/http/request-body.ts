/** The request body as bytes: base64-decoded when the integration says so; `undefined` when empty. */
export function decodeBody(body: unknown, isBase64Encoded: boolean | undefined): Buffer | undefined {
  if (typeof body !== 'string' || body === '') return undefined;
  return Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');
}
