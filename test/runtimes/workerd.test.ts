// The core, @oauthkit/fetch and @oauthkit/server on workerd (Cloudflare's runtime): see suite.ts for the cases.
import { runtimeSuite } from './suite.ts'

// The host's files are refused; a path under /tmp is the worker's own /tmp, whose directories have
// mode 666, which the store refuses (a clone of the repository may well be under /tmp).
runtimeSuite('workerd', { fileTokenStoreRefused: /operation not permitted, mkdir|every user can write to / })
