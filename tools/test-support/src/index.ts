export { listenOnLoopback } from './listen.ts'
export type { VerifyingServer } from './loopback.ts'
export { startVerifyingServer } from './loopback.ts'
export { verifyingHandler } from './msw.ts'
export type {
  Oauthlib,
  OauthlibAccepted,
  OauthlibClient,
  OauthlibOptions,
  OauthlibRefused,
  OauthlibToken,
  OauthlibUser,
  OauthlibVerdict,
} from './oauthlib.ts'
export { PYTHON, startOauthlib } from './oauthlib.ts'
export { serverForSuite } from './suite.ts'
export type { Answer, Credentials, Received, Respond, VerifyingOptions } from './verifying.ts'
export { carriesCredentials, countedSigner, credentialsIn, NOW_SECONDS, sortedPairs, VerifyingResponder } from './verifying.ts'
