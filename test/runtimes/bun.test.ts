// The core, @oauthkit/fetch and @oauthkit/server on bun: see suite.ts for the cases.
import { runtimeSuite } from './suite.ts'

runtimeSuite('bun', {})
