/*
 * url_lookup.c — the blocklist part of a URL verdict: every Safe-Browsing
 * host-suffix × path-prefix expression looked up as kind url, the host's
 * suffixes as kind domain, an IP host as kind ip.
 *
 * Why every expression, and both schemes: a listed "https://evil.test/a/"
 * must catch "http://evil.test/a/b?x=1" as Safe Browsing would, and the
 * store keeps URL indicators as full canonical URLs with their scheme, so
 * each expression is tried as "http://…" and "https://…". The host
 * suffixes Safe Browsing lists (exact host, last 5…2 labels) are also the
 * domain lookups: the registrable domain is always among them, and a listed
 * parent domain covers its subdomains. Lookups hash with the snapshot's
 * seeded XXH3 — no SHA-256 here; that is for the published hash-prefix
 * feed — and build keys in a stack buffer, so a check allocates only the
 * expression strings from the caller's arena.
 */
#include <string.h>

#include "screen/url_internal.h"

#define KEY_STACK 2048

typedef struct hitset {
    uint32_t ids[64];
    size_t n;
} hitset;

static bool seen(hitset *h, uint32_t id)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->ids[i] == id)
            return true;
    if (h->n < 64)
        h->ids[h->n++] = id;
    return false;
}

static int weight_of(const mm_hit *h, int confirmed, int reported)
{
    if (h->status == MM_IND_CONFIRMED || h->status == MM_IND_ACTIONED)
        return confirmed;
    return reported + h->confidence / 10; /* reported: 0..100 confidence adds up to 10 */
}

static mm_status add_hit(const mm_snapshot *snap, const mm_hit *h, const char *code,
                         const char *what, const char *value, size_t len, int w, mm_arena *a,
                         mm_verdict *out)
{
    mm_reason r = {
        .code = code,
        .category = mm_snapshot_category_name(snap, h->category),
        .detail = mm_arena_printf(a, "listed %s '%.*s' (%s)", what, (int)(len > 200 ? 200 : len),
                                  value, mm_ind_status_name(h->status)),
        .weight = w,
        .indicator_id = h->id,
    };
    if (r.detail == NULL)
        return MM_ENOMEM;
    return mm_verdict_add(out, a, &r);
}

int mm_url_lookup(const mm_snapshot *snap, const mm_url *u, mm_arena *a, mm_verdict *out)
{
    if (snap == NULL || u == NULL || u->host == NULL)
        return 0;
    hitset hs = {.n = 0};
    int hits = 0;
    mm_hit h;
    char stack[KEY_STACK];

    /* kind url: every expression under both schemes. The expressions are
     * those of mm_url_expressions (tests/unit/screen/test_url_lookup.c checks
     * that the two agree), built here in one buffer without printf: at ten
     * million listed values the formatting, not the table probe, was the
     * cost of a check. */
    const char *hosts[5];
    size_t hlen[5], nh = 0;
    size_t hl0 = strlen(u->host);
    hosts[nh] = u->host, hlen[nh++] = hl0;
    if (!u->host_is_ip) {
        size_t ncomp = 1;
        for (size_t i = 0; i < hl0; i++)
            ncomp += u->host[i] == '.';
        for (size_t k = ncomp < 5 ? ncomp : 5; k >= 2; k--) {
            if (k == ncomp)
                continue;
            size_t dots = 0, i = hl0;
            while (i > 0 && !(u->host[i - 1] == '.' && ++dots == k))
                i--;
            hosts[nh] = u->host + i, hlen[nh++] = hl0 - i;
        }
    }
    const char *path = u->path;
    size_t pl = strlen(path), ql = u->query && u->query[0] ? strlen(u->query) : 0;
    /* path variants as (length of the path prefix, with query?) */
    size_t plen[6], np = 0;
    bool withq[6] = {false};
    if (ql)
        plen[np] = pl, withq[np++] = true;
    plen[np++] = pl;
    if (pl != 1)
        plen[np++] = 1; /* "/" */
    size_t nc = 0;
    for (size_t i = 0; i < pl && nc < 4;) {
        while (i < pl && path[i] == '/')
            i++;
        if (i == pl)
            break;
        while (i < pl && path[i] != '/')
            i++;
        nc++;
        /* "/c1/", "/c1/c2/", "/c1/c2/c3/": up to and including the next '/' */
        if (nc < 4 && i < pl && i + 1 != pl && np < 6)
            plen[np++] = i + 1;
    }
    size_t need = 8 + hl0 + pl + 1 + ql;
    char *key = need <= sizeof stack ? stack : mm_arena_alloc(a, need);
    if (key == NULL)
        return MM_ENOMEM;
    for (size_t hi = 0; hi < nh; hi++) {
        for (size_t pi = 0; pi < np; pi++) {
            size_t o = 8;
            memcpy(key + o, hosts[hi], hlen[hi]);
            o += hlen[hi];
            memcpy(key + o, path, plen[pi]);
            o += plen[pi];
            if (withq[pi]) {
                key[o++] = '?';
                memcpy(key + o, u->query, ql);
                o += ql;
            }
            for (int sch = 0; sch < 2; sch++) { /* "https://e", then "http://e" */
                const char *k = sch == 0 ? key : key + 1;
                size_t kl = sch == 0 ? o : o - 1;
                memcpy(key + sch, sch == 0 ? "https://" : "http://", sch == 0 ? 8 : 7);
                if (!mm_snapshot_lookup(snap, MM_KIND_URL, k, kl, &h) || seen(&hs, h.id))
                    continue;
                hits++;
                if (add_hit(snap, &h, "URL_LISTED", "URL", k, kl, weight_of(&h, 95, 70), a, out))
                    return MM_ENOMEM;
            }
        }
    }

    if (u->host_is_ip) {
        const char *ip = u->host;
        size_t il = strlen(ip);
        if (il > 2 && ip[0] == '[') /* "[2001:db8::1]" → "2001:db8::1" */
            ip++, il -= 2;
        if (mm_snapshot_lookup(snap, MM_KIND_IP, ip, il, &h) && !seen(&hs, h.id)) {
            hits++;
            if (add_hit(snap, &h, "IP_LISTED", "IP address", ip, il, weight_of(&h, 85, 55), a,
                        out))
                return MM_ENOMEM;
        }
        return hits;
    }

    /* kind domain: the host, then each parent with at least two labels —
     * the registrable domain among them (no PSL lookup needed here) */
    const char *host = u->host;
    size_t hl = strlen(host);
    for (const char *d = host; d;) {
        const char *dot = strchr(d, '.');
        if (dot == NULL)
            break; /* a bare TLD is never looked up */
        size_t dl = hl - (size_t)(d - host);
        if (mm_snapshot_lookup(snap, MM_KIND_DOMAIN, d, dl, &h) && !seen(&hs, h.id)) {
            hits++;
            if (add_hit(snap, &h, "DOMAIN_LISTED", "domain", d, dl, weight_of(&h, 90, 65), a,
                        out))
                return MM_ENOMEM;
        }
        d = dot + 1;
    }
    return hits;
}
