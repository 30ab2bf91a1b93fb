/** Ports for the listen-capture tests: a port the OS says is free, and a check that it still is. */
import { createServer, type AddressInfo } from 'node:net';

function bind(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    // no host: "::" with IPv4 mapped, so any earlier bind of the port on any address conflicts
    server.listen(port, () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port nothing listens on right now (call before listen() is intercepted, or after release). */
export const freePort = (): Promise<number> => bind(0);

/** Resolves true when `port` can still be bound (nobody opened it), false on EADDRINUSE. Needs the real listen(). */
export async function portIsFree(port: number): Promise<boolean> {
  try {
    await bind(port);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return false;
    throw error;
  }
}
