// The CommonJS build: require('@oauthkit/axios') is { withOAuth }, and it signs with axios's CJS build.
// The builds of core and axios come from the global setup (test/setup/build.ts), which builds every
// package whose dist/ is missing or stale once, before any test runs.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { TestServer } from './server.ts'
import { CONSUMER, NOW_SECONDS, startServer, TOKEN } from './server.ts'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('..', import.meta.url))

let server: TestServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.close())

const script = `
const { oauth1 } = require('@oauthkit/core')
const axios = require('axios')
const oauthkitAxios = require('@oauthkit/axios')
const { withOAuth } = oauthkitAxios
const signer = oauth1(${JSON.stringify({ consumerKey: CONSUMER.key, consumerSecret: CONSUMER.secret, token: TOKEN.token, tokenSecret: TOKEN.secret, timestamp: NOW_SECONDS, nonce: 'cjs-nonce' })})
const instance = axios.create({ baseURL: process.argv[1], validateStatus: () => true })
withOAuth(instance, signer, { placement: 'query' })
instance.get('/cjs', { params: { ids: [1, 2] } }).then((response) => {
  process.stdout.write(JSON.stringify({ keys: Object.keys(oauthkitAxios), type: typeof withOAuth, status: response.status }))
})
`

test("require('@oauthkit/axios') gives { withOAuth } without .default, and the build signs", async () => {
  // Run from the package directory, where Node resolves the package's own name to its exports.
  const { stdout } = await run(process.execPath, ['-e', script, server.origin], { cwd: packageDir })
  expect(JSON.parse(stdout)).toEqual({ keys: ['withOAuth'], type: 'function', status: 200 })
  expect(server.requests.map((received) => [received.problem, received.verified?.location, received.verified?.nonce])).toEqual([
    [undefined, 'query', 'cjs-nonce'],
  ])
})
