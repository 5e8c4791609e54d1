/*
 * url_fast.c — mm_norm_url's fast path for the URLs most checks see: plain
 * ASCII "http(s)://host[:port]/path[?query]" with nothing to unescape,
 * trim, map or resolve. For those the Safe-Browsing canonical form is the
 * input itself with the host lower-cased and the fragment dropped, so one
 * scan over a byte-class table and one arena block replace the full path's
 * unescape loop, IDN check, path cleaning, escaping and printf (~5× faster;
 * at two million checks a second the canonicaliser is most of the budget).
 * Anything else — '%', non-ASCII, spaces, '@', '[', an IPv4-like host,
 * "//", "/./", "/../", a bad port — returns 0 and the full path in url.c
 * decides, so the fast path never changes an answer
 * (tests/unit/norm/test_url_fast.c compares both on every vector we have).
 */
#include <stdint.h>
#include <string.h>

#include "norm/url_fast.h"

/* Byte class flags. */
enum {
    F_HOST = 1,   /* a-z A-Z 0-9 '-' '_': may appear in a plain host */
    F_UPPER = 2,  /* A-Z: lower-cased in the host */
    F_DOT = 4,    /* '.' */
    F_NONHEX = 8, /* a host byte that cannot be part of an IPv4 form (not 0-9 a-f x . ) */
};
#define H F_HOST
#define HN (F_HOST | F_NONHEX)
#define U (F_HOST | F_UPPER)
#define UN (F_HOST | F_UPPER | F_NONHEX)

/* Classes of the host bytes; 0 = not in a plain host. The full path tries
 * IPv4 on a host made only of digits, dots, hex letters and x/X. */
// clang-format off
static const unsigned char cls[256] = {
    ['-'] = HN, ['_'] = HN, ['.'] = F_DOT,
    ['0'] = H, ['1'] = H, ['2'] = H, ['3'] = H, ['4'] = H,
    ['5'] = H, ['6'] = H, ['7'] = H, ['8'] = H, ['9'] = H,
    ['a'] = H, ['b'] = H, ['c'] = H, ['d'] = H, ['e'] = H, ['f'] = H,
    ['g'] = HN, ['h'] = HN, ['i'] = HN, ['j'] = HN, ['k'] = HN, ['l'] = HN, ['m'] = HN,
    ['n'] = HN, ['o'] = HN, ['p'] = HN, ['q'] = HN, ['r'] = HN, ['s'] = HN, ['t'] = HN,
    ['u'] = HN, ['v'] = HN, ['w'] = HN, ['x'] = H, ['y'] = HN, ['z'] = HN,
    ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U,
    ['G'] = UN, ['H'] = UN, ['I'] = UN, ['J'] = UN, ['K'] = UN, ['L'] = UN, ['M'] = UN,
    ['N'] = UN, ['O'] = UN, ['P'] = UN, ['Q'] = UN, ['R'] = UN, ['S'] = UN, ['T'] = UN,
    ['U'] = UN, ['V'] = UN, ['W'] = UN, ['X'] = U, ['Y'] = UN, ['Z'] = UN,
};
// clang-format on
#undef H
#undef HN
#undef U
#undef UN

/* Does p[0..n) hold a byte the full path would unescape or escape: <= 0x20,
 * >= 0x7f or '%'? Eight bytes at a time (exact presence tests of
 * "Bit Twiddling Hacks": hasless / hasmore / haszero). */
static int has_escapable(const char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, p + i, 8);
        uint64_t low = (x - ones * 0x21) & ~x & high;          /* a byte < 0x21 */
        uint64_t big = ((x + ones * (127 - 0x7e)) | x) & high; /* a byte > 0x7e */
        uint64_t pc = x ^ (ones * '%');
        uint64_t pct = (pc - ones) & ~pc & high; /* a byte == '%' */
        if (low | big | pct)
            return 1;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c <= 0x20 || c >= 0x7f || c == '%')
            return 1;
    }
    return 0;
}

