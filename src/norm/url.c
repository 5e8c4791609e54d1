/*
 * url.c — Google Safe Browsing URL canonicalisation and lookup expressions.
 *
 * A phishing URL arrives written in many ways (escaped, with odd IPv4 forms,
 * with a fragment, upper-case host, IDN); Safe Browsing's canonical form is
 * what feed consumers and filtering vendors hash, so we follow it exactly:
 * https://developers.google.com/safe-browsing/v4/urls-hashing . Where that
 * page is silent we follow Google's reference client (google/safebrowsing,
 * urls.go), whose test vectors live in ../shared/data/safebrowsing-canon.
 * Two deliberate differences from that client, both in favour of the spec:
 * the canonical URL keeps "?query", and escapes use upper-case hex.
 * Host suffixes follow the spec's "last five components" rule (the client
 * uses seven). The work is done on raw (fully unescaped) bytes with explicit
 * lengths, since "%00" can put a NUL anywhere; the escape is applied once,
 * when each part is written out. Pure: no I/O, all memory from the arena.
 */
#include <arpa/inet.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"
#include "norm/url_fast.h"

#define URL_MAX_INPUT 8192 /* bytes; longer input is refused */
#define URL_QUOTE_MAX 60   /* bytes of input quoted in error messages */
#define URL_MAX_HOSTS 5
#define URL_MAX_PATHS 6

/* A byte range that may contain NUL bytes. */
typedef struct span {
    const char *p;
    size_t n;
} span;

/* Write a printable, truncated quotation of s[0..n) into dst (cap bytes) for
 * error messages: control bytes and DEL become \xHH, a cut never splits a
 * UTF-8 sequence, and "..." marks truncation. */
static const char *quote(const char *s, size_t n, char *dst, size_t cap)
{
    size_t o = 0, i = 0;
    while (i < n && i < URL_QUOTE_MAX && o + 8 < cap) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(dst + o, cap - o, "\\x%02X", c);
            i++;
            continue;
        }
        if (c >= 0x80) { /* copy a whole UTF-8 sequence or stop */
            size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
            if (i + len > n || i + len > URL_QUOTE_MAX || o + len + 8 >= cap)
                break;
            memcpy(dst + o, s + i, len);
            o += len;
            i += len;
            continue;
        }
        dst[o++] = (char)c;
        i++;
    }
    if (i < n && o + 4 < cap) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
    return dst;
}

static mm_status url_fail(mm_error *err, const char *in, size_t n, const char *why)
{
    char q[URL_QUOTE_MAX * 4 + 8];
    return mm_error_set(err, MM_EINVAL, "url", "'%s' %s", quote(in, n, q, sizeof q), why);
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* One pass of percent-unescaping in place; returns the new length and sets
 * *changed when at least one %XX was decoded. */
static size_t unescape_once(char *s, size_t n, int *changed)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            s[o++] = (char)(hi << 4 | lo);
            i += 3;
            *changed = 1;
        } else {
            s[o++] = s[i++];
        }
    }
    return o;
}

static int needs_escape(unsigned char c)
{
    return c <= 0x20 || c >= 0x7f || c == '#' || c == '%';
}

/* Arena copy of s with bytes <= 0x20, >= 0x7f, '#' and '%' written as %XX
 * (upper-case hex, as the spec asks). NULL when out of memory. */
static char *escape(span s, mm_arena *a)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t need = 1;
    for (size_t i = 0; i < s.n; i++)
        need += needs_escape((unsigned char)s.p[i]) ? 3 : 1;
    char *out = mm_arena_alloc(a, need);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (needs_escape(c)) {
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    out[o] = '\0';
    return out;
}

static int is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* True when s[i..] starts with ":" digits+ followed by '/' or the end: a
 * port, not a scheme separator ("www.abc.com:80/"). */
static int port_follows(span s, size_t i)
{
    size_t j = i + 1;
    while (j < s.n && is_digit((unsigned char)s.p[j]))
        j++;
    return j > i + 1 && (j == s.n || s.p[j] == '/');
}

/* Split off a scheme the way the reference client does: letters, then
 * letters/digits/"+-.", then ':' not followed by a port. Returns 1 and fills
 * *scheme / *rest when one is found (the scheme may be empty for ":..."). */
static int split_scheme(span s, span *scheme, span *rest)
{
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (is_alpha(c))
            continue;
        if (is_digit(c) || c == '+' || c == '-' || c == '.') {
            if (i == 0)
                return 0;
            continue;
        }
        if (c == ':' && !port_follows(s, i)) {
            *scheme = (span){s.p, i};
            *rest = (span){s.p + i + 1, s.n - i - 1};
            return 1;
        }
        if (c != ':')
            return 0;
    }
    return 0;
}

