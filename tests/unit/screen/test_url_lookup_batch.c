/*
 * Tests for the batched URL lookup (src/screen/url_lookup.c,
 * mm_snapshot_probe_* in src/intel/snapshot.c): on every URL of
 * ../shared/data/jpcert-phishurl (or $MAMORU_SHARED_DATA), against a
 * snapshot listing a third of them (under either scheme, some under both),
 * parent domains and IP hosts, mm_url_lookup_batch and mm_url_lookup must
 * give exactly the reasons — code, indicator, category, detail, weight, in
 * order — of the one-key-at-a-time algorithm they replaced, which is kept
 * below verbatim as the reference (full "https://…" / "http://…" keys
 * through mm_snapshot_lookup). Skips with a message when the data is absent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "url_fixture.h"

static const uint8_t KEY[32] = "0123456789abcdef0123456789abcdef";

/* ---- the reference: mm_url_lookup as it was before batching ------------- */

typedef struct ref_hitset {
    uint32_t ids[64];
    size_t n;
} ref_hitset;

static bool ref_seen(ref_hitset *h, uint32_t id)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->ids[i] == id)
            return true;
    if (h->n < 64)
        h->ids[h->n++] = id;
    return false;
}

static int ref_weight(const mm_hit *h, int confirmed, int reported)
{
    if (h->status == MM_IND_CONFIRMED || h->status == MM_IND_ACTIONED)
        return confirmed;
    return reported + h->confidence / 10;
}

static void ref_add(const mm_snapshot *snap, const mm_hit *h, const char *code, const char *what,
                    const char *value, size_t len, int w, mm_arena *a, mm_verdict *out)
{
    mm_reason r = {
        .code = code,
        .category = mm_snapshot_category_name(snap, h->category),
        .detail = mm_arena_printf(a, "listed %s '%.*s' (%s)", what, (int)(len > 200 ? 200 : len),
                                  value, mm_ind_status_name(h->status)),
        .weight = w,
        .indicator_id = h->id,
    };
    cr_assert_eq(mm_verdict_add(out, a, &r), MM_OK);
}

static int ref_lookup(const mm_snapshot *snap, const mm_url *u, mm_arena *a, mm_verdict *out)
{
    ref_hitset hs = {.n = 0};
    int hits = 0;
    mm_hit h;
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
    size_t plen[6], np = 0;
    bool withq[6] = {false};
    if (ql)
        plen[np] = pl, withq[np++] = true;
    plen[np++] = pl;
    if (pl != 1)
        plen[np++] = 1;
    size_t nc = 0;
    for (size_t i = 0; i < pl && nc < 4;) {
        while (i < pl && path[i] == '/')
            i++;
        if (i == pl)
            break;
        while (i < pl && path[i] != '/')
            i++;
        nc++;
        if (nc < 4 && i < pl && i + 1 != pl && np < 6)
            plen[np++] = i + 1;
    }
    char *key = mm_arena_alloc(a, 8 + hl0 + pl + 1 + ql);
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
            for (int sch = 0; sch < 2; sch++) {
                const char *k = sch == 0 ? key : key + 1;
                size_t kl = sch == 0 ? o : o - 1;
                memcpy(key + sch, sch == 0 ? "https://" : "http://", sch == 0 ? 8 : 7);
                if (!mm_snapshot_lookup(snap, MM_KIND_URL, k, kl, &h) || ref_seen(&hs, h.id))
                    continue;
                hits++;
                ref_add(snap, &h, "URL_LISTED", "URL", k, kl, ref_weight(&h, 95, 70), a, out);
            }
        }
    }
    if (u->host_is_ip) {
        const char *ip = u->host;
        size_t il = strlen(ip);
        if (il > 2 && ip[0] == '[')
            ip++, il -= 2;
        if (mm_snapshot_lookup(snap, MM_KIND_IP, ip, il, &h) && !ref_seen(&hs, h.id)) {
            hits++;
            ref_add(snap, &h, "IP_LISTED", "IP address", ip, il, ref_weight(&h, 85, 55), a, out);
        }
        return hits;
    }
    const char *host = u->host;
    size_t hl = strlen(host);
    for (const char *d = host; d;) {
        const char *dot = strchr(d, '.');
        if (dot == NULL)
            break;
        size_t dl = hl - (size_t)(d - host);
        if (mm_snapshot_lookup(snap, MM_KIND_DOMAIN, d, dl, &h) && !ref_seen(&hs, h.id)) {
            hits++;
            ref_add(snap, &h, "DOMAIN_LISTED", "domain", d, dl, ref_weight(&h, 90, 65), a, out);
        }
        d = dot + 1;
    }
    return hits;
}

/* ---- fixture: a snapshot made from the corpus ----------------------------- */

static void assert_same(const mm_verdict *want, int want_hits, const mm_verdict *got, int got_hits,
                        const char *url, const char *who)
{
    cr_assert_eq(got_hits, want_hits, "%s: %s gave %d hits, the reference %d", url, who, got_hits,
                 want_hits);
    cr_assert_eq(got->nreasons, want->nreasons, "%s: %s reasons", url, who);
    for (size_t k = 0; k < want->nreasons; k++) {
        const mm_reason *w = &want->reasons[k], *g = &got->reasons[k];
        cr_assert_str_eq(g->code, w->code, "%s: %s reason %zu", url, who, k);
        cr_assert_eq(g->indicator_id, w->indicator_id, "%s: %s reason %zu", url, who, k);
        cr_assert_str_eq(g->detail, w->detail, "%s: %s reason %zu", url, who, k);
        cr_assert_eq(g->weight, w->weight, "%s: %s reason %zu", url, who, k);
        cr_assert(g->category == w->category ||
                      (g->category && w->category && strcmp(g->category, w->category) == 0),
                  "%s: %s reason %zu category", url, who, k);
    }
}