int norm_url_fast(const char *in, size_t len, mm_arena *a, mm_url *out)
{
    const char *hash = memchr(in, '#', len);
    size_t n = hash ? (size_t)(hash - in) : len;
    size_t sl; /* scheme length */
    if (n >= 8 && memcmp(in, "https://", 8) == 0)
        sl = 5;
    else if (n >= 7 && memcmp(in, "http://", 7) == 0)
        sl = 4;
    else
        return 0;

    /* host: [a-zA-Z0-9_-] labels joined by single dots */
    size_t h0 = sl + 3, i = h0;
    unsigned seen = 0, prev = F_DOT; /* as if a dot came before: no leading dot */
    for (; i < n; i++) {
        unsigned c = cls[(unsigned char)in[i]];
        if (c == 0)
            break;
        if (c & prev & F_DOT) /* leading dot or ".." */
            return 0;
        seen |= c;
        prev = c;
    }
    size_t h1 = i;
    if (h1 == h0 || (prev & F_DOT) || !(seen & F_NONHEX))
        return 0; /* empty, trailing dot, or IPv4-like: the full path decides */

    /* optional port: 1-5 digits, at most 65535 */
    int port = 0;
    if (i < n && in[i] == ':') {
        size_t d0 = ++i;
        while (i < n && in[i] >= '0' && in[i] <= '9' && i - d0 < 6)
            port = port * 10 + (in[i++] - '0');
        if (i == d0 || i - d0 > 5 || port > 65535)
            return 0;
    }
    if (i < n && in[i] != '/' && in[i] != '?')
        return 0; /* '@', '[', ':' … : userinfo and other forms, full path */

    /* path and query: nothing to unescape or escape */
    size_t p0 = i;
    if (has_escapable(in + p0, n - p0))
        return 0;
    const char *qm = memchr(in + p0, '?', n - p0);
    size_t p1 = qm ? (size_t)(qm - in) : n;
    /* path: no empty, "." or ".." segment */
    for (const char *slash = memchr(in + p0, '/', p1 - p0); slash != NULL;) {
        const char *seg = slash + 1, *end = in + p1;
        if (seg < end && (*seg == '/' ||
                          (*seg == '.' && (seg + 1 == end || seg[1] == '/' ||
                                           (seg[1] == '.' && (seg + 2 == end || seg[2] == '/'))))))
            return 0;
        slash = seg < end ? memchr(seg, '/', (size_t)(end - seg)) : NULL;
    }
    size_t q0 = qm ? p1 + 1 : n;
    int has_query = qm != NULL;

    size_t hl = h1 - h0, pl = p1 > p0 ? p1 - p0 : 1, ql = has_query ? n - q0 : 0;
    size_t canon = sl + 3 + hl + pl + (has_query ? 1 + ql : 0);
    char *m = mm_arena_alloc(a, canon + 1 + sl + 1 + hl + 1 + pl + 1 + (has_query ? ql + 1 : 0));
    if (m == NULL)
        return MM_ENOMEM;
    /* canonical "scheme://host/path?query" first, then each part */
    char *c = m;
    memcpy(c, in, sl + 3);
    char *host = c + sl + 3;
    if (seen & F_UPPER)
        for (size_t k = 0; k < hl; k++) {
            char ch = in[h0 + k];
            host[k] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        }
    else
        memcpy(host, in + h0, hl);
    char *path = host + hl;
    if (p1 > p0)
        memcpy(path, in + p0, n - p0); /* path, '?', query: as in the input */
    else {
        path[0] = '/';
        if (has_query) {
            path[1] = '?';
            memcpy(path + 2, in + q0, ql);
        }
    }
    c[canon] = '\0';
    char *f = m + canon + 1;
    out->canonical = c;
    out->scheme = memcpy(f, in, sl), f[sl] = '\0', f += sl + 1;
    out->host = memcpy(f, host, hl), f[hl] = '\0', f += hl + 1;
    out->path = memcpy(f, path, pl), f[pl] = '\0', f += pl + 1;
    out->query = NULL;
    if (has_query) {
        out->query = memcpy(f, path + pl + 1, ql);
        f[ql] = '\0';
    }
    out->port = port;
    out->host_is_ip = false;
    return 1;
}
