/*
 * set.c — the complete-list feeds: hosts file, RPZ zone and hash-prefix
 * list, built from an mm_feed_set that collects DNS names, IP triggers and
 * 4-byte SHA-256 prefixes from pages of indicators.
 *
 * Why a set: the store is read page by page (millions of rows must not sit
 * in memory as indicators) while these formats need the whole list sorted
 * and de-duplicated — a URL host and a domain often name the same host, and
 * a reproducible file lets a resolver or a test compare versions byte for
 * byte. The set keeps only names (in an arena) and prefixes (uint32).
 * Listing rules (feeds.h, mm_feed_set_add): a domain blocks itself and its
 * subdomains unless it is a public suffix; a URL blocks its host only when
 * it is the whole site ("http://h/") — a path on a shared host says nothing
 * about the host's other pages; an IP becomes an RPZ response-IP trigger.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "mamoru/feeds.h"
#include "mamoru/norm.h"

enum { F_EXACT = 1, F_WILD = 2, F_IP = 4 };

typedef struct name_ent {
    const char *name; /* DNS name, or the rpz-ip owner for F_IP */
    unsigned flags;
} name_ent;

struct mm_feed_set {
    mm_arena *arena;   /* names */
    mm_arena *scratch; /* per-indicator work, reset after each */
    name_ent *names;
    size_t nnames, capn;
    uint32_t *prefix;
    size_t nprefix, capp;
    size_t skipped;
    bool names_sorted, prefix_sorted;
    EVP_MD_CTX *md;
};

mm_feed_set *mm_feed_set_new(void)
{
    mm_feed_set *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->arena = mm_arena_new(1 << 20);
    s->scratch = mm_arena_new(0);
    s->md = EVP_MD_CTX_new();
    if (s->arena == NULL || s->scratch == NULL || s->md == NULL) {
        mm_feed_set_free(s);
        return NULL;
    }
    return s;
}

void mm_feed_set_free(mm_feed_set *s)
{
    if (s == NULL)
        return;
    mm_arena_free(s->arena);
    mm_arena_free(s->scratch);
    EVP_MD_CTX_free(s->md);
    free(s->names);
    free(s->prefix);
    free(s);
}

size_t mm_feed_set_skipped(const mm_feed_set *s)
{
    return s->skipped;
}

/* A name a zone file can carry as is: labels of [a-z0-9_-], 1..63 bytes,
 * at most 253 bytes in all, no empty label. */
static bool dns_name_ok(const char *n, size_t len)
{
    if (len == 0 || len > 253)
        return false;
    size_t lab = 0;
    for (size_t i = 0; i < len; i++) {
        char c = n[i];
        if (c == '.') {
            if (lab == 0)
                return false;
            lab = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
        if (++lab > 63)
            return false;
    }
    return lab > 0;
}

static mm_status push_name(mm_feed_set *s, const char *name, size_t len, unsigned flags)
{
    if (s->nnames == s->capn) {
        size_t nc = s->capn ? s->capn * 2 : 1024;
        name_ent *nv = realloc(s->names, nc * sizeof *nv);
        if (nv == NULL)
            return MM_ENOMEM;
        s->names = nv;
        s->capn = nc;
    }
    char *copy = mm_arena_strndup(s->arena, name, len);
    if (copy == NULL)
        return MM_ENOMEM;
    s->names[s->nnames++] = (name_ent){copy, flags};
    s->names_sorted = false;
    return MM_OK;
}

static mm_status push_prefix(mm_feed_set *s, const char *expr)
{
    unsigned char md[32];
    unsigned int n = 0;
    if (!(EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) &&
          EVP_DigestUpdate(s->md, expr, strlen(expr)) && EVP_DigestFinal_ex(s->md, md, &n) &&
          n == 32))
        return MM_ENOMEM;
    if (s->nprefix == s->capp) {
        size_t nc = s->capp ? s->capp * 2 : 1024;
        uint32_t *nv = realloc(s->prefix, nc * sizeof *nv);
        if (nv == NULL)
            return MM_ENOMEM;
        s->prefix = nv;
        s->capp = nc;
    }
    s->prefix[s->nprefix++] =
        (uint32_t)md[0] << 24 | (uint32_t)md[1] << 16 | (uint32_t)md[2] << 8 | md[3];
    s->prefix_sorted = false;
    return MM_OK;
}

/* Is the domain itself a public suffix (so a wildcard would block a whole
 * registry or hosting service)? */
