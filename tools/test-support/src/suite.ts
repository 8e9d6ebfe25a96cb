import { afterAll, beforeAll, beforeEach } from 'vitest'

/**
 * The verifying server of one test file: started before its tests, closed after them, and reset
 * (requests, routes and flaky keys forgotten) before each. The object is filled in once the server
 * has started, so read it inside tests and hooks, not at the top of the file.
 */
export function serverForSuite<Server extends { reset(): void; close(): unknown }>(start: () => Promise<Server>): Server {
  const server = {} as Server
  beforeAll(async () => {
    Object.assign(server, await start())
  })
  // Optional: after a start that failed, its own error is the one to see.
  afterAll(() => server.close?.())
  beforeEach(() => server.reset())
  return server
}
