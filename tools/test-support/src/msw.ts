import type { HttpHandler } from 'msw'
import { HttpResponse, http } from 'msw'
import type { VerifyingResponder } from './verifying.ts'

/** An msw handler that answers every request to `origin` as the loopback server would, through `responder`. */
export function verifyingHandler(origin: string, responder: VerifyingResponder): HttpHandler {
  return http.all(`${origin}/*`, async ({ request }) => {
    const answer = await responder.handle(request.method, new URL(request.url), new Headers(request.headers), await request.text())
    return new HttpResponse(answer.body || null, { status: answer.status, ...(answer.headers ? { headers: answer.headers } : {}) })
  })
}