static bool is_public_suffix(const char *d, mm_arena *a)
{
    mm_domain dom;
    if (mm_norm_domain(d, a, &dom, NULL) != MM_OK)
        return false; /* e.g. "_" labels, which DNS carries but IDNA refuses: not a suffix */
    return dom.registrable == NULL;
}

static bool all_digits_dots(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
            return false;
    return true;
}

static mm_status add_one(mm_feed_set *s, const mm_indicator *ind)
{
    mm_arena *a = s->scratch;
    const char *c = ind->canonical;
    mm_status rc = MM_OK;
    const char *expr = mm_feed_expression(ind->kind, c, a);
    if (expr && (rc = push_prefix(s, expr)) != MM_OK)
        return rc;
    switch (ind->kind) {
    case MM_KIND_DOMAIN: {
        size_t n = strlen(c);
        if (!dns_name_ok(c, n)) {
            s->skipped++;
            return MM_OK;
        }
        return push_name(s, c, n, is_public_suffix(c, a) ? F_EXACT : F_EXACT | F_WILD);
    }
    case MM_KIND_URL: {
        const char *h = strstr(c, "://");
        if (h == NULL)
            return MM_OK;
        h += 3;
        size_t hn = strcspn(h, "/?");
        const char *rest = h + hn;
        bool whole_site = strcmp(rest, "/") == 0 || strcmp(rest, "/?") == 0 || *rest == '\0';
        if (!whole_site || hn == 0 || h[0] == '[' || all_digits_dots(h, hn))
            return MM_OK; /* a page, or a raw IP host: not a DNS listing */
        const char *host = mm_arena_strndup(a, h, hn);
        if (host == NULL)
            return MM_ENOMEM;
        /* a public suffix (a hosting service's own name) is never blocked
         * for one site on it */
        if (!dns_name_ok(h, hn) || is_public_suffix(host, a)) {
            s->skipped++;
            return MM_OK;
        }
        return push_name(s, h, hn, F_EXACT);
    }
    case MM_KIND_IP: {
        char owner[96];
        if (!mm_feed_rpz_ip_name(c, owner)) {
            s->skipped++;
            return MM_OK;
        }
        return push_name(s, owner, strlen(owner), F_IP);
    }
    default:
        return MM_OK;
    }
}

mm_status mm_feed_set_add(mm_feed_set *s, const mm_indicator *items, size_t n, int64_t now)
{
    for (size_t i = 0; i < n; i++) {
        if (!mm_feed_active(&items[i], now) || items[i].canonical == NULL)
            continue;
        mm_status rc = add_one(s, &items[i]);
        mm_arena_reset(s->scratch);
        if (rc != MM_OK)
            return rc;
    }
    return MM_OK;
}

/* ---- sorting ------------------------------------------------------------------ */

