"""An OAuth 1.0a provider backed by oauthlib, for oauthkit's interop tests.

Routes (python3-oauthlib 3.2.2 endpoints, a fixed clock, deterministic tokens):

- ``POST /oauth/request_token``: ``RequestTokenEndpoint``. The answer echoes the other parameters it
  signed in ``x_signed_parameters`` (form-encoded). For a consumer configured as ``legacy`` it leaves
  out ``oauth_callback_confirmed`` (a provider of OAuth 1.0, not 1.0a).
- ``GET /oauth/authorize?oauth_token=…&user=<name>[&decision=deny]``: the user's approval, scripted:
  ``AuthorizationEndpoint`` redirects (302) to the callback with ``oauth_token`` and
  ``oauth_verifier``, or answers them form-encoded (200) for ``oob``. ``decision=deny`` redirects to
  the callback with ``denied=<token>``, as X (Twitter) does.
- ``POST /oauth/access_token``: ``AccessTokenEndpoint``; the answer carries the user's ``user_id``
  and ``screen_name``. With ``x_auth_mode=client_auth`` in the body it is xAuth instead: the
  consumer's signature is checked by ``SignatureOnlyEndpoint`` and the username and password by the
  provider, for consumers configured with ``xauth``.
- ``/resource`` (any method): ``ResourceEndpoint``; 200 with JSON naming the user.
- ``POST /admin/revoke?token=…``: revokes an access token (unsigned; a test hook).
- any other path, any method: a verdict. oauthlib verifies the request (``ResourceEndpoint`` when it
  carries an ``oauth_token``, ``SignatureOnlyEndpoint`` when it does not) and the answer is JSON: 200
  with what oauthlib parsed and verified, or 401 with the reason.

The token endpoints and ``/resource`` refuse with an OAuth Problem Reporting report: the token
endpoints form-encoded in the body (with a bare ``WWW-Authenticate: OAuth realm="provider"``), the
resource in the ``WWW-Authenticate`` challenge. A timestamp further than ``timestampLifetime`` from
``--now`` is refused there with ``timestamp_refused`` and ``oauth_acceptable_timestamps``.

Usage (with /usr/bin/python3, where python3-oauthlib is installed)::

    /usr/bin/python3 provider.py --now 1700000000 [--exit-on-stdin-eof] < config.json

The first line of stdin is the JSON configuration::

    {"clients": {"<key>": {"secret": "...", "rsaPublicKey": "...", "legacy": false, "xauth": true}},
     "tokens": {"<access token>": {"client": "<consumer key>", "secret": "..."}},
     "users": {"<name>": {"password": "...", "userId": "...", "screenName": "..."}},
     "timestampLifetime": 600}

oauthlib compares ``oauth_timestamp`` with ``time.time()``; the provider replaces the time source of
oauthlib's endpoint module with the fixed ``--now`` (seconds), so verification never depends on the
wall clock. Nonces are remembered per (consumer, timestamp, nonce, token): a replay is refused.

The first line of stdout is the port (127.0.0.1, chosen by the OS). With ``--exit-on-stdin-eof`` the
provider exits when its stdin closes, so it never outlives the process that started it.
"""

import argparse
import itertools
import json
import os
import string
import sys
import threading
import traceback
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from oauthlib.common import add_params_to_uri
from oauthlib.oauth1 import (AccessTokenEndpoint, AuthorizationEndpoint, RequestTokenEndpoint, RequestValidator,
                             ResourceEndpoint, SignatureOnlyEndpoint)
from oauthlib.oauth1.rfc5849 import errors as oauth1_errors
from oauthlib.oauth1.rfc5849.endpoints import base as endpoint_base

SAFE_CHARACTERS = set(string.ascii_letters + string.digits + '-._~')
LENGTHS = (1, 200)
REALM = 'provider'


