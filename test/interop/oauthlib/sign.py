"""Signs requests with oauthlib's ``oauth1.Client``, for oauthkit's interop tests.

Usage: ``/usr/bin/python3 sign.py < cases.json`` (the system interpreter, where python3-oauthlib is).

stdin is a JSON array of cases::

    {"id": "...", "uri": "https://...", "method": "POST", "headers": {...}, "body": "a=1" | null,
     "clientKey": "...", "clientSecret": "...", "resourceOwnerKey": "...", "resourceOwnerSecret": "...",
     "signatureMethod": "HMAC-SHA1", "signatureType": "AUTH_HEADER" | "QUERY" | "BODY",
     "rsaKey": "-----BEGIN PRIVATE KEY-----...", "realm": "...", "callbackUri": "...", "verifier": "...",
     "nonce": "...", "timestamp": "1700000000"}

stdout is a JSON array, in the same order, of the signed requests as oauthlib returns them::

    {"id": "...", "method": "POST", "uri": "...", "headers": {...}, "body": "..." | null}

or ``{"id": "...", "error": "..."}`` for a case oauthlib refused to sign.
"""

import json
import sys

from oauthlib import oauth1

SIGNATURE_TYPES = {
    'AUTH_HEADER': oauth1.SIGNATURE_TYPE_AUTH_HEADER,
    'QUERY': oauth1.SIGNATURE_TYPE_QUERY,
    'BODY': oauth1.SIGNATURE_TYPE_BODY,
}


def sign(case):
    client = oauth1.Client(
        case['clientKey'],
        client_secret=case.get('clientSecret'),
        resource_owner_key=case.get('resourceOwnerKey'),
        resource_owner_secret=case.get('resourceOwnerSecret'),
        callback_uri=case.get('callbackUri'),
        signature_method=case['signatureMethod'],
        signature_type=SIGNATURE_TYPES[case.get('signatureType', 'AUTH_HEADER')],
        rsa_key=case.get('rsaKey'),
        verifier=case.get('verifier'),
        realm=case.get('realm'),
        nonce=case['nonce'],
        timestamp=str(case['timestamp']),
    )
    uri, headers, body = client.sign(
        case['uri'],
        http_method=case['method'],
        body=case.get('body'),
        headers=case.get('headers') or {},
    )
    return {'id': case['id'], 'method': case['method'], 'uri': uri, 'headers': dict(headers), 'body': body}


def main():
    results = []
    for case in json.load(sys.stdin):
        try:
            results.append(sign(case))
        except Exception as error:  # reported per case, so one refusal does not hide the others
            results.append({'id': case.get('id'), 'error': f'{type(error).__name__}: {error}'})
    json.dump(results, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
