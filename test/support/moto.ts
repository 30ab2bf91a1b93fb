/**
 * The integration tier's AWS: a moto server started on 127.0.0.1 on a free port, one per test
 * file, stopped afterwards.
 *
 * Outside CI a missing `moto_server` skips the tier with a printed reason; under `CI=true` it
 * is a failure, never a silent skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe } from 'vitest';

export interface MotoServer {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** environment for a child process or the SDK: endpoint, dummy credentials, region */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export const MOTO_REGION = 'us-east-1';

export function motoAvailable(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync('moto_server', ['--help'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    return { ok: false, reason: 'moto_server is not on PATH (install it with: pip install "moto[server]")' };
  }
  return { ok: true };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const started = Date.now();
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() - started < deadlineMs) {
    if (exited !== null) throw new Error(`moto_server exited with code ${exited} before answering`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${deadlineMs} ms`);
}

export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    // a loaded 2-core machine takes 15 s and more to import moto and its patches
    await waitUntilUp(endpoint, child, 80_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  const env = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: MOTO_REGION,
    AWS_DEFAULT_REGION: MOTO_REGION,
  };
  return {
    endpoint,
    env,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * `describe` for the integration tier: starts moto before the block, points this process's
 * AWS SDK at it (endpoint, dummy credentials, region; previous values restored afterwards)
 * and stops it after the block. `moto()` returns the running server inside tests.
 */
export function describeWithMoto(name: string, body: (moto: () => MotoServer) => void): void {
  const availability = motoAvailable();
  if (!availability.ok) {
    if (process.env.CI === 'true' || process.env.CI === '1') {
      describe(name, () => {
        beforeAll(() => {
          throw new Error(`integration tier required under CI=true: ${availability.reason}`);
        });
        body(() => {
          throw new Error('moto is not running');
        });
      });
      return;
    }
    console.warn(`[integration] skipping "${name}": ${availability.reason}`);
    describe.skip(name, () => body(() => {
      throw new Error('moto is not running');
    }));
    return;
  }
  describe(name, () => {
    let server: MotoServer | undefined;
    const saved: Record<string, string | undefined> = {};
    beforeAll(async () => {
      server = await startMoto();
      for (const [key, value] of Object.entries(server.env)) {
        saved[key] = process.env[key];
        process.env[key] = value;
      }
    }, 90_000);
    afterAll(async () => {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      await server?.stop();
    });
    body(() => {
      if (!server) throw new Error('moto is not running yet (use it inside a test or hook)');
      return server;
    });
  });
}