Test(url_lookup_batch, same_reasons_as_one_key_at_a_time_on_jpcert)
{
    const char *d = getenv("MAMORU_SHARED_DATA");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/jpcert-phishurl", d && *d ? d : "../shared/data");
    FILE *probe = fopen(dir, "r");
    if (probe == NULL)
        cr_skip_test("%s not found: set MAMORU_SHARED_DATA", dir);
    fclose(probe);
    url_corpus c = {0};
    mm_error err = {0};
    cr_assert_eq(mm_url_corpus_read(dir, url_corpus_collect, &c, &err), MM_OK, "%s", err.message);
    cr_assert_gt(c.n, 100000);

    /* list: every third URL as given (scheme swapped for every second of
     * those), every 15th also under the other scheme (two hits from one
     * expression), every 7th URL's host minus its first label as a domain,
     * IP hosts as ips; statuses and confidences vary the weights */
    mm_arena *build = mm_arena_new(0);
    size_t ne = 0;
    mm_snapshot_entry *e = calloc(3 * c.n, sizeof *e);
    static const char *const cats[] = {"phishing", "delivery_lure", "bank_lure"};
    for (size_t i = 0; i < c.n; i++) {
        mm_url u;
        if (mm_norm_url(c.urls[i], build, &u, NULL) != MM_OK)
            continue;
        mm_hit hit = {.id = (uint32_t)ne + 1,
                      .status = (mm_ind_status)(i % 3),
                      .confidence = (uint8_t)(i % 101)};
        const char *rest = strstr(u.canonical, "://") + 3;
        if (i % 3 == 0) {
            const char *v = i % 2 ? mm_arena_printf(build, "https://%s", rest)
                                  : mm_arena_printf(build, "http://%s", rest);
            e[ne++] = (mm_snapshot_entry){MM_KIND_URL, v, strlen(v), hit, cats[i % 3]};
            if (i % 15 == 0) {
                const char *w = i % 2 ? mm_arena_printf(build, "http://%s", rest)
                                      : mm_arena_printf(build, "https://%s", rest);
                hit.id = (uint32_t)ne + 1;
                e[ne++] = (mm_snapshot_entry){MM_KIND_URL, w, strlen(w), hit, "phishing"};
            }
        }
        if (u.host_is_ip && i % 2 == 0) {
            const char *ip =
                u.host[0] == '[' ? mm_arena_strndup(build, u.host + 1, strlen(u.host) - 2) : u.host;
            hit.id = (uint32_t)ne + 1;
            e[ne++] = (mm_snapshot_entry){MM_KIND_IP, ip, strlen(ip), hit, "phishing"};
        } else if (!u.host_is_ip && i % 7 == 0) {
            const char *dot = strchr(u.host, '.');
            if (dot && strchr(dot + 1, '.')) {
                hit.id = (uint32_t)ne + 1;
                e[ne++] =
                    (mm_snapshot_entry){MM_KIND_DOMAIN, dot + 1, strlen(dot + 1), hit, "bank_lure"};
            }
        }
    }
    mm_snapshot *snap = NULL;
    cr_assert_eq(mm_snapshot_build_from(e, ne, KEY, sizeof KEY, &snap, &err), MM_OK, "%s",
                 err.message);

    /* check every URL three ways; the batch is fed 37 at a time so batches
     * cross the lookup's internal rounds of 16 */
    enum { B = 37 };
    mm_arena *a = mm_arena_new(0);
    size_t with_hits = 0, two_scheme = 0, checked = 0;
    for (size_t base = 0; base < c.n; base += B) {
        mm_arena_reset(a);
        size_t m = c.n - base < B ? c.n - base : B;
        mm_url u[B];
        mm_verdict vb[B];
        int hb[B];
        for (size_t j = 0; j < m; j++) {
            if (mm_norm_url(c.urls[base + j], a, &u[j], NULL) != MM_OK)
                u[j].host = NULL;
            mm_verdict_init(&vb[j]);
        }
        cr_assert_eq(mm_url_lookup_batch(snap, u, m, a, vb, hb), MM_OK);
        for (size_t j = 0; j < m; j++) {
            if (u[j].host == NULL) {
                cr_assert_eq(hb[j], 0);
                continue;
            }
            mm_verdict want, one;
            mm_verdict_init(&want);
            mm_verdict_init(&one);
            int wh = ref_lookup(snap, &u[j], a, &want);
            int oh = mm_url_lookup(snap, &u[j], a, &one);
            assert_same(&want, wh, &one, oh, c.urls[base + j], "mm_url_lookup");
            assert_same(&want, wh, &vb[j], hb[j], c.urls[base + j], "mm_url_lookup_batch");
            checked++;
            with_hits += wh > 0;
            for (size_t k = 0; k + 1 < want.nreasons; k++)
                two_scheme += strncmp(want.reasons[k].detail, "listed URL 'https://", 20) == 0 &&
                              strncmp(want.reasons[k + 1].detail, "listed URL 'http://", 19) == 0;
        }
    }
    cr_log_info("batch lookup: %zu URLs checked, %zu with hits, %zu https+http pairs", checked,
                with_hits, two_scheme);
    cr_assert_gt(with_hits, checked / 4, "the fixture should make many URLs hit");
    cr_assert_gt(two_scheme, 100, "the fixture should list URLs under both schemes");
    mm_snapshot_release(snap);
    mm_arena_free(a);
    mm_arena_free(build);
    free(e);
    url_corpus_free(&c);
}
