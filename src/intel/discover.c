/*
 * discover.c — scoring and ranking for same-IP discovery: which domains
 * seen next to confirmed phishing hosts in passive DNS are likely
 * unreported phishing sites too.
 *
 * The mechanism, not the wording: an operator re-uses what costs money or
 * effort — a server (same IP, the more so when few domains live there), a
 * TLS certificate (near proof of one operator), a registration campaign
 * (first seen within days), the brand it impersonates (keywords, typos of
 * the brand's own domains, lure words). Each is a reason with a weight,
 * combined noisy-OR like screening verdicts.
 *
 * Whether a host imitates a brand is not decided here: the caller passes a
 * judge (mm_discover_lookalike), which the CLI and the server back with the
 * URL detector — the same homoglyph / typo / TLD-swap / brand-in-subdomain
 * / brand + lure rules and own-domain list screening uses — so discovery
 * and screening cannot disagree about what a look-alike is, and src/intel
 * does not depend on src/screen. Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/discover_int.h"
#include "mamoru/norm.h"

/* Registrable domain and its first label (arena strings); false when the
 * host has none (a public suffix, or not a valid name). */
static bool registrable(const char *host, mm_arena *a, const char **reg, const char **label)
{
    mm_domain d;
    if (mm_norm_domain(host, a, &d, NULL) != MM_OK || d.registrable == NULL)
        return false;
    *reg = d.registrable;
    size_t n = strcspn(d.registrable, ".");
    *label = mm_arena_strndup(a, d.registrable, n);
    return *label != NULL;
}

/* ---- ranking ---------------------------------------------------------------------- */

static int cmp_link(const void *a, const void *b)
{
    const discover_link *x = a, *y = b;
    return strcmp(x->candidate, y->candidate);
}

static int cmp_cand(const void *a, const void *b)
{
    const mm_discover_candidate *x = a, *y = b;
    if (x->score != y->score)
        return y->score - x->score;
    return strcmp(x->domain, y->domain);
}

/* Add s to a small set of strings (linear: a candidate has few seeds/IPs). */
static void set_add(const char **v, size_t *n, size_t cap, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(v[i], s) == 0)
            return;
    if (*n < cap)
        v[(*n)++] = s;
}

static void human_delta(int64_t s, char out[32])
{
    if (s < 0)
        s = -s;
    if (s < 3600)
        snprintf(out, 32, "%lld min", (long long)(s / 60));
    else if (s < 172800)
        snprintf(out, 32, "%lld h", (long long)(s / 3600));
    else
        snprintf(out, 32, "%lld days", (long long)(s / 86400));
}

