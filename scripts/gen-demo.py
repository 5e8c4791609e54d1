#!/usr/bin/env python3
"""Generates data/demo/indicators.jsonl: the demo scenario's fictitious
indicators (reserved .example/.test domains, made-up numbers and accounts,
Luhn-valid test card numbers, checksum-valid crypto addresses derived from a
fixed seed). Deterministic: same output every run. Run from the repo root:
    python3 scripts/gen-demo.py > data/demo/indicators.jsonl
"""
import hashlib, json, random

rng = random.Random(20251122)
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

def b58check(payload):
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big"); s = ""
    while n: n, r = divmod(n, 58); s = B58[r] + s
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + s

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
def polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]; chk = 1
    for v in values:
        b = chk >> 25; chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5): chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk
def bech32(hrp, witver, prog):
    acc = 0; bits = 0; data = [witver]
    for b in prog:
        acc = (acc << 8) | b; bits += 8
        while bits >= 5: bits -= 5; data.append((acc >> bits) & 31)
    if bits: data.append((acc << (5 - bits)) & 31)
    const = 1 if witver == 0 else 0x2bc830a3
    hv = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = polymod(hv + data + [0] * 6) ^ const
    return hrp + "1" + "".join(CHARSET[d] for d in data + [(pm >> 5 * (5 - i)) & 31 for i in range(6)])

def luhn(prefix, length):
    digits = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, d in enumerate(reversed(digits)):
        v = int(d)
        if i % 2 == 0: v = v * 2 - 9 if v * 2 > 9 else v * 2
        total += v
    return digits + str((10 - total % 10) % 10)

def rbytes(n): return bytes(rng.randrange(256) for _ in range(n))

rows = []
def add(kind, value, category, org, **kw):
    r = {"kind": kind, "value": value, "category": category, "org": org}; r.update(kw); rows.append(r)

cats_phone = ["police_impersonation", "refund", "fake_bill", "investment", "support_scam"]
for i in range(60):
    if i % 3 == 0: v = "+1 (811) 555-%04d" % (110 if i % 2 else rng.randrange(10000))
    elif i % 3 == 1: v = "090-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000))
    else: v = "050-%04d-%04d" % (rng.randrange(10000), rng.randrange(10000))
    add("phone", v, cats_phone[i % 5], "demo-police" if i % 2 else "demo-carrier",
        status="confirmed" if i % 4 == 0 else "reported", confidence=60 + i % 40)
lures = ["redeliv", "pay-check", "tax-notice", "card-secure", "login-verify", "point-expire"]
tlds = ["example", "test", "invalid"]
for i in range(70):
    host = "%s-%d.%s" % (lures[i % 6], i, tlds[i % 3])
    add("url", "https://%s/%s?id=%d" % (host, ["a1", "login", "pay", "verify"][i % 4], rng.randrange(10**6)),
        ["delivery_lure", "phishing", "refund", "phishing", "phishing", "carrier_billing"][i % 6],
        "demo-filter" if i % 2 else "demo-platform", distribution="public")
for i in range(40):
    add("domain", "%s%d.example" % (["sgw-redeliv", "kuroneko-chk", "jp-post-pay", "d-pay-check", "nta-notice"][i % 5], i),
        ["delivery_lure", "delivery_lure", "delivery_lure", "carrier_billing", "refund"][i % 5], "demo-filter",
        distribution="public", status="confirmed")
for i in range(20):
    add("ip", "192.0.2.%d" % (i + 1) if i % 2 else "2001:db8::%x" % (i + 1), "phishing", "demo-filter", distribution="public")
# real bank and branch codes (Zengin list), made-up account numbers
banks = [("0001", "001"), ("0005", "001"), ("0009", "001"), ("0010", "005"), ("0033", "001"), ("0036", "101"), ("0038", "100"), ("9900", "008")]
holders = ["ｶ)ｴｲﾁｹｰﾄﾚｰﾃﾞｲﾝｸﾞ", "ﾔﾏﾀﾞ ﾀﾛｳ", "カ）ミライトウシ", "ﾄﾞ)ｸﾞﾛｰﾊﾞﾙｱｾｯﾄ", "スズキ ハナコ"]
for i in range(50):
    bank, branch = banks[i % len(banks)]
    add("bank_account", "%s-%s-%d-%07d %s" % (bank, branch, 1 if i % 5 else 2, rng.randrange(10**7), holders[i % 5]),
        ["investment", "romance", "police_impersonation", "refund"][i % 4], "demo-bank",
        distribution="sector", status="confirmed" if i % 3 == 0 else "reported")
for i in range(30):
    if i % 3 == 0: v = "0x" + rbytes(20).hex()
    elif i % 3 == 1: v = bech32("bc", 0, rbytes(20))
    else: v = b58check(b"\x41" + rbytes(20))
    add("crypto_address", v, ["investment", "romance"][i % 2], "demo-exchange", distribution="sector")
for i in range(20):
    add("card", luhn(["4", "35", "52"][i % 3], 16), "card_fraud", "demo-merchant", distribution="sector")
for i in range(30):
    add("email", "support%d@%s-secure.example" % (i, ["amazon", "rakuten", "smbc", "docomo", "nta"][i % 5]),
        "phishing", "demo-platform", distribution="public")
for i in range(30):
    plat = ["line", "telegram", "instagram", "x", "signal"][i % 5]
    add("sns_account", "%s:%s%d" % (plat, ["invest_assist", "sensei_hisho", "white_job", "romance_hk", "ud_boshu"][i % 5], i),
        ["investment", "investment", "recruitment", "romance", "recruitment"][i % 5], "demo-platform")
for i in range(15):
    add("postal_address", "〒100-00%02d 東京都千代田区架空町%d丁目%d番%d号 デモビル%d01" % (i, i % 5 + 1, i % 9 + 1, i % 7 + 1, i),
        "parcel_drop", "demo-delivery", distribution="sector")
for i in range(15):
    add("identity", "デモ タロウ%d|1990-01-%02d|DL-0000%04d" % (i, i + 1, i), "mule_identity", "demo-bank", distribution="police")
for i in range(15):
    add("business", ["株式会社エイチケートレーディング", "合同会社グローバルアセット", "ミライ投資(株)"][i % 3] + str(i),
        "investment", "demo-police", distribution="members")
for r in rows: print(json.dumps(r, ensure_ascii=False))
