// The core, @oauthkit/fetch and @oauthkit/server on deno: see suite.ts for the cases.
import { runtimeSuite } from './suite.ts'

runtimeSuite('deno', {})
