#!/usr/bin/env python3
"""Replays the Big List of Naughty Strings against a running host: every string goes into every route's fields,
query strings and ids. Any 5xx answer is reported and the exit code is 1.

    dotnet run --project src/Moderation.Host &        # or any running host
    python3 tools/fuzz-blns.py --key mod_...          # an admin key; none is needed while no key exists

The list is read from ../shared/data/blns/blns.json (or --blns). Only the given URL is contacted; by default
the local host. Each request has a 10-second time limit and the run sends a fixed number of requests.
"""
import argparse, json, sys, urllib.error, urllib.parse, urllib.request


def request(base, key, method, path, body=None, content_type="application/json"):
    data = None
    headers = {"X-Api-Key": key} if key else {}
    if body is not None:
        data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
        headers["Content-Type"] = content_type
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:5080")
    ap.add_argument("--key", default="")
    ap.add_argument("--blns", default="../shared/data/blns/blns.json")
    a = ap.parse_args()
    with open(a.blns, encoding="utf-8") as f:
        strings = json.load(f)

    failures, sent = [], 0
    for i, s in enumerate(strings):
        q = urllib.parse.quote(s, safe="")
        calls = [
            ("POST", "/v1/score", json.dumps({"text": s, "id": s})),
            ("POST", "/v1/score/batch", json.dumps({"items": [{"text": s, "id": s}]})),
            ("POST", "/v1/comments", json.dumps({"source": "fuzz", "externalId": f"blns-{i}", "articleUrl": s or "u", "articleTitle": s, "author": s, "text": s})),
            ("POST", "/v1/flags/decisions", json.dumps({"flagIds": [1], "decision": s, "labels": [s], "note": s})),
            ("POST", "/v1/queue/claim", '{"count":' + json.dumps(s) + "}"),
            ("POST", "/v1/labels", "id,comment_text,toxic\n" + json.dumps(s) + "," + json.dumps(s) + ",1\n"),
            ("POST", "/v1/score", s),
            ("GET", f"/v1/queue?label={q}&status={q}&after={q}&articleId={q}", None),
            ("GET", f"/v1/articles/{q}/comments?after={q}&limit={q}", None),
            ("GET", f"/v1/flags/{q}/history", None),
            ("GET", f"/v1/labels/export?since={q}&format={q}", None),
        ]
        for method, path, body in calls:
            content_type = "text/csv" if path == "/v1/labels" else "application/json"
            status = request(a.url, a.key, method, path, body, content_type)
            sent += 1
            if status >= 500:
                failures.append((status, method, path, s))

    for status, method, path, s in failures:
        print(f"{status} {method} {path[:80]!r} with {s[:60]!r}")
    print(f"{len(strings)} strings, {sent} requests, {len(failures)} server errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
