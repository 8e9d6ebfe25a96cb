import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Recorder } from './recorder.ts'

/** A real HTTP server on 127.0.0.1 that verifies and records every request. */
export interface LoopbackServer {
  /** `http://127.0.0.1:PORT` */
  origin: string
  recorder: Recorder
  close(): Promise<void>
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
  const recorder = new Recorder()
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) {
      for (const item of Array.isArray(value) ? value : [value ?? '']) headers.append(name, item)
    }
    const { port } = server.address() as AddressInfo
    const answer = await recorder.handle(
      request.method ?? 'GET',
      `http://127.0.0.1:${port}${request.url}`,
      headers,
      Buffer.concat(chunks).toString('utf8'),
    )
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body)
  })
  server.keepAliveTimeout = 1000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    recorder,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