static const char *memchr_span(span s, char c)
{
    return s.n ? memchr(s.p, c, s.n) : NULL;
}

/* Parse one IPv4 number part as the reference client does: "0x" + hex,
 * "0" + octal, or decimal, < 2^32. */
static int ipv4_part(span s, uint64_t *v)
{
    if (s.n == 0)
        return 0;
    unsigned base = 10;
    size_t i = 0;
    if (s.n >= 2 && s.p[0] == '0' && (s.p[1] == 'x' || s.p[1] == 'X')) {
        base = 16;
        i = 2;
        if (s.n == 2)
            return 0;
    } else if (s.p[0] == '0' && s.n > 1) {
        base = 8;
        i = 1;
    }
    uint64_t acc = 0;
    for (; i < s.n; i++) {
        int d = hexval((unsigned char)s.p[i]);
        if (d < 0 || (unsigned)d >= base)
            return 0;
        acc = acc * base + (unsigned)d;
        if (acc > 0xffffffffu)
            return 0;
    }
    *v = acc;
    return 1;
}

/* Recognise the IPv4 forms browsers accept: dotted quad, and 1-4 parts in
 * decimal/octal/hex where the last part fills the remaining bytes
 * ("3279880203", "0x12.0x43.0x44.0x01", "012.034.01.055", "1.2.3").
 * Non-final parts keep only their low byte, as in the reference client.
 * Also its Windows-resolver quirk: "10.192.95.89 xy" (<= 15 bytes) is the
 * dotted quad before the space. Writes "a.b.c.d" into out (16 bytes). */
static int parse_ipv4(span h, char out[16])
{
    if (h.n <= 15) { /* ^\d{1,3}(\.\d{1,3}){3} followed by a space */
        size_t i = 0;
        int ok = 1;
        for (int part = 0; part < 4 && ok; part++) {
            size_t d = 0;
            while (i < h.n && is_digit((unsigned char)h.p[i]) && d < 3)
                i++, d++;
            if (d == 0)
                ok = 0;
            else if (part < 3) {
                if (i < h.n && h.p[i] == '.')
                    i++;
                else
                    ok = 0;
            }
        }
        if (ok && i < h.n && h.p[i] == ' ')
            h.n = i;
    }
    if (h.n == 0)
        return 0;
    for (size_t i = 0; i < h.n; i++) {
        unsigned char c = (unsigned char)h.p[i];
        if (!(is_digit(c) || c == '.' || c == 'x' || c == 'X' || hexval(c) >= 0))
            return 0;
    }
    span parts[4];
    size_t np = 0, start = 0;
    for (size_t i = 0; i <= h.n; i++) {
        if (i == h.n || h.p[i] == '.') {
            if (np == 4)
                return 0;
            parts[np++] = (span){h.p + start, i - start};
            start = i + 1;
        }
    }
    uint8_t b[4];
    size_t nb = 0;
    for (size_t k = 0; k < np; k++) {
        uint64_t v;
        if (!ipv4_part(parts[k], &v))
            return 0;
        size_t width = k + 1 == np ? 5 - np : 1;
        for (size_t j = width; j-- > 0;)
            b[nb + j] = (uint8_t)(v >> (8 * (width - 1 - j)));
        nb += width;
    }
    snprintf(out, 16, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return 1;
}

/* Collapse runs of '.', drop leading and trailing dots and lower-case ASCII,
 * in place. Returns the new length. */
static size_t tidy_host(char *h, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = h[i];
        if (c == '.' && (o == 0 || h[o - 1] == '.'))
            continue;
        h[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    while (o > 0 && h[o - 1] == '.')
        o--;
    return o;
}

/* True when s[0..n) is valid UTF-8 containing at least one non-ASCII
 * character (so IDNA applies). Invalid UTF-8 returns 0: such a host cannot
 * be an IDN and is kept as opaque, escaped bytes like the reference does. */
static int is_utf8_nonascii(const char *s, size_t n)
{
    int nonascii = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == 0)
                return 0;
            i++;
            continue;
        }
        size_t len;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07;
        else
            return 0;
        if (i + len > n)
            return 0;
        for (size_t k = 1; k < len; k++) {
            unsigned char cc = (unsigned char)s[i + k];
            if ((cc & 0xc0) != 0x80)
                return 0;
            cp = cp << 6 | (cc & 0x3f);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        nonascii = 1;
        i += len;
    }
    return nonascii;
}

