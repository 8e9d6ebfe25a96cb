// The loopback HTTP server of the benchmarks. It answers every request at once, and plays a small
// OAuth 2 authorization server: POST /token counts token requests and issues `fresh-token`;
// /protected answers 200 only to `Authorization: Bearer fresh-token`.
//
// By default it runs in a child process, so that its event loop, its garbage collector and V8's
// helper threads are not those of the clients being measured; `{ isolation: 'worker' }` runs it in a
// worker thread of the benchmark's process instead (how the benchmarks ran before). `{ cpu: 1 }`
// pins the child process to that CPU (Linux `taskset`).
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { isMainThread, parentPort, Worker } from 'node:worker_threads'

/**
 * Starts the server; resolves with its origin and a way to read and reset its counters.
 * @param {{ isolation?: 'process' | 'worker', cpu?: number }} [options]
 */
export async function startServer({ isolation = 'process', cpu } = {}) {
  const channel = isolation === 'worker' ? workerChannel() : processChannel(cpu)
  const origin = await channel.next()
  const ask = (message) => {
    const answer = channel.next()
    channel.send(message)
    return answer
  }
  return {
    origin,
    isolation,
    /** `{ token, protected, refused }`: requests seen since the last reset. */
    counters: () => ask('counters'),
    reset: () => ask('reset'),
    close: () => channel.close(),
  }
}

/** The next message of a worker or child process; its error listener goes with it. */
function nextMessage(emitter) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      emitter.off('message', onMessage)
      reject(error)
    }
    const onMessage = (message) => {
      emitter.off('error', onError)
      resolve(message)
    }
    emitter.once('message', onMessage)
    emitter.once('error', onError)
  })
}

function workerChannel() {
  const worker = new Worker(new URL(import.meta.url))
  return {
    next: () => nextMessage(worker),
    send: (message) => worker.postMessage(message),
    close: () => worker.terminate(),
  }
}

function processChannel(cpu) {
  const file = new URL(import.meta.url).pathname
  const pinned = cpu !== undefined && existsSync('/usr/bin/taskset')
  const child = pinned
    ? fork(file, ['--serve'], { execPath: '/usr/bin/taskset', execArgv: ['-c', String(cpu), process.execPath], stdio: 'inherit' })
    : fork(file, ['--serve'], { stdio: 'inherit' })
  return {
    next: () => nextMessage(child),
    send: (message) => child.send(message),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve)
        child.kill()
      }),
  }
}

function serve(post, onMessage) {
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
  server.listen(0, '127.0.0.1', () => post(`http://127.0.0.1:${server.address().port}`))
  onMessage((message) => {
    if (message === 'reset') Object.assign(counters, { token: 0, protected: 0, refused: 0 })
    post({ ...counters })
  })
}

if (!isMainThread) {
  serve(
    (message) => parentPort.postMessage(message),
    (listener) => parentPort.on('message', listener),
  )
} else if (process.argv.includes('--serve') && process.send !== undefined) {
  serve(
    (message) => process.send(message),
    (listener) => process.on('message', listener),
  )
  process.on('disconnect', () => process.exit(0))
}