class ProviderValidator(RequestValidator):
    """The provider's storage and policy, loosened for tests (plain HTTP, wider formats)."""

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
        self.users = config.get('users') or {}
        self._timestamp_lifetime = int(config.get('timestampLifetime') or 600)
        self.request_tokens = {}
        # Access tokens given in the configuration (for verdicts); the dance adds the ones it issues.
        self.access_tokens = {token: {'client': entry.get('client'), 'secret': entry.get('secret') or '', 'user': None}
                              for token, entry in (config.get('tokens') or {}).items()}
        self.revoked = set()
        self._seen = set()
        self.lock = threading.Lock()
        rsa_keys = [client['rsaPublicKey'] for client in self.clients.values() if client.get('rsaPublicKey')]
        self._dummy_rsa_key = rsa_keys[0] if rsa_keys else None

    @property
    def timestamp_lifetime(self):
        return self._timestamp_lifetime

    # Consumers
    def validate_client_key(self, client_key, request):
        return client_key in self.clients

    def get_client_secret(self, client_key, request):
        return (self.clients.get(client_key) or {}).get('secret') or 'dummy'

    def get_rsa_key(self, client_key, request):
        key = (self.clients.get(client_key) or {}).get('rsaPublicKey') or self._dummy_rsa_key
        if key is None:
            raise ValueError('no RSA public key is configured')
        return key

    # Realms: any
    def check_realms(self, realms):
        return True

    def get_default_realms(self, client_key, request):
        return []

    def validate_requested_realms(self, client_key, realms, request):
        return True

    def get_realms(self, token, request):
        return []

    def verify_realms(self, token, realms, request):
        return True

    def validate_realms(self, client_key, token, request, uri=None, realms=None):
        return True

    # Request tokens
    def validate_redirect_uri(self, client_key, redirect_uri, request):
        return True

    def save_request_token(self, token, request):
        self.request_tokens[token['oauth_token']] = {
            'client': request.client_key,
            'secret': token['oauth_token_secret'],
            'callback': request.redirect_uri,
            'verifier': None,
            'user': None,
        }

    def verify_request_token(self, token, request):
        return token in self.request_tokens

    def save_verifier(self, token, verifier, request):
        self.request_tokens[token]['verifier'] = verifier['oauth_verifier']

    def get_redirect_uri(self, token, request):
        return self.request_tokens[token]['callback']

    def validate_request_token(self, client_key, token, request):
        entry = self.request_tokens.get(token)
        return entry is not None and entry['client'] == client_key

    def get_request_token_secret(self, client_key, token, request):
        entry = self.request_tokens.get(token)
        return entry['secret'] if entry is not None and entry['client'] == client_key else 'dummy'

    def validate_verifier(self, client_key, token, verifier, request):
        entry = self.request_tokens.get(token)
        return entry is not None and entry['user'] is not None and entry['verifier'] == verifier

    def invalidate_request_token(self, client_key, request_token, request):
        self.request_tokens.pop(request_token, None)

    # Access tokens
    def save_access_token(self, token, request):
        user = (self.request_tokens.get(request.resource_owner_key) or {}).get('user') or getattr(request, 'xauth_user', None)
        self.access_tokens[token['oauth_token']] = {'client': request.client_key, 'secret': token['oauth_token_secret'], 'user': user}

    def validate_access_token(self, client_key, token, request):
        entry = self.access_tokens.get(token)
        return entry is not None and entry['client'] == client_key and token not in self.revoked

    def get_access_token_secret(self, client_key, token, request):
        entry = self.access_tokens.get(token)
        return entry['secret'] if entry is not None and entry['client'] == client_key else 'dummy'

    # Nonces
    def validate_timestamp_and_nonce(self, client_key, timestamp, nonce, request, request_token=None, access_token=None):
        key = (client_key, timestamp, nonce, request_token or access_token or '')
        if key in self._seen:
            request.validator_log['nonce'] = False
            return False
        self._seen.add(key)
        request.validator_log['nonce'] = True
        return True


def problem_fields(problem, advice=None, extra=()):
    fields = [('oauth_problem', problem), *extra]
    if advice:
        fields.append(('oauth_problem_advice', advice))
    return fields


def challenge(fields=()):
    parameters = [f'realm="{REALM}"'] + [f'{quote(name, safe="~")}="{quote(value, safe="~")}"' for name, value in fields]
    return 'OAuth ' + ', '.join(parameters)


def describe(error):
    description = getattr(error, 'description', None)
    if isinstance(description, tuple) and len(description) == 2:
        try:
            return description[0] % description[1]
        except TypeError:
            return ' '.join(str(part) for part in description)
    return str(description or error)


class Verdicts:
    """What oauthlib makes of any request: what it parsed, and whether it verified."""

    def __init__(self, validator):
        self.validator = validator
        self.signature_only = SignatureOnlyEndpoint(validator)
        self.resource = ResourceEndpoint(validator)

    def verify(self, uri, method, body, headers):
        """Returns (status, headers, body) for one request."""
        status, payload = self._verify(uri, method, body, headers)
        answer = {'Content-Type': 'application/json'}
        if status == 401:
            answer['WWW-Authenticate'] = 'OAuth realm="oauthlib-interop"'
        return status, answer, json.dumps(payload).encode('utf-8')

    def _verify(self, uri, method, body, headers):
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


# What a failed validator check means, in the words of OAuth Problem Reporting.
FAILED_CHECKS = (
    ('nonce', 'nonce_used'),
    ('client', 'consumer_key_unknown'),
    ('resource_owner', 'token_rejected'),
    ('verifier', 'verifier_invalid'),
    ('signature', 'signature_invalid'),
)