/* Parse the host part (userinfo, brackets, port, IDN, IPv4 forms). On
 * success out->host (escaped), out->port and out->host_is_ip are set. */
static mm_status parse_host(span hostish, const char *in, size_t in_len, mm_arena *a, mm_url *out,
                            mm_error *err)
{
    const char *at = NULL;
    for (size_t i = hostish.n; i-- > 0;)
        if (hostish.p[i] == '@') {
            at = hostish.p + i;
            break;
        }
    span h = hostish;
    if (at != NULL)
        h = (span){at + 1, (size_t)(hostish.p + hostish.n - at - 1)};

    span port = {NULL, 0};
    int bracket = h.n > 0 && h.p[0] == '[';
    if (bracket) {
        size_t close = 0;
        for (size_t i = h.n; i-- > 1;)
            if (h.p[i] == ']') {
                close = i;
                break;
            }
        if (close == 0)
            return url_fail(err, in, in_len, "has a '[' IPv6 host without ']'");
        if (close + 1 < h.n) {
            if (h.p[close + 1] != ':')
                return url_fail(err, in, in_len, "has characters after the IPv6 host's ']'");
            port = (span){h.p + close + 2, h.n - close - 2};
        }
        h.n = close + 1;
    } else {
        for (size_t i = h.n; i-- > 0;) {
            if (is_digit((unsigned char)h.p[i]))
                continue;
            if (h.p[i] == ':') {
                port = (span){h.p + i + 1, h.n - i - 1};
                h.n = i;
            }
            break;
        }
    }
    out->port = 0;
    for (size_t i = 0; i < port.n; i++) {
        if (!is_digit((unsigned char)port.p[i]))
            return url_fail(err, in, in_len, "has a port that is not a number");
        out->port = out->port * 10 + (port.p[i] - '0');
        if (out->port > 65535)
            return url_fail(err, in, in_len, "has a port above 65535");
    }

    if (bracket) {
        char lit[64], text[INET6_ADDRSTRLEN];
        struct in6_addr addr;
        if (h.n - 2 >= sizeof lit || memchr(h.p + 1, '\0', h.n - 2) != NULL)
            return url_fail(err, in, in_len, "has an invalid IPv6 host");
        memcpy(lit, h.p + 1, h.n - 2);
        lit[h.n - 2] = '\0';
        if (inet_pton(AF_INET6, lit, &addr) != 1 ||
            inet_ntop(AF_INET6, &addr, text, sizeof text) == NULL)
            return url_fail(err, in, in_len, "has an invalid IPv6 host");
        out->host = mm_arena_printf(a, "[%s]", text);
        out->host_is_ip = true;
        return out->host ? MM_OK : MM_ENOMEM;
    }

    char *buf = mm_arena_alloc(a, h.n + 1); /* raw bytes: may hold NULs */
    if (buf == NULL)
        return MM_ENOMEM;
    memcpy(buf, h.p, h.n);
    size_t n = tidy_host(buf, h.n);
    if (n == 0)
        return url_fail(err, in, in_len, "has no host");
    if (memchr(buf, '\0', n) != NULL)
        return url_fail(err, in, in_len, "has a NUL byte in its host");

    int idn = is_utf8_nonascii(buf, n);
    if (idn) {
        buf[n] = '\0';
        char *ascii = NULL;
        int rc = idn2_to_ascii_8z(buf, &ascii, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
        if (rc != IDN2_OK)
            rc = idn2_to_ascii_8z(buf, &ascii, IDN2_TRANSITIONAL | IDN2_NFC_INPUT);
        if (rc != IDN2_OK) {
            char msg[200];
            snprintf(msg, sizeof msg, "has a host that is not a valid IDN (%s)", idn2_strerror(rc));
            return url_fail(err, in, in_len, msg);
        }
        buf = mm_arena_strdup(a, ascii);
        idn2_free(ascii);
        if (buf == NULL)
            return MM_ENOMEM;
        n = tidy_host(buf, strlen(buf)); /* mapping may add dots (U+3002) */
        if (n == 0)
            return url_fail(err, in, in_len, "has no host");
    }

    /* Delimiters left in the name (after userinfo and port are gone, or
     * produced by UTS #46 from full-width forms such as U+FF0F) are never
     * part of a host, and would make the canonical URL parse differently
     * the second time. */
    for (size_t i = 0; i < n; i++)
        if (strchr(":/?@[]", buf[i]) != NULL)
            return url_fail(err, in, in_len, "has ':', '/', '?', '@', '[' or ']' in its host");
    /* a '%' made by the mapping (U+FF05) would unescape on a second pass */
    if (idn && memchr(buf, '%', n) != NULL)
        return url_fail(err, in, in_len, "has a host whose IDN mapping contains '%'");

    char quad[16];
    if (parse_ipv4((span){buf, n}, quad)) {
        out->host = mm_arena_strdup(a, quad);
        out->host_is_ip = true;
    } else {
        out->host = escape((span){buf, n}, a);
        out->host_is_ip = false;
    }
    return out->host ? MM_OK : MM_ENOMEM;
}

/* Resolve "." and "..", collapse "//" runs (Go's path.Clean on a rooted
 * path), keeping a trailing '/' when the input had one. Result is raw
 * bytes in the arena, starting with '/'. */
static span clean_path(span p, mm_arena *a)
{
    char *out = mm_arena_alloc(a, p.n + 2);
    if (out == NULL)
        return (span){NULL, 0};
    size_t o = 0;
    for (size_t i = 0; i < p.n;) {
        while (i < p.n && p.p[i] == '/')
            i++;
        size_t s = i;
        while (i < p.n && p.p[i] != '/')
            i++;
        size_t len = i - s;
        if (len == 0 || (len == 1 && p.p[s] == '.'))
            continue;
        if (len == 2 && p.p[s] == '.' && p.p[s + 1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--; /* drop the '/' before the removed segment */
            continue;
        }
        out[o++] = '/';
        memcpy(out + o, p.p + s, len);
        o += len;
    }
    if (o == 0 || (p.n > 0 && p.p[p.n - 1] == '/' && out[o - 1] != '/'))
        out[o++] = '/';
    out[o] = '\0';
    return (span){out, o};
}

/* The plain case takes the fast path (url_fast.c), which answers exactly
 * as the full path below would; everything else takes the full path. */
mm_status mm_norm_url(const char *in, mm_arena *a, mm_url *out, mm_error *err)
{
    if (in != NULL && a != NULL && out != NULL) {
        size_t len = strnlen(in, URL_MAX_INPUT + 1);
        if (len > 0 && len <= URL_MAX_INPUT) {
            int r = norm_url_fast(in, len, a, out);
            if (r == 1)
                return MM_OK;
            if (r < 0)
                return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
        }
    }
    return norm_url_full(in, a, out, err);
}

mm_status norm_url_full(const char *in, mm_arena *a, mm_url *out, mm_error *err)
{
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "url", "no URL given");
    if (a == NULL || out == NULL)
        return mm_error_set(err, MM_EINVAL, "url", "no arena or output for '%.60s'", in);
    memset(out, 0, sizeof *out);
    size_t in_len = strnlen(in, URL_MAX_INPUT + 1);
    if (in_len == 0)
        return url_fail(err, in, 0, "is empty");
    if (in_len > URL_MAX_INPUT)
        return url_fail(err, in, in_len, "is longer than 8192 bytes");

    /* 1. Drop the fragment, trim white space, remove tab/CR/LF. */
    const char *hash = memchr(in, '#', in_len);
    size_t n = hash ? (size_t)(hash - in) : in_len;
    const char *p = in;
    while (n > 0 && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
        p++, n--;
    while (n > 0 && (p[n - 1] == ' ' || (p[n - 1] >= '\t' && p[n - 1] <= '\r')))
        n--;
    char *buf = mm_arena_alloc(a, n + 1);
    if (buf == NULL)
        return MM_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
            buf[m++] = p[i];

    /* 2. Percent-unescape until nothing changes (each pass shrinks it). */
    for (int changed = 1; changed;) {
        changed = 0;
        m = unescape_once(buf, m, &changed);
    }
    buf[m] = '\0';
    span s = {buf, m};
    if (m == 0)
        return url_fail(err, in, in_len, "has no host");

    /* 3. Scheme, query, host, path. */
    span scheme = {"http", 4}, rest = s;
    int has_scheme = split_scheme(s, &scheme, &rest);
    const char *q = memchr_span(rest, '?');
    span query = {NULL, 0};
    if (q != NULL) {
        query = (span){q + 1, (size_t)(rest.p + rest.n - q - 1)};
        rest.n = (size_t)(q - rest.p);
    }
    int slashes = rest.n >= 2 && rest.p[0] == '/' && rest.p[1] == '/';
    if (has_scheme && scheme.n > 0 && !slashes)
        return url_fail(err, in, in_len, "has a scheme but no '//' before the host");
    if (has_scheme && scheme.n == 0)
        scheme = (span){"http", 4};
    if (slashes) /* "//host/..." without a scheme is taken as http as well */
        rest = (span){rest.p + 2, rest.n - 2};
    const char *slash = memchr_span(rest, '/');
    span hostish = {rest.p, slash ? (size_t)(slash - rest.p) : rest.n};
    span path = {hostish.p + hostish.n, rest.n - hostish.n};
    if (hostish.n == 0)
        return url_fail(err, in, in_len, "has no host");

    mm_status st = parse_host(hostish, in, in_len, a, out, err);
    if (st != MM_OK)
        return st == MM_ENOMEM ? mm_error_set(err, st, "url", "out of memory") : st;

    out->scheme = mm_arena_strndup(a, scheme.p, scheme.n);
    span cp = clean_path(path, a);
    out->path = cp.p ? escape(cp, a) : NULL;
    out->query = query.p ? escape(query, a) : NULL;
    if (out->scheme == NULL || out->path == NULL || (query.p && out->query == NULL))
        return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
    for (char *c = out->scheme; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    out->canonical = mm_arena_printf(a, "%s://%s%s%s%s", out->scheme, out->host, out->path,
                                     out->query ? "?" : "", out->query ? out->query : "");
    if (out->canonical == NULL)
        return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
    return MM_OK;
}

/* Host suffixes per the spec: the exact host, then the suffixes made of
 * the last 5, 4, 3, 2 components (skipping one equal to the exact host and
 * the bare TLD); only the exact host for an IP address. */
static size_t lookup_hosts(const mm_url *u, const char *hosts[URL_MAX_HOSTS])
{
    size_t nh = 0;
    hosts[nh++] = u->host;
    if (u->host_is_ip)
        return nh;
    size_t ncomp = 1;
    for (const char *c = u->host; *c; c++)
        ncomp += *c == '.';
    for (size_t k = ncomp < 5 ? ncomp : 5; k >= 2; k--) {
        if (k == ncomp)
            continue;
        const char *h = u->host + strlen(u->host);
        for (size_t dots = 0; h > u->host;) {
            if (h[-1] == '.' && ++dots == k)
                break;
            h--;
        }
        hosts[nh++] = h;
    }
    return nh;
}

/* Path prefixes per the spec: exact path with query, exact path, then "/"
 * and up to three more prefixes made by appending components with a
 * trailing '/'. Strings are arena-allocated. Returns the count. */
static size_t lookup_paths(const mm_url *u, mm_arena *a, const char *paths[URL_MAX_PATHS])
{
    size_t np = 0;
    if (u->query != NULL && u->query[0] != '\0')
        paths[np++] = mm_arena_printf(a, "%s?%s", u->path, u->query);
    paths[np++] = u->path;
    paths[np++] = "/";
    /* components of the path, then "/c1/", "/c1/c2/", "/c1/c2/c3/" */
    const char *comp[4];
    size_t clen[4], nc = 0;
    for (const char *c = u->path; *c && nc < 4;) {
        while (*c == '/')
            c++;
        if (*c == '\0')
            break;
        const char *e = strchr(c, '/');
        size_t len = e ? (size_t)(e - c) : strlen(c);
        comp[nc] = c;
        clen[nc++] = len;
        c += len;
    }
    for (size_t i = 1; i < nc; i++) {
        size_t total = comp[i - 1] + clen[i - 1] - u->path + 1;
        paths[np++] = mm_arena_strndup(a, u->path, total);
    }
    return np;
}

size_t mm_url_expressions(const mm_url *u, mm_arena *a, char ***out)
{
    if (out != NULL)
        *out = NULL;
    if (u == NULL || a == NULL || out == NULL || u->host == NULL || u->path == NULL)
        return 0;
    const char *hosts[URL_MAX_HOSTS], *paths[URL_MAX_PATHS];
    size_t nh = lookup_hosts(u, hosts);
    size_t np = lookup_paths(u, a, paths);
    char **ex = mm_arena_calloc(a, nh * np, sizeof *ex);
    if (ex == NULL)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < nh; i++) {
        for (size_t j = 0; j < np; j++) {
            if (paths[j] == NULL)
                return 0;
            /* host + path joined by hand: vsnprintf cost more than the
             * snapshot lookups each expression feeds */
            size_t hl = strlen(hosts[i]), pl = strlen(paths[j]);
            char *e = mm_arena_alloc(a, hl + pl + 1);
            if (e == NULL)
                return 0;
            memcpy(e, hosts[i], hl);
            memcpy(e + hl, paths[j], pl + 1);
            int dup = 0;
            for (size_t k = 0; k < n && !dup; k++)
                dup = strcmp(ex[k], e) == 0;
            if (!dup)
                ex[n++] = e;
        }
    }
    *out = ex;
    return n;
}
