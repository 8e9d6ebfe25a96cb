// The core, @oauthkit/fetch and @oauthkit/server on workerd (Cloudflare's runtime): see suite.ts for the cases.
import { runtimeSuite } from './suite.ts'

// The host's files are out of a worker's reach.
runtimeSuite('workerd', { fileTokenStoreRefused: /operation not permitted, mkdir/ })
