import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { Recorder } from './recorder.ts'

/** The same recorder behind msw: every client is intercepted, and an unhandled request is an error. */
export const MSW_ORIGIN = 'http://contract.msw.test'

export function startMockedServer(): { origin: string; recorder: Recorder; close(): void } {
  const recorder = new Recorder()
  const server = setupServer(
    http.all(`${MSW_ORIGIN}/*`, async ({ request }) => {
      const answer = await recorder.handle(request.method, request.url, new Headers(request.headers), await request.text())
      return new HttpResponse(answer.body || null, { status: answer.status, headers: answer.headers })
    }),
  )
  server.listen({ onUnhandledFrame: 'error' })
  return { origin: MSW_ORIGIN, recorder, close: () => server.close() }
}
