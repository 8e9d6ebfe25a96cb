"""An OAuth 1.0a protected HTTP server backed by oauthlib, for oauthkit's interop tests.

Every request, whatever its method and path, is verified by oauthlib (python3-oauthlib 3.2.2):
``ResourceEndpoint`` when it carries an ``oauth_token``, ``SignatureOnlyEndpoint`` when it does
not (two-legged). The answer is JSON: 200 with what oauthlib verified, or 401 with the reason.

Usage (run with the system interpreter, /usr/bin/python3, where python3-oauthlib is installed)::

    /usr/bin/python3 server.py --now 1700000000 [--exit-on-stdin-eof] < config.json

The first line of stdin is the JSON configuration::

    {"clients": {"<consumer key>": {"secret": "...", "rsaPublicKey": "-----BEGIN PUBLIC KEY-----..."}},
     "tokens": {"<token>": {"client": "<consumer key>", "secret": "..."}},
     "timestampLifetime": 600}

oauthlib compares ``oauth_timestamp`` with ``time.time()``; the server replaces the time source of
oauthlib's endpoint module with the fixed ``--now`` (seconds), so verification never depends on the
wall clock. Nonces are remembered per (consumer, timestamp, nonce, token): a replay is refused.

The first line of stdout is the port (127.0.0.1, chosen by the OS). With ``--exit-on-stdin-eof`` the
server exits when its stdin closes, so it never outlives the process that started it.
"""

import argparse
import json
import os
import string
import sys
import threading
import traceback
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from oauthlib.oauth1 import RequestValidator, ResourceEndpoint, SignatureOnlyEndpoint
from oauthlib.oauth1.rfc5849 import errors as oauth1_errors
from oauthlib.oauth1.rfc5849.endpoints import base as endpoint_base

SAFE_CHARACTERS = set(string.ascii_letters + string.digits + '-._~')
LENGTHS = (1, 200)


class InteropValidator(RequestValidator):
    """A RequestValidator loosened for tests: plain HTTP, wider key and nonce formats."""

    enforce_ssl = False
    safe_characters = SAFE_CHARACTERS
    client_key_length = LENGTHS
    request_token_length = LENGTHS
    access_token_length = LENGTHS
    nonce_length = LENGTHS
    verifier_length = LENGTHS
    dummy_client = 'dummy-client'
    dummy_request_token = 'dummy-request-token'
    dummy_access_token = 'dummy-access-token'

    def __init__(self, config):
        super().__init__()
        self.clients = config.get('clients') or {}
        self.tokens = config.get('tokens') or {}
        self._timestamp_lifetime = int(config.get('timestampLifetime') or 600)
        self._seen = set()
        self._lock = threading.Lock()
        rsa_keys = [client['rsaPublicKey'] for client in self.clients.values() if client.get('rsaPublicKey')]
        # The dummy client of an unknown consumer still needs some RSA key to verify against.
        self._dummy_rsa_key = rsa_keys[0] if rsa_keys else None

    @property
    def timestamp_lifetime(self):
        return self._timestamp_lifetime

    def validate_client_key(self, client_key, request):
        return client_key in self.clients

    def get_client_secret(self, client_key, request):
        client = self.clients.get(client_key) or {}
        return client.get('secret') or 'dummy'

    def get_rsa_key(self, client_key, request):
        client = self.clients.get(client_key) or {}
        key = client.get('rsaPublicKey') or self._dummy_rsa_key
        if key is None:
            raise ValueError('no RSA public key is configured')
        return key

    def _token_secret(self, client_key, token):
        entry = self.tokens.get(token)
        if entry is not None and entry.get('client') == client_key:
            return entry.get('secret') or ''
        return 'dummy'

    def _token_valid(self, client_key, token):
        entry = self.tokens.get(token)
        return entry is not None and entry.get('client') == client_key

    def get_access_token_secret(self, client_key, token, request):
        return self._token_secret(client_key, token)

    def get_request_token_secret(self, client_key, token, request):
        return self._token_secret(client_key, token)

    def validate_access_token(self, client_key, token, request):
        return self._token_valid(client_key, token)

    def validate_request_token(self, client_key, token, request):
        return self._token_valid(client_key, token)

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token or access_token or '')
        with self._lock:
            if key in self._seen:
                request.validator_log['nonce'] = False
                return False
            self._seen.add(key)
        request.validator_log['nonce'] = True
        return True


def describe(error):
    """The message of an oauthlib error (its description is sometimes a tuple)."""
    description = getattr(error, 'description', None)
    if isinstance(description, tuple) and len(description) == 2:
        try:
            return description[0] % description[1]
        except TypeError:
            return ' '.join(str(part) for part in description)
    return str(description or error)