static int cmp_name(const void *a, const void *b)
{
    const name_ent *x = a, *y = b;
    return strcmp(x->name, y->name);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void sort_names(mm_feed_set *s)
{
    if (s->names_sorted)
        return;
    if (s->nnames > 1)
        qsort(s->names, s->nnames, sizeof *s->names, cmp_name);
    size_t u = 0;
    for (size_t i = 0; i < s->nnames; i++) {
        if (u > 0 && strcmp(s->names[u - 1].name, s->names[i].name) == 0)
            s->names[u - 1].flags |= s->names[i].flags;
        else
            s->names[u++] = s->names[i];
    }
    s->nnames = u;
    s->names_sorted = true;
}

static void sort_prefixes(mm_feed_set *s)
{
    if (s->prefix_sorted)
        return;
    if (s->nprefix > 1)
        qsort(s->prefix, s->nprefix, sizeof *s->prefix, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < s->nprefix; i++)
        if (u == 0 || s->prefix[u - 1] != s->prefix[i])
            s->prefix[u++] = s->prefix[i];
    s->nprefix = u;
    s->prefix_sorted = true;
}

size_t mm_feed_set_prefixes(mm_feed_set *s)
{
    sort_prefixes(s);
    return s->nprefix;
}

size_t mm_feed_set_names(mm_feed_set *s)
{
    sort_names(s);
    return s->nnames;
}

/* ---- formats ------------------------------------------------------------------- */

static void iso_time(int64_t t, char out[32])
{
    time_t tt = (time_t)(t > 0 ? t : 0);
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(out, 32, "1970-01-01T00:00:00Z");
}

mm_status mm_feed_hosts(mm_feed_set *s, const mm_feed_opts *o, mm_buf *out)
{
    sort_names(s);
    size_t n = 0;
    for (size_t i = 0; i < s->nnames; i++)
        n += (s->names[i].flags & F_EXACT) != 0;
    char cur[48], when[32];
    mm_feed_cursor_format(&o->cursor, cur);
    iso_time(o->now, when);
    mm_status rc = mm_buf_printf(out,
                                 "# mamoru hosts feed: %zu names, cursor %s, generated %s\n"
                                 "# confirmed fraud hosts (distribution public); subdomains of "
                                 "listed domains are in the RPZ feed only\n",
                                 n, cur, when);
    for (size_t i = 0; i < s->nnames && rc == MM_OK; i++)
        if (s->names[i].flags & F_EXACT)
            rc = mm_buf_printf(out, "0.0.0.0 %s\n", s->names[i].name);
    return rc;
}

mm_status mm_feed_rpz(mm_feed_set *s, const mm_feed_opts *o, mm_buf *out)
{
    sort_names(s);
    const char *zone = o->zone && o->zone[0] ? o->zone : MM_FEED_RPZ_ZONE;
    size_t zl = strlen(zone);
    if (zl > 0 && zone[zl - 1] == '.')
        zl--;
    int ttl = o->ttl > 0 ? o->ttl : 300;
    char cur[48], when[32];
    mm_feed_cursor_format(&o->cursor, cur);
    iso_time(o->now, when);
    mm_status rc = mm_buf_printf(out,
                                 "; mamoru response policy zone (NXDOMAIN policy), cursor %s, "
                                 "generated %s\n"
                                 "$ORIGIN %.*s.\n"
                                 "$TTL %d\n"
                                 "@ IN SOA localhost. hostmaster.localhost. %u 3600 600 86400 %d\n"
                                 "@ IN NS localhost.\n",
                                 cur, when, (int)zl, zone, ttl, mm_feed_cursor_serial(&o->cursor),
                                 ttl);
    for (size_t i = 0; i < s->nnames && rc == MM_OK; i++) {
        const name_ent *e = &s->names[i];
        size_t len = strlen(e->name);
        /* owner = name + "." + zone must fit 253 bytes; "*." adds two */
        size_t room = 253 - (zl < 252 ? zl + 1 : 253);
        if (len > room || ((e->flags & F_WILD) && len + 2 > room)) {
            s->skipped++;
            continue;
        }
        if (e->flags & (F_EXACT | F_IP))
            rc = mm_buf_printf(out, "%s CNAME .\n", e->name);
        if (rc == MM_OK && (e->flags & F_WILD))
            rc = mm_buf_printf(out, "*.%s CNAME .\n", e->name);
    }
    return rc;
}

mm_status mm_feed_hashprefix(mm_feed_set *s, bool hex, mm_buf *out)
{
    sort_prefixes(s);
    mm_status rc = MM_OK;
    for (size_t i = 0; i < s->nprefix && rc == MM_OK; i++) {
        uint32_t v = s->prefix[i];
        if (hex) {
            rc = mm_buf_printf(out, "%08x\n", v);
        } else {
            unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                                  (unsigned char)(v >> 8), (unsigned char)v};
            rc = mm_buf_append(out, b, 4);
        }
    }
    if (rc == MM_OK && out->data == NULL)
        rc = mm_buf_append(out, "", 0); /* an empty list is still a buffer */
    return rc;
}

bool mm_feed_rpz_ip_name(const char *ip, char out[96])
{
    struct in_addr v4;
    struct in6_addr v6;
    if (ip == NULL)
        return false;
    if (inet_pton(AF_INET, ip, &v4) == 1) {
        const unsigned char *b = (const unsigned char *)&v4;
        snprintf(out, 96, "32.%u.%u.%u.%u.rpz-ip", b[3], b[2], b[1], b[0]);
        return true;
    }
    if (inet_pton(AF_INET6, ip, &v6) != 1)
        return false;
    unsigned g[8];
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)v6.s6_addr[2 * i] << 8 | v6.s6_addr[2 * i + 1];
    /* the longest run (>= 2) of zero groups, first one on ties, becomes "zz" */
    int best = -1, bestlen = 1;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            i++;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > bestlen) {
            best = i;
            bestlen = j - i;
        }
        i = j;
    }
    size_t len = (size_t)snprintf(out, 96, "128");
    for (int i = 7; i >= 0; i--) {
        if (best >= 0 && i >= best && i < best + bestlen) {
            if (i == best + bestlen - 1)
                len += (size_t)snprintf(out + len, 96 - len, ".zz");
            continue;
        }
        len += (size_t)snprintf(out + len, 96 - len, ".%x", g[i]);
    }
    snprintf(out + len, 96 - len, ".rpz-ip");
    return true;
}
