import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { createServer as createNetServer } from 'node:net'
import type { Received, Respond, VerifyingOptions } from './verifying.ts'
import { VerifyingResponder } from './verifying.ts'

/** A running {@link startVerifyingServer}. */
export interface VerifyingServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  /** `https://127.0.0.1:PORT`: the same port, when the server is `dual`. */
  secureOrigin: string
  /** Every request received, in order, with its verification. */
  requests: Received[]
  /** Answers `path` (a pathname) with `answer` instead of the verification result. */
  route(path: string, answer: Respond): void
  /** Forgets the requests, routes and flaky keys (not the nonces). */
  reset(): void
  close(): Promise<void>
}

/**
 * A real HTTP server on 127.0.0.1 (port 0) that verifies and records every request: see
 * {@link VerifyingResponder} for its answers. With `dual`, the same port also speaks TLS with a
 * self-signed certificate (`fixtures/`): `https://127.0.0.1:PORT` and `http://127.0.0.1:PORT` are
 * then two origins on one host and port.
 */
export async function startVerifyingServer(options: VerifyingOptions & { dual?: boolean }): Promise<VerifyingServer> {
  const responder = new VerifyingResponder(options)
  let port = 0

  async function handle(scheme: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item)
    }
    const url = new URL(request.url ?? '/', `${scheme}://127.0.0.1:${port}`)
    const answer = await responder.handle(request.method ?? 'GET', url, headers, Buffer.concat(chunks).toString('utf8'))
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body)
  }

  const plain = createHttpServer((request, response) => void handle('http', request, response))
  const secure = createHttpsServer(
    {
      key: readFileSync(new URL('../fixtures/loopback-key.pem', import.meta.url)),
      cert: readFileSync(new URL('../fixtures/loopback-cert.pem', import.meta.url)),
    },
    (request, response) => void handle('https', request, response),
  )
  plain.keepAliveTimeout = secure.keepAliveTimeout = 1000
  const sockets = new Set<Socket>()
  // One port for both schemes: a TLS handshake starts with the byte 0x16, plain HTTP with a method name.
  const server = createNetServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null
      if (first === null) return
      socket.unshift(first)
      ;(first[0] === 0x16 && options.dual ? secure : plain).emit('connection', socket)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  return {
    origin: `http://127.0.0.1:${port}`,
    secureOrigin: `https://127.0.0.1:${port}`,
    requests: responder.requests,
    route: (path, answer) => responder.route(path, answer),
    reset: () => responder.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
