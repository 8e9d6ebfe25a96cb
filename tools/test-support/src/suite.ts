import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { VerifyingServer } from './loopback.ts'

/**
 * The verifying server of one test file: started before its tests, closed after them, and reset
 * (requests, routes and flaky keys forgotten) before each. The object is filled in once the server
 * has started, so read it inside tests and hooks, not at the top of the file.
 */
export function serverForSuite<Server extends VerifyingServer>(start: () => Promise<Server>): Server {
  const server = {} as Server
  beforeAll(async () => {
    Object.assign(server, await start())
  })
  afterAll(() => server.close())
  beforeEach(() => server.reset())
  return server
}
