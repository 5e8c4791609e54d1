#!/usr/bin/env python3
"""The peer kit's load generator (../shared/peers/spam-filters/bench_client.py)
pointed at mamoru's POST /v1/screen/email: the cross-check row of
bench/bench_spam_peers.sh, which measures all three servers with
bench/peer_loadgen (C) and also runs the kit's own client against rspamd and
mamoru to show the two clients agree. One TCP connection per message,
closed or open loop, latency from the scheduled send time, server CPU and
memory from /proc.

Only the request and the reply parser are swapped (the kit's HTTP reader is
reused): the message goes as the raw body (Content-Type message/rfc822) with
the API key from $MAMORU_KEY, and the verdict's action, score and reason
codes stand where rspamd's action, score and symbols do. Run it with the
kit's arguments and --proto rspamd.
  MAMORU_KEY=... PEER_KIT=../shared/peers/spam-filters \
    python3 bench/peer_mamoru_client.py --proto rspamd --port 8080 --corpus DIR ...
"""
import json
import os
import sys

sys.path.insert(0, os.environ.get("PEER_KIT", os.path.join(os.path.dirname(__file__), "..", "..",
                                                           "shared", "peers", "spam-filters")))
import bench_client  # noqa: E402

KEY = os.environ["MAMORU_KEY"]


def mamoru_request(mid, body, env):
    head = ["POST /v1/screen/email HTTP/1.1", "Host: 127.0.0.1", "Content-Type: message/rfc822",
            f"Authorization: Bearer {KEY}", f"Content-Length: {len(body)}", "Connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def mamoru_parse(status, head, body):
    if status != 200:
        return False, None
    j = json.loads(body)
    return True, (j.get("action"), j.get("score"), sorted(r.get("code", "") for r in j.get("reasons", [])))


bench_client.rspamd_request = mamoru_request
bench_client.parse_rspamd = mamoru_parse

if __name__ == "__main__":
    sys.exit(bench_client.main())
