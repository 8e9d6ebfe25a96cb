import { createServer } from 'node:http'
import type { NodeListenerOptions } from '@oauthkit/server'
import { nodeListener } from '@oauthkit/server'
import { listenOnLoopback } from '@oauthkit/test-support'

/** A real node:http server on 127.0.0.1 serving a Web handler through nodeListener. */
export interface RunningServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  close(): Promise<void>
}

export async function serve(handler: (request: Request) => Promise<Response>, options: NodeListenerOptions = {}): Promise<RunningServer> {
  return listenOnLoopback(createServer(nodeListener(handler, options)))
}

/** fetch that does not follow redirects: the dance reads the 302 of the authorization endpoint itself. */
export const send = (request: Request): Promise<Response> => fetch(request, { redirect: 'manual' })
