import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** @internal A one-shot HTTP server on 127.0.0.1 that waits for the provider's redirect to /callback. */
export interface CallbackServer {
  /** `http://127.0.0.1:PORT/callback` */
  url: string
  /** The full URL the browser came back to. */
  received: Promise<URL>
  close(): Promise<void>
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>oauthkit</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3em"><h1>oauthkit</h1>
<p>The authorization reached the command line. You can close this window.</p></body></html>
`

/** @internal Starts the server; `timeoutMs` later, `received` rejects. */
export async function startCallbackServer(timeoutMs: number): Promise<CallbackServer> {
  let resolveReceived!: (url: URL) => void
  let rejectReceived!: (error: Error) => void
  const received = new Promise<URL>((resolve, reject) => {
    resolveReceived = resolve
    rejectReceived = reject
  })
  let done = false
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`)
    if (request.method !== 'GET' || url.pathname !== '/callback' || done) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
      return
    }
    done = true
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE)
    resolveReceived(url)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  const timer = setTimeout(() => rejectReceived(new Error(`no authorization came back within ${timeoutMs / 1000} s`)), timeoutMs)
  received.catch(() => {})
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
