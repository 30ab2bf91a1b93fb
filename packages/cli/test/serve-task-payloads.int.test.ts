/**
 * `tsappa serve`, tasks with arguments over the 1 MB a Lambda Event invoke carries
 * (test/fixtures/serve-tasks): deployed they wait in the bucket, locally in
 * .tsappa/<stage>-serve/task-payloads, and the task runs with exactly what was sent.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveFixture, type ServedFixture } from './support/serve-fixture.js';

/** About 2 MB of UTF-8, multi-byte characters included, never the same line twice. */
function bigText(minBytes: number): string {
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < minBytes; i += 1) {
    const part = `${i.toString(36)} é ✓ 🚀 "quoted" \\ line\n`;
    parts.push(part);
    bytes += Buffer.byteLength(part);
  }
  return parts.join('');
}

async function post(url: string, text: string): Promise<{ status: number; body: { id: string } }> {
  const res = await fetch(url, { method: 'POST', body: text, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return { status: res.status, body: (await res.json()) as { id: string } };
}

describe('tsappa serve, task arguments over 1 MB', () => {
  let served: ServedFixture;
  let payloadDir: string;
  beforeAll(async () => {
    served = await serveFixture('serve-tasks').started();
    payloadDir = join(served.dir, '.tsappa', 'dev-serve', 'task-payloads');
  }, 90_000);
  afterAll(async () => {
    await served?.stop();
  });

  it('runs the task with the exact 2 MB argument, passed through the local folder, then removes it', async () => {
    const text = bigText(2 * 1024 * 1024);
    const sent = await post(`${served.url}/digest`, text);
    expect(sent.status).toBe(202);
    const { id } = sent.body;

    let result: { status?: string; value?: unknown } = {};
    const deadline = Date.now() + 30_000;
    while (result.status !== 'complete' && result.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      result = (await (await fetch(`${served.url}/result/${id}`)).json()) as typeof result;
    }
    expect(result).toMatchObject({
      status: 'complete',
      value: { label: 'big', characters: text.length, sha256: createHash('sha256').update(text, 'utf8').digest('hex') },
    });
    await served.waitFor(new RegExp(`task digest ${id} attempt 1/3 ok`));
    // the folder stood in for the bucket, and the task removed its arguments once it succeeded
    expect(existsSync(payloadDir)).toBe(true);
    expect(readdirSync(payloadDir)).not.toContain(`${id}.json`);
  }, 60_000);

  it('keeps the arguments of a failing task for its retries and its dead-letter entry', async () => {
    const text = bigText(1536 * 1024);
    const { id } = (await post(`${served.url}/refuse`, text)).body;
    await served.waitFor(new RegExp(`task refuse ${id} attempt 3/3`), 30_000);
    // every attempt read the whole argument
    expect(served.output).toContain(`refused ${text.length} characters`);

    const deadLetters = join(served.dir, '.tsappa', 'dev-dead-letter.jsonl');
    const deadline = Date.now() + 10_000;
    while (!(existsSync(deadLetters) && readFileSync(deadLetters, 'utf8').includes(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const letter = readFileSync(deadLetters, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string | null; event: { 'tsappa:task': { ref?: { bucket: string; key: string }; args?: unknown } } })
      .find((entry) => entry.id === id);
    expect(letter?.event['tsappa:task'].ref).toEqual({ bucket: 'tsappa-serve-local', key: `tsappa-tasks/${id}.json` });
    expect(letter?.event['tsappa:task'].args).toBeUndefined();
    expect(JSON.parse(readFileSync(join(payloadDir, `${id}.json`), 'utf8'))).toEqual([text]);
  }, 60_000);
});
