/*
 * feed.c — what every feed format shares: format names, which indicators a
 * feed lists (mm_feed_active), the "U.X" cursor, and the Safe Browsing
 * expression (and its SHA-256) of a url, domain or ip indicator.
 *
 * The expression is cut out of the stored canonical form instead of
 * re-parsing it: a canonical URL is "scheme://host/path[?query]" (the
 * normaliser's fixed point), so dropping the scheme gives exactly the
 * host + path (+ query) expression a Safe Browsing client computes first
 * for that URL (mm_url_expressions). Exports of millions of rows stay
 * cheap that way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "mamoru/feeds.h"

static const char *const format_names[MM_FEED__COUNT] = {
    [MM_FEED_HOSTS] = "hosts", [MM_FEED_CSV] = "csv", [MM_FEED_RPZ] = "rpz",
    [MM_FEED_STIX] = "stix",   [MM_FEED_HASHPREFIX] = "hashprefix",
};

const char *mm_feed_format_name(mm_feed_format f)
{
    return (unsigned)f < MM_FEED__COUNT ? format_names[f] : NULL;
}

mm_status mm_feed_format_parse(const char *name, mm_feed_format *out, mm_error *err)
{
    for (int i = 0; i < MM_FEED__COUNT; i++)
        if (name && strcmp(name, format_names[i]) == 0) {
            *out = (mm_feed_format)i;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "format",
                        "unknown feed format '%.40s' (expected rpz, hosts, csv, stix or "
                        "hashprefix)",
                        name ? name : "");
}

bool mm_feed_format_is_delta(mm_feed_format f)
{
    return f == MM_FEED_CSV || f == MM_FEED_STIX;
}

bool mm_feed_active(const mm_indicator *ind, int64_t now)
{
    if (ind->kind != MM_KIND_URL && ind->kind != MM_KIND_DOMAIN && ind->kind != MM_KIND_IP)
        return false;
    if (ind->status != MM_IND_CONFIRMED && ind->status != MM_IND_ACTIONED)
        return false;
    return ind->expires == 0 || ind->expires > now;
}

/* ---- cursor ------------------------------------------------------------------ */

/* Digits only, at most 18 of them (fits int64 without overflow). */
static bool parse_u(const char *s, size_t n, int64_t *out)
{
    if (n == 0 || n > 18)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

mm_status mm_feed_cursor_parse(const char *s, const char *field, mm_feed_cursor *out,
                               mm_error *err)
{
    out->updated = out->expired = 0;
    const char *dot = s ? strchr(s, '.') : NULL;
    size_t n1 = s ? (dot ? (size_t)(dot - s) : strlen(s)) : 0;
    if (s == NULL || !parse_u(s, n1, &out->updated) ||
        (dot && !parse_u(dot + 1, strlen(dot + 1), &out->expired)))
        return mm_error_set(err, MM_EINVAL, field,
                            "cursor '%.40s' is not of the form U.X (two unix times, as "
                            "returned by the previous export)",
                            s ? s : "");
    return MM_OK;
}

void mm_feed_cursor_format(const mm_feed_cursor *c, char out[48])
{
    snprintf(out, 48, "%lld.%lld", (long long)c->updated, (long long)c->expired);
}

uint32_t mm_feed_cursor_serial(const mm_feed_cursor *c)
{
    int64_t m = c->updated > c->expired ? c->updated : c->expired;
    if (m <= 0)
        return 1; /* a zone needs some serial; 0 is legal but confuses people */
    return (uint32_t)(m & 0xffffffff);
}

/* ---- expressions ----------------------------------------------------------------- */

const char *mm_feed_expression(mm_kind kind, const char *canonical, mm_arena *a)
{
    if (canonical == NULL || canonical[0] == '\0')
        return NULL;
    switch (kind) {
    case MM_KIND_URL: {
        const char *p = strstr(canonical, "://");
        if (p == NULL || p[3] == '\0' || p[3] == '/')
            return NULL;
        p += 3;
        size_t n = strlen(p);
        if (n > 0 && p[n - 1] == '?') /* empty query: the client's first expression has none */
            n--;
        if (memchr(p, '/', n) == NULL)
            return mm_arena_printf(a, "%.*s/", (int)n, p);
        return mm_arena_strndup(a, p, n);
    }
    case MM_KIND_DOMAIN:
        return mm_arena_printf(a, "%s/", canonical);
    case MM_KIND_IP:
        if (strchr(canonical, ':'))
            return mm_arena_printf(a, "[%s]/", canonical);
        return mm_arena_printf(a, "%s/", canonical);
    default:
        return NULL;
    }
}

bool mm_feed_expression_hash(mm_kind kind, const char *canonical, mm_arena *a,
                             unsigned char out[32])
{
    const char *e = mm_feed_expression(kind, canonical, a);
    unsigned int n = 0;
    if (e == NULL)
        return false;
    return EVP_Digest(e, strlen(e), out, &n, EVP_sha256(), NULL) == 1 && n == 32;
}
