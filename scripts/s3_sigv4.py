#!/usr/bin/env python3
"""A tiny S3 client signed with AWS Signature Version 4, standard library only.

Used by scripts/s3-test-store.sh to know when the test store answers signed requests, and handy for poking
at it by hand. Connection settings come from the CODE_TEST_S3_* variables that `s3-test-store.sh start` prints
(or from --endpoint/--access-key/--secret-key/--region). Path-style addressing only.

  s3_sigv4.py request METHOD /bucket/key [-q name=value]... [-H 'Name: value']... [--data TEXT | --data-file F]
                      [--content-md5] [-i] [-o FILE]
      One signed request. The body goes to stdout (or FILE); -i puts the status line and headers before it.
      Exits 0 on 2xx/3xx, 1 otherwise (the body still printed).
  s3_sigv4.py probe
      ListBuckets, create a bucket, PUT/HEAD/DELETE an object, delete the bucket. Exits 0 when every step
      worked, 1 with the failing step on stderr.
"""
import argparse
import base64
import datetime
import hashlib
import hmac
import http.client
import os
import sys
import urllib.parse
import uuid


def _quote(text, safe):
    # RFC 3986 unreserved characters stay; everything else is percent-encoded from UTF-8, as SigV4 requires.
    return urllib.parse.quote(text, safe=safe)


def canonical_query(query):
    pairs = sorted((_quote(k, "-_.~"), _quote(v, "-_.~")) for k, v in query)
    return "&".join(f"{k}={v}" for k, v in pairs)


def sign(method, host, path, query, headers, payload_hash, access_key, secret_key, region, now, service="s3"):
    """Returns the headers to add (x-amz-date, x-amz-content-sha256, Authorization) for one request."""
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    signed = {k.lower(): " ".join(str(v).strip().split()) for k, v in headers.items()}
    signed.update({"host": host, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash})
    names = sorted(signed)
    canonical = "\n".join([
        method,
        _quote(path, "/-_.~"),
        canonical_query(query),
        "".join(f"{n}:{signed[n]}\n" for n in names),
        ";".join(names),
        payload_hash,
    ])
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret_key).encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return {
        "x-amz-date": amz_date,
        "x-amz-content-sha256": payload_hash,
        "Authorization": f"AWS4-HMAC-SHA256 Credential={access_key}/{scope}, "
                         f"SignedHeaders={';'.join(names)}, Signature={signature}",
    }


class Client:
    def __init__(self, endpoint, access_key, secret_key, region, timeout=10.0):
        url = urllib.parse.urlsplit(endpoint)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"endpoint must be http(s)://host[:port], got {endpoint!r}")
        self.scheme, self.host = url.scheme, url.netloc
        self.access_key, self.secret_key, self.region, self.timeout = access_key, secret_key, region, timeout

    def request(self, method, path, query=(), headers=None, body=b"", content_md5=False):
        """Sends one signed request; returns (status, [(header, value)], body bytes)."""
        headers = dict(headers or {})
        if content_md5:
            headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode()
        if body or method in ("PUT", "POST"):
            headers.setdefault("Content-Length", str(len(body)))
        now = datetime.datetime.now(datetime.timezone.utc)
        headers.update(sign(method, self.host, path, list(query), headers, hashlib.sha256(body).hexdigest(),
                            self.access_key, self.secret_key, self.region, now))
        target = _quote(path, "/-_.~")
        if query:
            target += "?" + canonical_query(query)
        conn_class = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = conn_class(self.host, timeout=self.timeout)
        try:
            conn.request(method, target, body=body if body else None, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()


def client_from(args):
    def pick(value, env):
        value = value or os.environ.get(env)
        if not value:
            sys.exit(f"s3_sigv4: set {env} or pass the matching option")
        return value
    return Client(pick(args.endpoint, "CODE_TEST_S3_ENDPOINT"), pick(args.access_key, "CODE_TEST_S3_ACCESS_KEY"),
                  pick(args.secret_key, "CODE_TEST_S3_SECRET_KEY"),
                  args.region or os.environ.get("CODE_TEST_S3_REGION") or "us-east-1", args.timeout)


def run_request(client, args):
    query = [tuple(q.split("=", 1)) if "=" in q else (q, "") for q in args.query]
    headers = {}
    for h in args.header:
        name, sep, value = h.partition(":")
        if not sep:
            sys.exit(f"s3_sigv4: header must be 'Name: value', got {h!r}")
        headers[name.strip()] = value.strip()
    if args.data_file:
        with open(args.data_file, "rb") as f:
            body = f.read()
    else:
        body = (args.data or "").encode()
    status, resp_headers, resp_body = client.request(args.method.upper(), args.path, query, headers, body,
                                                     args.content_md5)
    out = open(args.output, "wb") if args.output else sys.stdout.buffer
    try:
        if args.include:
            out.write(f"HTTP {status}\r\n".encode())
            out.write("".join(f"{k}: {v}\r\n" for k, v in resp_headers).encode() + b"\r\n")
        out.write(resp_body)
    finally:
        if args.output:
            out.close()
    sys.stdout.flush()
    return 0 if 200 <= status < 400 else 1


def run_probe(client):
    bucket = "probe-" + uuid.uuid4().hex[:12]
    steps = [
        ("ListBuckets", "GET", "/", {}, b""),
        ("CreateBucket", "PUT", f"/{bucket}", {}, b""),
        ("PutObject", "PUT", f"/{bucket}/probe.txt", {"x-amz-meta-probe": "yes"}, b"probe"),
        ("HeadObject", "HEAD", f"/{bucket}/probe.txt", {}, b""),
        ("DeleteObject", "DELETE", f"/{bucket}/probe.txt", {}, b""),
        ("DeleteBucket", "DELETE", f"/{bucket}", {}, b""),
    ]
    for name, method, path, headers, body in steps:
        try:
            status, _, resp = client.request(method, path, (), headers, body)
        except OSError as e:
            print(f"s3_sigv4 probe: {name}: {e}", file=sys.stderr)
            return 1
        if not 200 <= status < 300:
            print(f"s3_sigv4 probe: {name}: HTTP {status} {resp[:300].decode(errors='replace')}", file=sys.stderr)
            return 1
    return 0


def main():
    parser = argparse.ArgumentParser(description="S3 requests signed with AWS SigV4 (path-style).")
    parser.add_argument("--endpoint")
    parser.add_argument("--access-key")
    parser.add_argument("--secret-key")
    parser.add_argument("--region")
    parser.add_argument("--timeout", type=float, default=10.0)
    sub = parser.add_subparsers(dest="command", required=True)
    req = sub.add_parser("request", help="send one signed request")
    req.add_argument("method")
    req.add_argument("path", help="/bucket/key, not encoded")
    req.add_argument("-q", "--query", action="append", default=[], metavar="NAME=VALUE")
    req.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'")
    req.add_argument("--data")
    req.add_argument("--data-file")
    req.add_argument("--content-md5", action="store_true", help="add Content-MD5 (multi-object delete needs it)")
    req.add_argument("-i", "--include", action="store_true", help="print the status line and headers first")
    req.add_argument("-o", "--output")
    sub.add_parser("probe", help="check that signed bucket and object requests work")
    args = parser.parse_args()
    client = client_from(args)
    try:
        return run_request(client, args) if args.command == "request" else run_probe(client)
    except OSError as e:
        print(f"s3_sigv4: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
