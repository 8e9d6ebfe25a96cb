// The runtime tests' server in Bun: the harness on a loopback port, which it prints for the Node side.
import { handle } from './harness.ts'

declare const Bun: { serve(options: { hostname: string; port: number; fetch: (request: Request) => Promise<Response> }): { port: number } }

const { port } = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handle })
// Where @oauthkit/core came from: the Node side checks it is the build.
console.log(`listening ${port} ${import.meta.resolve('@oauthkit/core')}`)
