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
#include <string.h>

#include "norm/url_fast.h"

enum {
    C_BAD = 0,   /* needs the full path: controls, space, '%', non-ASCII, DEL */
    C_HOST = 1,  /* a-z 0-9 '-' '_' : may appear in a plain host */
    C_UPPER = 2, /* A-Z: a plain host character once lower-cased */
    C_DOT = 3,
    C_OTHER = 4, /* any other printable byte: fine in a path or query */
};

/* Byte classes, built at compile time. */
// clang-format off
static const unsigned char cls[256] = {
#define R8(c) c, c, c, c, c, c, c, c
    /* 0x00-0x1f */ R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD),
    /* ' ' */ C_BAD, C_OTHER, C_OTHER, C_OTHER, C_OTHER, /* '%' */ C_BAD, C_OTHER, C_OTHER,
    /* '(' */ C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, /* '-' */ C_HOST, /* '.' */ C_DOT,
    /* '/' */ C_OTHER,
    /* '0'-'9' */ C_HOST, C_HOST, C_HOST, C_HOST, C_HOST, C_HOST, C_HOST, C_HOST, C_HOST, C_HOST,
    /* ':' */ C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, C_OTHER, /* '@' */ C_OTHER,
    /* 'A'-'Z' */ R8(C_UPPER), R8(C_UPPER), R8(C_UPPER), C_UPPER, C_UPPER,
    /* '[' */ C_OTHER, C_OTHER, C_OTHER, C_OTHER, /* '_' */ C_HOST, /* '`' */ C_OTHER,
    /* 'a'-'z' */ R8(C_HOST), R8(C_HOST), R8(C_HOST), C_HOST, C_HOST,
    /* '{' */ C_OTHER, C_OTHER, C_OTHER, C_OTHER, /* DEL */ C_BAD,
    /* 0x80-0xff */ R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD),
    R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD), R8(C_BAD),
    R8(C_BAD),
#undef R8
};
// clang-format on

/* Could the full path read host h[0..n) as an IPv4 address? It tries when
 * every byte is a digit, '.', 'x', 'X' or a hex letter. */
static int ipv4_like(const char *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'x' || c == 'X' ||
              (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    return 1;
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
    int upper = 0;
    for (; i < n; i++) {
        unsigned c = cls[(unsigned char)in[i]];
        if (c == C_HOST || c == C_UPPER) {
            upper |= c == C_UPPER;
            continue;
        }
        if (c != C_DOT)
            break;
        if (i == h0 || in[i - 1] == '.') /* leading dot or ".." */
            return 0;
    }
    size_t h1 = i;
    if (h1 == h0 || in[h1 - 1] == '.' || ipv4_like(in + h0, h1 - h0))
        return 0;

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

    /* path: no empty, "." or ".." segment; printable, no '%' */
    size_t p0 = i;
    for (; i < n && in[i] != '?'; i++) {
        unsigned char c = (unsigned char)in[i];
        if (cls[c] == C_BAD)
            return 0;
        if (c == '/') {
            const char *s = in + i + 1; /* the segment after this '/' */
            size_t left = n - i - 1;
            if (left > 0 && s[0] == '/')
                return 0; /* "//" */
            if (left > 0 && s[0] == '.' &&
                (left == 1 || s[1] == '/' || s[1] == '?' ||
                 (s[1] == '.' && (left == 2 || s[2] == '/' || s[2] == '?'))))
                return 0; /* "/." or "/.." segment */
        }
    }
    size_t p1 = i;
    /* query: everything after the first '?', printable, no '%' */
    size_t q0 = i < n ? i + 1 : n;
    for (size_t k = q0; k < n; k++)
        if (cls[(unsigned char)in[k]] == C_BAD)
            return 0;
    int has_query = i < n;

    size_t hl = h1 - h0, pl = p1 > p0 ? p1 - p0 : 1, ql = has_query ? n - q0 : 0;
    size_t canon = sl + 3 + hl + pl + (has_query ? 1 + ql : 0);
    char *m = mm_arena_alloc(a, canon + 1 + sl + 1 + hl + 1 + pl + 1 + (has_query ? ql + 1 : 0));
    if (m == NULL)
        return MM_ENOMEM;
    /* canonical "scheme://host/path?query" first, then each part */
    char *c = m;
    memcpy(c, in, sl + 3);
    char *host = c + sl + 3;
    for (size_t k = 0; k < hl; k++) {
        char ch = in[h0 + k];
        host[k] = upper && ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    char *path = host + hl;
    if (p1 > p0)
        memcpy(path, in + p0, pl);
    else
        path[0] = '/';
    if (has_query) {
        path[pl] = '?';
        memcpy(path + pl + 1, in + q0, ql);
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
