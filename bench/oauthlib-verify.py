"""oauthlib's side of bench/verify.mjs: signs the benchmark's requests with ``oauth1.Client`` and
times ``ResourceEndpoint.validate_protected_resource_request`` verifying them.

Usage: ``/usr/bin/python3 bench/oauthlib-verify.py --now 1700000000`` (the system interpreter, where
python3-oauthlib is). It reads JSON lines on stdin and answers each with one JSON line on stdout:

- ``{"sign": [case, ...], "clients": {...}, "tokens": {...}}`` (cases as test/interop/oauthlib/sign.py
  takes them, clients and tokens as server.py's configuration): signs every case and answers the
  signed requests, ``[{"id", "method", "uri", "headers", "body"}, ...]``; they are kept for the rounds.
- ``{"round": {"timeMs": 400, "warmupMs": 100, "batch": 64}}``: verifies the signed requests in turn,
  ``batch`` per sample, for ``timeMs``; answers ``{"medianNs": ..., "samples": ..., "verified": ...}``,
  the median time of one verification. The nonces are forgotten each time the requests start over
  (a fresh store per pass, as on oauthkit's side), and every verification must succeed.

It exits when its stdin closes.
"""

import argparse
import json
import os
import statistics
import sys
import time
import types

# The interop tests' provider validator and signing helper: the bench verifies what those tests verify.
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
sys.path.insert(0, os.path.join(ROOT, 'test', 'interop', 'oauthlib'))
sys.path.insert(0, os.path.join(ROOT, 'tools', 'test-support', 'oauthlib'))

from oauthlib.oauth1 import ResourceEndpoint  # noqa: E402
from oauthlib.oauth1.rfc5849.endpoints import base as endpoint_base  # noqa: E402
from provider import ProviderValidator  # noqa: E402
from sign import sign  # noqa: E402


class Bench:
    def __init__(self):
        self.validator = None
        self.endpoint = None
        self.requests = []
        self.next = 0

    def sign(self, message):
        signed = [sign(case) for case in message['sign']]
        self.validator = ProviderValidator({'clients': message.get('clients'), 'tokens': message.get('tokens')})
        self.endpoint = ResourceEndpoint(self.validator)
        self.requests = [(r['uri'], r['method'], r['body'], r['headers']) for r in signed]
        return signed

    def verify_one(self):
        if self.next == len(self.requests):
            self.next = 0
            self.validator._seen.clear()
        uri, method, body, headers = self.requests[self.next]
        self.next += 1
        valid, _ = self.endpoint.validate_protected_resource_request(uri, method, body, headers)
        if not valid:
            raise RuntimeError(f'oauthlib refused request {self.next - 1}')

    def round(self, spec):
        batch = int(spec.get('batch', 64))
        clock = time.perf_counter_ns
        warmup_end = clock() + int(spec.get('warmupMs', 100)) * 1_000_000
        while clock() < warmup_end:
            self.verify_one()
        samples = []
        end = clock() + int(spec.get('timeMs', 400)) * 1_000_000
        while clock() < end or len(samples) < 5:
            start = clock()
            for _ in range(batch):
                self.verify_one()
            samples.append((clock() - start) / batch)
        return {'medianNs': statistics.median(samples), 'samples': len(samples), 'verified': len(samples) * batch}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--now', type=int, required=True, help='the fixed time oauthlib checks timestamps against (seconds)')
    args = parser.parse_args()
    # oauthlib's endpoints call time.time() from their module: give that module a fixed clock.
    endpoint_base.time = types.SimpleNamespace(time=lambda: float(args.now))

    bench = Bench()
    for line in sys.stdin:
        message = json.loads(line)
        answer = bench.sign(message) if 'sign' in message else bench.round(message['round'])
        sys.stdout.write(json.dumps(answer) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