mm_status discover_rank(const discover_link *links, size_t n, const mm_discover_lookalike *look,
                        int64_t window_s, int limit, mm_arena *a, mm_discover_candidate **out,
                        size_t *nout, mm_error *err)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return MM_OK;
    discover_link *l = malloc(n * sizeof *l);
    if (l == NULL)
        return mm_error_set(err, MM_ENOMEM, "discover", "out of memory");
    memcpy(l, links, n * sizeof *l);
    qsort(l, n, sizeof *l, cmp_link);
    size_t ncand = 0;
    for (size_t i = 0; i < n; i++)
        ncand += i == 0 || strcmp(l[i].candidate, l[i - 1].candidate) != 0;
    mm_discover_candidate *c = mm_arena_calloc(a, ncand, sizeof *c);
    if (c == NULL) {
        free(l);
        return mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
    }
    size_t k = 0;
    mm_status rc = MM_OK;
    for (size_t i = 0; i < n && rc == MM_OK;) {
        size_t j = i;
        while (j < n && strcmp(l[j].candidate, l[i].candidate) == 0)
            j++;
        /* the look-alike judgement first: a brand's own domain is no candidate */
        mm_discover_judgement jd = {0};
        if (look && look->fn && (rc = look->fn(look->ctx, l[i].candidate, a, &jd)) != MM_OK) {
            mm_error_set(err, rc, "discover", "look-alike check of %s failed", l[i].candidate);
            break;
        }
        if (jd.official) {
            i = j;
            continue;
        }
        mm_discover_candidate *x = &c[k++];
        x->domain = l[i].candidate;
        x->seeds = mm_arena_calloc(a, 16, sizeof *x->seeds);
        x->ips = mm_arena_calloc(a, 16, sizeof *x->ips);
        x->reasons = mm_arena_calloc(a, 6, sizeof *x->reasons);
        if (!x->seeds || !x->ips || !x->reasons) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            break;
        }
        double keep_ip = 1.0; /* Π(1 − w) over shared IPs */
        const discover_link *ip_best = NULL, *cert_link = NULL, *close = NULL;
        int ip_w_best = 0, nip_links = 0;
        int64_t best_gap = -1;
        for (size_t t = i; t < j; t++) {
            const discover_link *L = &l[t];
            set_add(x->seeds, &x->nseeds, 16, L->seed);
            if (L->cand_first > 0 && (x->first_seen == 0 || L->cand_first < x->first_seen))
                x->first_seen = L->cand_first;
            if (L->ip) {
                set_add(x->ips, &x->nips, 16, L->ip);
                int w = L->fanout <= 5 ? 35 : L->fanout <= 50 ? 25 : 15;
                keep_ip *= 1.0 - w / 100.0;
                nip_links++;
                if (w > ip_w_best) {
                    ip_w_best = w;
                    ip_best = L;
                }
            }
            if (L->cert && cert_link == NULL)
                cert_link = L;
            if (L->cand_first > 0 && L->seed_first > 0) {
                int64_t gap = L->cand_first - L->seed_first;
                if (gap < 0)
                    gap = -gap;
                if (gap <= window_s && (best_gap < 0 || gap < best_gap)) {
                    best_gap = gap;
                    close = L;
                }
            }
        }
        if (ip_best) {
            int w = (int)(100.0 * (1.0 - keep_ip) + 0.5);
            if (w > 60)
                w = 60;
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "SAME_IP",
                mm_arena_printf(a, "shares %s (%d domain%s there) with confirmed phishing host %s%s",
                                ip_best->ip, ip_best->fanout, ip_best->fanout == 1 ? "" : "s",
                                ip_best->seed,
                                nip_links > 1 ? mm_arena_printf(a, " (+%d more link%s)",
                                                                nip_links - 1,
                                                                nip_links > 2 ? "s" : "")
                                              : ""),
                w};
        }
        if (cert_link)
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "SHARED_CERT",
                mm_arena_printf(a, "serves the same TLS certificate (%.16s…) as %s",
                                cert_link->cert, cert_link->seed),
                50};
        if (close) {
            char gap[32];
            human_delta(best_gap, gap);
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "FIRST_SEEN_CLOSE",
                mm_arena_printf(a, "first seen %s %s %s", gap,
                                close->cand_first >= close->seed_first ? "after" : "before",
                                close->seed),
                best_gap <= 86400 ? 25 : 15};
        }
        /* same registrable domain as a seed (another subdomain of the kit) */
        const char *creg = NULL, *clab = NULL;
        if (registrable(x->domain, a, &creg, &clab)) {
            for (size_t s = 0; s < x->nseeds; s++) {
                const char *sreg = NULL, *slab = NULL;
                if (registrable(x->seeds[s], a, &sreg, &slab) && strcmp(sreg, creg) == 0) {
                    x->reasons[x->nreasons++] = (mm_discover_reason){
                        "SAME_REGISTRABLE",
                        mm_arena_printf(a, "same registrable domain %s as %s", creg, x->seeds[s]),
                        30};
                    break;
                }
            }
        }
        if (jd.lookalike > 0) {
            x->brand = jd.brand;
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "LOOKALIKE", jd.detail ? jd.detail : "imitates a protected brand",
                jd.lookalike > 100 ? 100 : jd.lookalike};
        }
        if (jd.risk > 0)
            x->reasons[x->nreasons++] = (mm_discover_reason){
                "RISK_MODEL", jd.risk_detail ? jd.risk_detail : "the URL risk model flags the host",
                jd.risk > 100 ? 100 : jd.risk};
        double keep = 1.0;
        for (size_t r = 0; r < x->nreasons; r++)
            keep *= 1.0 - x->reasons[r].weight / 100.0;
        x->score = (int)(100.0 * (1.0 - keep) + 0.5);
        i = j;
    }
    free(l);
    if (rc != MM_OK)
        return rc;
    qsort(c, k, sizeof *c, cmp_cand);
    *out = c;
    *nout = limit > 0 && (size_t)limit < k ? (size_t)limit : k;
    return MM_OK;
}
