import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Starts `server` on a free loopback port. `close` ends the open (keep-alive) connections too, so a
 * suite's teardown does not wait for clients to let go.
 */
export async function listenOnLoopback(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