class Provider:
    def __init__(self, config, now):
        self.validator = ProviderValidator(config)
        self.now = now
        counter = itertools.count(1)
        # Deterministic tokens, secrets and verifiers: t0001, t0002, …
        generate = lambda: f't{next(counter):04d}'  # noqa: E731
        self.request_token = RequestTokenEndpoint(self.validator, token_generator=generate)
        self.authorization = AuthorizationEndpoint(self.validator, token_generator=generate)
        self.access_token = AccessTokenEndpoint(self.validator, token_generator=generate)
        self.verdicts = Verdicts(self.validator)
        # The verdicts' endpoints, on the same validator: one of each.
        self.resource = self.verdicts.resource
        self.signature_only = self.verdicts.signature_only
        self.generate = generate

    def _refused(self, place, problem, advice=None, extra=()):
        """A refusal with a problem report: in the body (token endpoints) or in the challenge (resource)."""
        fields = problem_fields(problem, advice, extra)
        if place == 'header':
            body = json.dumps({'valid': False, 'problem': problem}).encode()
            return 401, {'Content-Type': 'application/json', 'WWW-Authenticate': challenge(fields)}, body
        headers = {'Content-Type': 'application/x-www-form-urlencoded', 'WWW-Authenticate': challenge()}
        return 401, headers, urlencode(fields).encode()

    def _probe(self, uri, method, body, headers):
        try:
            return self.signature_only._create_request(uri, method, body, headers)
        except (oauth1_errors.OAuth1Error, ValueError):
            return None

    def _timestamp_refusal(self, probe, place):
        lifetime = self.validator.timestamp_lifetime
        try:
            timestamp = int(probe.timestamp)
        except (TypeError, ValueError):
            return None
        if abs(timestamp - self.now) <= lifetime:
            return None
        window = f'{self.now - lifetime}-{self.now + lifetime}'
        return self._refused(place, 'timestamp_refused', 'the timestamp is outside the accepted window',
                             [('oauth_acceptable_timestamps', window)])

    def _verdict(self, request, place, error=None, token=None):
        if error is not None:
            text = describe(error)
            problem = 'parameter_absent' if 'Missing' in text or 'missing' in text else 'parameter_rejected'
            return self._refused(place, problem, text)
        log = dict(request.validator_log) if request is not None else {}
        for check, problem in FAILED_CHECKS:
            if log.get(check) is False:
                if problem == 'token_rejected' and token in self.validator.revoked:
                    problem = 'token_revoked'
                return self._refused(place, problem)
        return self._refused(place, 'parameter_rejected', 'refused by oauthlib')

    def handle(self, method, uri, body, headers):
        path = urlsplit(uri).path
        query = dict(parse_qsl(urlsplit(uri).query))
        with self.validator.lock:
            if path == '/oauth/authorize':
                return self.authorize(uri, query)
            if path == '/admin/revoke':
                self.validator.revoked.add(query.get('token', ''))
                return 204, {}, b''
            if path not in ('/oauth/request_token', '/oauth/access_token', '/resource'):
                return self.verdicts.verify(uri, method, body, headers)
            place = 'header' if path == '/resource' else 'body'
            probe = self._probe(uri, method, body, headers)
            if probe is not None:
                refusal = self._timestamp_refusal(probe, place)
                if refusal is not None:
                    return refusal
            if path == '/oauth/request_token':
                return self.issue_request_token(uri, method, body, headers, probe)
            if path == '/oauth/access_token':
                content_type = next((value for name, value in headers.items() if name.lower() == 'content-type'), '')
                form = dict(parse_qsl(body)) if 'x-www-form-urlencoded' in content_type else {}
                if 'x_auth_mode' in form:
                    return self.xauth(uri, method, body, headers, form)
                return self.issue_access_token(uri, method, body, headers, probe)
            return self.protected(uri, method, body, headers, probe)

    def issue_request_token(self, uri, method, body, headers, probe):
        client = (self.validator.clients.get(probe.client_key) or {}) if probe is not None else {}
        try:
            request = self.request_token._create_request(uri, method, body, headers)
            valid, request = self.request_token.validate_request_token_request(request)
        except oauth1_errors.OAuth1Error as error:
            return self._verdict(None, 'body', error)
        if not valid:
            return self._verdict(request, 'body')
        # Echoes the other parameters it signed, so that tests see what arrived.
        signed = [(name, value) for name, value in request.params if not name.startswith('oauth_')]
        token = self.request_token.create_request_token(request, {'x_signed_parameters': urlencode(signed)} if signed else {})
        if client.get('legacy'):
            token = urlencode([(name, value) for name, value in parse_qsl(token) if name != 'oauth_callback_confirmed'])
        return 200, {'Content-Type': 'application/x-www-form-urlencoded'}, token.encode()

    def authorize(self, uri, query):
        token = query.get('oauth_token', '')
        entry = self.validator.request_tokens.get(token)
        if entry is None:
            return 400, {'Content-Type': 'text/plain'}, b'unknown request token'
        if query.get('decision') == 'deny':
            location = add_params_to_uri(entry['callback'], [('denied', token)])
            return 302, {'Location': location}, b''
        user = query.get('user', '')
        if user not in self.validator.users:
            return 400, {'Content-Type': 'text/plain'}, b'unknown user'
        headers, body, status = self.authorization.create_authorization_response(uri, http_method='GET')
        entry['user'] = user
        return status, headers, (body or '').encode()

    def credentials(self, user):
        account = self.validator.users.get(user) or {}
        return {'user_id': account.get('userId', ''), 'screen_name': account.get('screenName', user or '')}

    def issue_access_token(self, uri, method, body, headers, probe):
        user = (self.validator.request_tokens.get(probe.resource_owner_key) or {}).get('user') if probe is not None else None
        try:
            request = self.access_token._create_request(uri, method, body, headers)
            valid, request = self.access_token.validate_access_token_request(request)
        except oauth1_errors.OAuth1Error as error:
            return self._verdict(None, 'body', error)
        if not valid:
            return self._verdict(request, 'body')
        token = self.access_token.create_access_token(request, self.credentials(user))
        self.validator.invalidate_request_token(request.client_key, request.resource_owner_key, request)
        return 200, {'Content-Type': 'application/x-www-form-urlencoded'}, token.encode()

    def xauth(self, uri, method, body, headers, form):
        valid, request = self.signature_only.validate_request(uri, method, body, headers)
        if not valid:
            return self._verdict(request, 'body')
        if not (self.validator.clients.get(request.client_key) or {}).get('xauth'):
            return self._refused('body', 'consumer_key_refused', 'xAuth is not enabled for this consumer')
        if form.get('x_auth_mode') != 'client_auth':
            return self._refused('body', 'parameter_rejected', None, [('oauth_parameters_rejected', 'x_auth_mode')])
        user = form.get('x_auth_username', '')
        account = self.validator.users.get(user)
        if account is None or account.get('password') != form.get('x_auth_password'):
            return self._refused('body', 'permission_denied', 'wrong username or password')
        request.xauth_user = user
        request.resource_owner_key = None
        token = {'oauth_token': self.generate(), 'oauth_token_secret': self.generate()}
        token.update(self.credentials(user))
        token['x_auth_expires'] = '0'
        self.validator.save_access_token(token, request)
        return 200, {'Content-Type': 'application/x-www-form-urlencoded'}, urlencode(token).encode()

    def protected(self, uri, method, body, headers, probe):
        try:
            valid, request = self.resource.validate_protected_resource_request(uri, method, body, headers)
        except oauth1_errors.OAuth1Error as error:
            return self._verdict(None, 'header', error)
        if not valid:
            # oauthlib swaps an invalid token for its dummy: the probe has the one sent.
            return self._verdict(request, 'header', token=probe.resource_owner_key if probe is not None else None)
        entry = self.validator.access_tokens.get(request.resource_owner_key) or {}
        user = entry.get('user')
        payload = {
            'valid': True,
            'user': user,
            'screenName': self.credentials(user)['screen_name'],
            'parameters': [[name, value] for name, value in request.params if not name.startswith('oauth_')],
        }
        return 200, {'Content-Type': 'application/json'}, json.dumps(payload).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'oauthlib-provider/1'
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
            status, headers, data = self.server.provider.handle(self.command, uri, raw.decode('utf-8', errors='replace'),
                                                                dict(self.headers.items()))
        except Exception:  # a bug of this provider, not a verdict of oauthlib
            payload = {'valid': False, 'error': 'server_error', 'reason': traceback.format_exc()}
            status, headers, data = 500, {'Content-Type': 'application/json'}, json.dumps(payload).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n', 1)[0])
    parser.add_argument('--now', type=int, required=True, help='the fixed time timestamps are checked against (seconds)')
    parser.add_argument('--exit-on-stdin-eof', action='store_true')
    args = parser.parse_args()

    # oauthlib's endpoints call time.time() from their module: give that module the fixed clock.
    endpoint_base.time = types.SimpleNamespace(time=lambda: float(args.now))

    config = json.loads(sys.stdin.readline() or '{}')
    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    server.daemon_threads = True
    server.provider = Provider(config, args.now)

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
