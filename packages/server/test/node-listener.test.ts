import { request as httpRequest } from 'node:http'
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