class Verifier:
    def __init__(self, config):
        self.validator = InteropValidator(config)
        self.signature_only = SignatureOnlyEndpoint(self.validator)
        self.resource = ResourceEndpoint(self.validator)

    def verify(self, uri, method, body, headers):
        """Returns (status, JSON payload) for one request."""
        seen = {'method': method, 'uri': uri}
        try:
            probe = self.signature_only._create_request(uri, method, body, headers)
            signature_type = self.signature_only._get_signature_type_and_params(probe)[0]
        except oauth1_errors.OAuth1Error as error:
            return 401, {'valid': False, 'error': 'invalid_request', 'reason': describe(error), 'failed': [], **seen}
        except ValueError as error:
            # oauthlib refuses query strings and bodies that are not strictly percent-encoded.
            return 401, {'valid': False, 'error': 'invalid_request', 'reason': str(error), 'failed': [], **seen}

        seen.update({
            'clientKey': probe.client_key,
            'resourceOwnerKey': probe.resource_owner_key,
            'signatureMethod': probe.signature_method,
            'signatureType': signature_type,
            'realm': probe.realm,
            'nonce': probe.nonce,
            'timestamp': probe.timestamp,
            'verifier': probe.verifier,
            'callback': probe.redirect_uri,
            'oauthParams': probe.oauth_params,
            # What oauthlib signs besides the protocol parameters (it has already removed the header's realm).
            'parameters': [[name, value] for name, value in probe.params if not name.startswith('oauth_')],
        })

        if probe.resource_owner_key:
            seen['endpoint'] = 'resource'
            valid, request = self.resource.validate_protected_resource_request(uri, method, body, headers)
        else:
            seen['endpoint'] = 'signature_only'
            valid, request = self.signature_only.validate_request(uri, method, body, headers)
        if valid:
            return 200, {'valid': True, **seen}

        log = dict(request.validator_log) if request is not None else {}
        failed = [name for name, ok in log.items() if not ok]
        error, reason = 'invalid_request', 'refused by oauthlib'
        if 'nonce' in failed:
            error, reason = 'nonce_used', 'the timestamp and nonce were used before'
        elif failed:
            for name in ('client', 'resource_owner', 'realm', 'signature'):
                if name in failed:
                    error = {'client': 'client_invalid', 'resource_owner': 'token_invalid',
                             'realm': 'realm_invalid', 'signature': 'signature_invalid'}[name]
                    reason = f'oauthlib found these invalid: {", ".join(failed)}'
                    break
        else:
            # Refused before the validator was asked: replay oauthlib's own checks for the reason.
            try:
                self.signature_only._check_transport_security(probe)
                self.signature_only._check_mandatory_parameters(probe)
            except oauth1_errors.OAuth1Error as oauth_error:
                reason = describe(oauth_error)
            else:
                if probe.resource_owner_key and not self.validator.check_access_token(probe.resource_owner_key):
                    error, reason = 'token_invalid', 'the access token has an invalid format'
        return 401, {'valid': False, 'error': error, 'reason': reason, 'failed': failed, **seen}


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'oauthlib-interop/1'
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle plus delayed ACKs cost 40 ms
    # per request on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        pass

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b';', 1)[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b''.join(chunks)
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    def _handle(self):
        try:
            raw = self._read_body()
            uri = f'http://{self.headers.get("Host")}{self.path}'
            headers = dict(self.headers.items())
            status, payload = self.server.verifier.verify(uri, self.command, raw.decode('utf-8', errors='replace'), headers)
        except Exception:  # a bug of this harness, not a verdict of oauthlib
            status, payload = 500, {'valid': False, 'error': 'server_error', 'reason': traceback.format_exc()}
        data = json.dumps(payload).encode('utf-8')
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        if status == 401:
            self.send_header('WWW-Authenticate', 'OAuth realm="oauthlib-interop"')
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--now', type=int, required=True, help='the fixed time oauthlib checks timestamps against (seconds)')
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--exit-on-stdin-eof', action='store_true')
    args = parser.parse_args()

    # oauthlib's endpoints call time.time() from their module: give that module a fixed clock.
    endpoint_base.time = types.SimpleNamespace(time=lambda: float(args.now))

    config = json.loads(sys.stdin.readline() or '{}')
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    server.verifier = Verifier(config)

    if args.exit_on_stdin_eof:
        def watch_stdin():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=watch_stdin, daemon=True).start()

    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
