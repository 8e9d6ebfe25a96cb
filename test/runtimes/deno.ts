// The runtime tests' server in Deno: the harness on a loopback port, printed for the Node side with
// where @oauthkit/core came from (the Node side checks it is the build).
import { handle } from './harness.ts'

declare const Deno: {
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown
}

Deno.serve(
  { hostname: '127.0.0.1', port: 0, onListen: ({ port }) => console.log(`listening ${port} ${import.meta.resolve('@oauthkit/core')}`) },
  handle,
)
