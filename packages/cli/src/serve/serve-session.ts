/**
 * A running `tsappa serve`, reachable by `tsappa invoke <stage> --local`: serve listens on a
 * private port of 127.0.0.1 for events to send to its function, and says where in
 * `.tsappa/<stage>-serve.json` (with a token only that file holds). The invocation then runs in
 * serve's containers, against serve's tables, with its logs in serve's terminal.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { InvokeOutcome } from './function-host.js';

export interface SessionInfo {
  pid: number;
  stage: string;
  url: string;
  token: string;
}

export interface SessionControl {
  readonly info: SessionInfo;
  close(): Promise<void>;
}

const TOKEN_HEADER = 'x-tsappa-session-token';

/** Listens for invocations and writes the session file. */
export async function startSessionControl(options: { file: string; stage: string; invoke: (event: unknown) => Promise<InvokeOutcome>; log: (line: string) => void }): Promise<SessionControl> {
  const token = randomBytes(24).toString('hex');
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/invoke' || req.headers[TOKEN_HEADER] !== token) {
      res.writeHead(403).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let event: unknown;
      try {
        event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('the event is not JSON');
        return;
      }
      options.log('invoke --local: an event from tsappa invoke');
      options
        .invoke(event)
        .then((outcome) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(outcome)))
        .catch((error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const info: SessionInfo = { pid: process.pid, stage: options.stage, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token };
  await mkdir(dirname(options.file), { recursive: true });
  await writeFile(options.file, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  return {
    info,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      // another serve of the stage may have written its own since
      const current = await readFile(options.file, 'utf8').catch(() => '');
      if (current.includes(`"token":"${token}"`)) await rm(options.file, { force: true });
    },
  };
}

/** The serve session the file names, when its process is still running. */
export function findRunningSession(file: string): SessionInfo | null {
  let info: SessionInfo;
  try {
    info = JSON.parse(readFileSync(file, 'utf8')) as SessionInfo;
  } catch {
    return null;
  }
  try {
    process.kill(info.pid, 0);
  } catch {
    return null; // left behind by a serve that was killed
  }
  return info;
}

/** Sends an event to the running serve's function. */
export async function invokeRunningSession(session: SessionInfo, event: unknown): Promise<InvokeOutcome> {
  const res = await fetch(`${session.url}/invoke`, { method: 'POST', headers: { [TOKEN_HEADER]: session.token, 'content-type': 'application/json' }, body: JSON.stringify(event) });
  if (!res.ok) throw new Error(`the running tsappa serve (pid ${session.pid}) refused the event: ${res.status} ${await res.text()}`);
  return (await res.json()) as InvokeOutcome;
}
