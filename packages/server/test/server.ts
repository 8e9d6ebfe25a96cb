import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { NodeListenerOptions } from '@oauthkit/server'
import { nodeListener } from '@oauthkit/server'

/** A real node:http server on 127.0.0.1 serving a Web handler through nodeListener. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  close(): Promise<void>
}

export async function serve(handler: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): Promise<RunningServer> {
  const server = createServer(nodeListener(handler, options))
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** fetch that does not follow redirects: the dance reads the 302 of the authorization endpoint itself. */
export const send = (request: Request): Promise<Response> => fetch(request, { redirect: 'manual' })
