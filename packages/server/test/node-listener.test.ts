import { request as httpRequest } from 'node:http'
import { connect } from 'node:net'
import type { NodeRequestLike, NodeResponseLike } from '@oauthkit/server'
import { nodeListener } from '@oauthkit/server'
import { afterEach, describe, expect, test } from 'vitest'
import type { RunningServer } from './server.ts'
import { serve } from './server.ts'

let server: RunningServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const echo = async (request: Request): Promise<Response> =>
  Response.json({
    url: request.url,
    method: request.method,
    contentType: request.headers.get('content-type'),
    accept: request.headers.get('accept'),
    body: request.body === null ? null : await request.text(),
  })

describe('nodeListener()', () => {
  test('a node request becomes a Web Request: URL from Host, method, headers, body', async () => {
    server = await serve(echo)
    const response = await fetch(`${server.origin}/path?q=a%20b`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'a, b' },
      body: 'x=1&y=%C3%A9',
    })
    expect(await response.json()).toEqual({
      url: `${server.origin}/path?q=a%20b`,
      method: 'POST',
      contentType: 'application/x-www-form-urlencoded',
      accept: 'a, b',
      body: 'x=1&y=%C3%A9',
    })
    const get = await fetch(`${server.origin}/`)
    expect(await get.json()).toMatchObject({ method: 'GET', body: null })
  })

  test('origin: the public origin clients signed against (behind a proxy)', async () => {
    server = await serve(echo, { origin: 'https://api.example.com/' })
    const response = await fetch(`${server.origin}/oauth/request_token?a=1`)
    expect((await response.json()).url).toBe('https://api.example.com/oauth/request_token?a=1')
  })

  test('the Web Response goes out whole: status, headers, every Set-Cookie, bytes', async () => {
    server = await serve(async () => {
      const headers = new Headers({ 'x-one': '1', 'content-type': 'application/octet-stream' })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/')
      return new Response(new Uint8Array([0, 255, 10, 13]), { status: 418, headers })
    })
    const response = await fetch(`${server.origin}/`)
    expect(response.status).toBe(418)
    expect(response.headers.get('x-one')).toBe('1')
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 255, 10, 13])
  })

  test('a body sent in several chunks arrives whole', async () => {
    server = await serve(echo)
    const { port } = new URL(server.origin)
    const text = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, method: 'PUT', path: '/', headers: { 'content-type': 'text/plain' } },
        (response) => {
          let data = ''
          response.setEncoding('utf8')
          response.on('data', (chunk: string) => {
            data += chunk
          })
          response.on('end', () => resolve(data))
        },
      )
      request.on('error', reject)
      request.write('first ')
      request.write('second ')
      request.end('third')
    })
    expect(JSON.parse(text).body).toBe('first second third')
  })

  test('a body over maxBodyBytes: 413, and the handler is not called', async () => {
    let called = 0
    server = await serve(
      async (request) => {
        called++
        return echo(request)
      },
      { maxBodyBytes: 10 },
    )
    expect((await fetch(`${server.origin}/`, { method: 'POST', body: '0123456789' })).status).toBe(200)
    expect((await fetch(`${server.origin}/`, { method: 'POST', body: '0123456789A' })).status).toBe(413)
    expect(called).toBe(1)
  })

  test('a handler that throws: an empty 500, and the error goes to onError', async () => {
    const errors: unknown[] = []
    server = await serve(() => Promise.reject(new Error('boom')), { onError: (error) => errors.push(error) })
    const response = await fetch(`${server.origin}/`)
    expect(response.status).toBe(500)
    expect(await response.text()).toBe('')
    expect(errors).toEqual([new Error('boom')])
  })

  test('under an express mount path, the full original URL is used (the one the client signed)', async () => {
    let seen = ''
    const listener = nodeListener(async (request) => {
      seen = request.url
      return new Response(null, { status: 204 })
    })
    const request: NodeRequestLike = {
      method: 'GET',
      url: '/request_token?a=1',
      originalUrl: '/oauth/request_token?a=1',
      headers: { host: 'api.example.com' },
      async *[Symbol.asyncIterator]() {},
    }
    const response: NodeResponseLike = { statusCode: 200, setHeader: () => undefined, end: () => undefined }
    await listener(request, response)
    expect(seen).toBe('http://api.example.com/oauth/request_token?a=1')
    expect(response.statusCode).toBe(204)
  })

  test('as express middleware: an error goes to next()', async () => {
    const listener = nodeListener(() => Promise.reject(new Error('boom')))
    const written: { status?: number; ended: boolean } = { ended: false }
    const request: NodeRequestLike = { method: 'GET', url: '/', headers: { host: 'x.test' }, async *[Symbol.asyncIterator]() {} }
    const response: NodeResponseLike = {
      statusCode: 200,
      headersSent: false,
      setHeader: () => undefined,
      end: () => {
        written.ended = true
      },
    }
    const nexted: unknown[] = []
    await listener(request, response, (error) => nexted.push(error))
    expect(response.statusCode).toBe(500)
    expect(written.ended).toBe(true)
    expect(nexted).toEqual([new Error('boom')])
  })
})

