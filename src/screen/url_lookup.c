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

    /* kind url: every expression under both schemes */
    char **ex;
    size_t nex = mm_url_expressions(u, a, &ex);
    for (size_t i = 0; i < nex; i++) {
        size_t el = strlen(ex[i]);
        char *key = el + 9 <= sizeof stack ? stack : mm_arena_alloc(a, el + 9);
        if (key == NULL)
            return MM_ENOMEM;
        memcpy(key, "https://", 8);
        memcpy(key + 8, ex[i], el);
        /* "https://e" then "http://e" (the same buffer shifted by one) */
        for (int s = 0; s < 2; s++) {
            const char *k = s == 0 ? key : key + 1;
            size_t kl = s == 0 ? el + 8 : el + 7;
            if (s == 1)
                memcpy(key + 1, "http://", 7);
            if (!mm_snapshot_lookup(snap, MM_KIND_URL, k, kl, &h) || seen(&hs, h.id))
                continue;
            hits++;
            if (add_hit(snap, &h, "URL_LISTED", "URL", k, kl, weight_of(&h, 95, 70), a, out))
                return MM_ENOMEM;
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
