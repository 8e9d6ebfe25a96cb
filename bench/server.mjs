// The loopback HTTP server of the benchmarks, in a worker thread so that its work runs beside the
// clients' instead of on their event loop. It answers every request at once, and plays a small OAuth 2
// authorization server: POST /token counts token requests and issues `fresh-token`; /protected
// answers 200 only to `Authorization: Bearer fresh-token`.
import { createServer } from 'node:http'
import { isMainThread, parentPort, Worker } from 'node:worker_threads'

/** Starts the server in a worker; resolves with its origin and a way to read and reset its counters. */
export async function startServer() {
  const worker = new Worker(new URL(import.meta.url))
  const origin = await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  const ask = (message) =>
    new Promise((resolve) => {
      worker.once('message', resolve)
      worker.postMessage(message)
    })
  return {
    origin,
    /** `{ token, protected, refused }`: requests seen since the last reset. */
    counters: () => ask('counters'),
    reset: () => ask('reset'),
    close: () => worker.terminate(),
  }
}

if (!isMainThread) {
  const counters = { token: 0, protected: 0, refused: 0 }
  const server = createServer((request, response) => {
    if (request.url === '/token' && request.method === 'POST') {
      counters.token++
      request.resume().on('end', () => {
        const body = JSON.stringify({ access_token: 'fresh-token', token_type: 'Bearer', expires_in: 3600, refresh_token: 'refresh-2' })
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body)
      })
      return
    }
    if (request.url?.startsWith('/protected')) {
      if (request.headers.authorization !== 'Bearer fresh-token') {
        counters.refused++
        response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end()
        return
      }
      counters.protected++
    }
    request.resume().on('end', () => response.writeHead(200, { 'content-type': 'text/plain' }).end('ok'))
  })
  server.keepAliveTimeout = 60_000
  server.listen(0, '127.0.0.1', () => parentPort.postMessage(`http://127.0.0.1:${server.address().port}`))
  parentPort.on('message', (message) => {
    if (message === 'reset') Object.assign(counters, { token: 0, protected: 0, refused: 0 })
    parentPort.postMessage({ ...counters })
  })
}