/** Sends `head` as it is over a loopback socket (nothing normalises it) and reads the whole answer. */
function raw(origin: string, head: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(origin)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(`${head}\r\nConnection: close\r\n\r\n`))
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => {
      data += chunk
    })
    socket.on('error', reject)
    socket.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1])
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) })
    })
  })
}

describe('nodeListener(): the URL is the request target on a checked host', () => {
  const seen: string[] = []
  const recorder = async (request: Request): Promise<Response> => {
    seen.push(request.url)
    return new Response(request.url)
  }
  afterEach(() => {
    seen.length = 0
  })

  test('a Host that carries a path, query or userinfo is a 400 and never reaches the handler (a proxy filtering by path is not bypassed)', async () => {
    server = await serve(recorder)
    for (const host of [
      'api.example.com/internal/secret?',
      'api.example.com\\internal\\secret?',
      'api.example.com#',
      'user@api.example.com',
      'api.example.com:80@evil.example',
      'api.example.com:8080/x',
      'api.example.com:port',
      'api.example.com:123456',
      '[::1',
      '[not-an-address]',
      '',
    ]) {
      const response = await raw(server.origin, `GET /public HTTP/1.1\r\nHost: ${host}`)
      expect([host, response.status, response.body]).toEqual([host, 400, 'Bad Request: the Host header is not a host and an optional port'])
    }
    expect(seen).toEqual([])
  })

  test('a host, a host and port, an IPv4 address or a bracketed IPv6 address is accepted; path and query are the target', async () => {
    server = await serve(recorder)
    for (const [host, url] of [
      ['api.example.com', 'http://api.example.com/public?a=1&b=%2F'],
      ['API.example.com:8080', 'http://api.example.com:8080/public?a=1&b=%2F'],
      ['10.0.0.1:80', 'http://10.0.0.1/public?a=1&b=%2F'],
      ['[::1]:8443', 'http://[::1]:8443/public?a=1&b=%2F'],
      ['internal_name', 'http://internal_name/public?a=1&b=%2F'],
    ] as const) {
      expect(await raw(server.origin, `GET /public?a=1&b=%2F HTTP/1.1\r\nHost: ${host}`)).toEqual({ status: 200, body: url })
    }
    // A path that begins like an authority stays a path.
    expect(await raw(server.origin, 'GET //evil.example/x HTTP/1.1\r\nHost: api.example.com')).toEqual({
      status: 200,
      body: 'http://api.example.com//evil.example/x',
    })
  })

  test('an absolute-form target: its host is checked and used (RFC 9112 3.2.2), the Host header ignored', async () => {
    server = await serve(recorder)
    expect(await raw(server.origin, 'GET http://api.example.com:8080/a?b=1 HTTP/1.1\r\nHost: other.example')).toEqual({
      status: 200,
      body: 'http://api.example.com:8080/a?b=1',
    })
    for (const target of ['http://user:pass@api.example.com/a', 'ftp://api.example.com/a', 'http://[::1/a']) {
      const response = await raw(server.origin, `GET ${target} HTTP/1.1\r\nHost: api.example.com`)
      expect([target, response.status]).toEqual([target, 400])
    }
    expect(seen).toEqual(['http://api.example.com:8080/a?b=1'])
  })

  test('a target that is neither a path nor an absolute http(s) URL is a 400', async () => {
    server = await serve(recorder)
    const response = await raw(server.origin, 'OPTIONS * HTTP/1.1\r\nHost: api.example.com')
    expect(response).toEqual({ status: 400, body: 'Bad Request: the request target is not a path or an absolute http(s) URL' })
    expect(seen).toEqual([])
  })

  test('a target with a . or .. segment, raw, percent-encoded or after a backslash, is a 400 (a proxy filtering by path is not bypassed)', async () => {
    server = await serve(recorder)
    for (const target of [
      '/public/../internal/secret',
      '/public/%2e%2E/internal',
      '/public/.%2e/internal',
      '/public\\..\\internal',
      '/public/./x',
      '/public/..',
      '/public/..?q=1',
      'http://api.example.com/public/../internal',
    ]) {
      const response = await raw(server.origin, `GET ${target} HTTP/1.1\r\nHost: api.example.com`)
      expect(response, target).toEqual({ status: 400, body: 'Bad Request: the request target has a . or .. segment' })
    }
    expect(seen).toEqual([])
    // Dots that are not a whole segment, and dots in the query, are a path like any other.
    for (const target of ['/files/a..b/.well-known/x...y', '/public?path=../x']) {
      expect((await raw(server.origin, `GET ${target} HTTP/1.1\r\nHost: api.example.com`)).status, target).toBe(200)
    }
  })

  test('with origin, the Host header is not used at all; an absolute-form target gives only its path and query', async () => {
    server = await serve(recorder, { origin: 'https://api.example.com' })
    expect(await raw(server.origin, 'GET /public?a=1 HTTP/1.1\r\nHost: evil.example/internal?')).toEqual({
      status: 200,
      body: 'https://api.example.com/public?a=1',
    })
    expect(await raw(server.origin, 'GET http://evil.example/public?a=1 HTTP/1.1\r\nHost: api.example.com')).toEqual({
      status: 200,
      body: 'https://api.example.com/public?a=1',
    })
  })
})
