/*
 * url_lookup.c — the blocklist part of a URL verdict: every Safe-Browsing
 * host-suffix × path-prefix expression as kind url (one key for both
 * schemes: the snapshot keys URLs without http(s)://), the host and its
 * parents as kind domain (the registrable domain among them), an IP host as
 * kind ip. At ten million listed values every key is a DRAM miss, so a round
 * of 16 URLs first hashes its keys and prefetches their slots, then compares
 * — the misses overlap. The domain probes go first and also fetch the
 * snapshot's URL-host filter, so only hosts some listed URL may be under get
 * their ~8 expression probes (most hosts get none). Reasons come out URL by
 * URL in the order one key at a time gave them (test_url_lookup_batch.c keeps
 * that algorithm as the reference). Seeded XXH3, no SHA-256 (that is for the
 * hash-prefix feed); keys in a stack buffer; the arena holds the round.
 */
#include <string.h>

#include "screen/url_internal.h"

#define KEY_STACK 2048
#define ROUND_URLS 16 /* URLs whose probes are started before any finishes */

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
                         const char *what, const char *pre, const char *value, size_t len, int w,
                         mm_arena *a, mm_verdict *out)
{
    size_t pl = strlen(pre);
    int shown = (int)(len + pl > 200 ? (200 > pl ? 200 - pl : 0) : len);
    mm_reason r = {
        .code = code,
        .category = mm_snapshot_category_name(snap, h->category),
        .detail = mm_arena_printf(a, "listed %s '%s%.*s' (%s)", what, pre, shown, value,
                                  mm_ind_status_name(h->status)),
        .weight = w,
        .indicator_id = h->id,
    };
    if (r.detail == NULL)
        return MM_ENOMEM;
    return mm_verdict_add(out, a, &r);
}

/* The Safe-Browsing expressions of one URL as host suffixes × path
 * prefixes — those of mm_url_expressions (tests/unit/screen/test_url_lookup.c
 * checks that the two agree), kept as offsets so a key is two memcpys. */
typedef struct exprs {
    const mm_url *u;
    const char *hosts[5];
    size_t hlen[5], nh;
    size_t plen[6], np; /* path prefix lengths */
    bool withq[6];      /* prefix is the whole path + "?query" */
    size_t pl, ql;
} exprs;

static void exprs_of(const mm_url *u, exprs *x)
{
    x->u = u;
    x->nh = 0;
    size_t hl0 = strlen(u->host);
    x->hosts[x->nh] = u->host, x->hlen[x->nh++] = hl0;
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
            x->hosts[x->nh] = u->host + i, x->hlen[x->nh++] = hl0 - i;
        }
    }
    const char *path = u->path;
    size_t pl = strlen(path), ql = u->query && u->query[0] ? strlen(u->query) : 0;
    x->pl = pl;
    x->ql = ql;
    x->np = 0;
    memset(x->withq, 0, sizeof x->withq);
    if (ql)
        x->plen[x->np] = pl, x->withq[x->np++] = true;
    x->plen[x->np++] = pl;
    if (pl != 1)
        x->plen[x->np++] = 1; /* "/" */
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
        if (nc < 4 && i < pl && i + 1 != pl && x->np < 6)
            x->plen[x->np++] = i + 1;
    }
}

/* Write expression (hi, pi) of x to key (room for hlen + pl + 1 + ql);
 * returns its length. */
static size_t expr_write(const exprs *x, size_t hi, size_t pi, char *key)
{
    size_t o = x->hlen[hi];
    memcpy(key, x->hosts[hi], o);
    memcpy(key + o, x->u->path, x->plen[pi]);
    o += x->plen[pi];
    if (x->withq[pi]) {
        key[o++] = '?';
        memcpy(key + o, x->u->query, x->ql);
        o += x->ql;
    }
    return o;
}

enum { P_URL, P_IP, P_DOMAIN };

/* What to say if a started probe hits (kept apart from the probes, so
 * the probes are one dense array for mm_snapshot_probe_finish_many). */
typedef struct qinfo {
    uint8_t what; /* P_* */
    uint8_t url;  /* index in the round */
    uint8_t hi, pi;
    uint32_t off; /* P_DOMAIN: start of the domain in the host */
} qinfo;

/* Domain probes per URL in a round; a host with more labels than this is
 * looked up on its own, key by key (same answers, no overlap). */
#define MAX_DOMAIN_PROBES 34
/* A round's queue never fills: every URL adds at most this many probes. */
#define PROBES_PER_URL (MAX_DOMAIN_PROBES + 30)

/* The state of one batch (round) of URLs. */
typedef struct batch {
    const mm_snapshot *snap;
    mm_arena *a;
    const mm_url *u; /* the round's URLs */
    mm_verdict *out; /* one per URL */
    int *hits;       /* one per URL: hit count or negative mm_status */
    exprs *x;        /* per URL of the round (min(n, ROUND_URLS) of each) */
    hitset *hs;
    size_t dstart[ROUND_URLS], dcount[ROUND_URLS]; /* each URL's domain probes */
    mm_snapshot_probe *pr;                         /* started probes, cap of them */
    qinfo *qi;
    uint8_t *found;
    uint32_t *hit; /* indices of found probes, in queue order */
    size_t nq, cap;
} batch;

/* Room for URL j's longest expression key: stack when it fits (KEY_STACK
 * bytes), else the arena; NULL (and URL j failed) when out of memory. */
static char *key_room(batch *r, size_t j, char *stack)
{
    const exprs *x = &r->x[j];
    size_t need = x->hlen[0] + x->pl + 1 + x->ql;
    char *key = need <= KEY_STACK ? stack : mm_arena_alloc(r->a, need);
    if (key == NULL)
        r->hits[j] = MM_ENOMEM;
    return key;
}

/* Add the reasons of probe pr (hits in found, records in h) of URL j. */
static void emit(batch *r, const qinfo *q, unsigned found, const mm_hit h[2])
{
    char stack[KEY_STACK];
    size_t j = q->url;
    if (r->hits[j] < 0)
        return;
    const mm_url *u = &r->u[j];
    mm_verdict *out = &r->out[j];
    for (size_t k = 0; k < 2; k++) {
        if (!(found >> k & 1) || seen(&r->hs[j], h[k].id))
            continue;
        mm_status st;
        if (q->what == P_URL) {
            char *key = key_room(r, j, stack);
            if (key == NULL)
                return;
            size_t kl = expr_write(&r->x[j], q->hi, q->pi, key);
            /* bit 0: listed under https, bit 1: under http — https is
             * reported first, as the lookups of "https://e" then
             * "http://e" one at a time did */
            const char *pre = k == 0 ? "https://" : "http://";
            r->hits[j]++;
            st = add_hit(r->snap, &h[k], "URL_LISTED", "URL", pre, key, kl,
                         weight_of(&h[k], 95, 70), r->a, out);
        } else if (q->what == P_IP) {
            const char *ip = u->host;
            size_t il = strlen(ip);
            if (il > 2 && ip[0] == '[')
                ip++, il -= 2;
            r->hits[j]++;
            st = add_hit(r->snap, &h[k], "IP_LISTED", "IP address", "", ip, il,
                         weight_of(&h[k], 85, 55), r->a, out);
        } else {
            const char *d = u->host + q->off;
            r->hits[j]++;
            st = add_hit(r->snap, &h[k], "DOMAIN_LISTED", "domain", "", d, strlen(d),
                         weight_of(&h[k], 90, 65), r->a, out);
        }
        if (st != MM_OK) {
            r->hits[j] = MM_ENOMEM;
            return;
        }
    }
}

/* Compare every queued probe, then add the reasons of the hits URL by URL:
 * a URL's expression hits first, then its IP or domain hits, each in the
 * order they were started — the order of one key at a time. */
static void finish_round(batch *r, size_t m)
{
    mm_snapshot_probe_finish_many(r->snap, r->pr, r->nq, r->found);
    size_t nh = 0;
    for (size_t i = 0; i < r->nq; i++)
        if (r->found[i])
            r->hit[nh++] = (uint32_t)i;
    for (size_t j = 0; j < m && nh > 0; j++)
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < nh; k++) {
                const qinfo *q = &r->qi[r->hit[k]];
                if (q->url != j || (q->what == P_URL) != (pass == 0))
                    continue;
                mm_hit h[2];
                unsigned f = mm_snapshot_probe_finish(r->snap, &r->pr[r->hit[k]], h);
                emit(r, q, f, h);
            }
    r->nq = 0;
}

static mm_snapshot_probe *push(batch *r, qinfo **info)
{
    *info = &r->qi[r->nq];
    return &r->pr[r->nq++];
}

/* URL j's keys one at a time, reasons added at once: for IP hosts, hosts
 * without a dot (no domain probe to ask the URL-host filter) and hosts
 * with more labels than a round has room for. */
static void lookup_alone(batch *r, size_t j)
{
    const mm_url *u = &r->u[j];
    const exprs *x = &r->x[j];
    char stack[KEY_STACK];
    char *key = key_room(r, j, stack);
    if (key == NULL)
        return;
    mm_snapshot_probe p;
    mm_hit h[2];
    for (size_t hi = 0; hi < x->nh; hi++)
        for (size_t pi = 0; pi < x->np; pi++) {
            mm_snapshot_probe_expression(r->snap, key, expr_write(x, hi, pi, key), &p);
            qinfo q = {.what = P_URL, .url = (uint8_t)j, .hi = (uint8_t)hi, .pi = (uint8_t)pi};
            emit(r, &q, mm_snapshot_probe_finish(r->snap, &p, h), h);
        }
    const char *host = u->host;
    if (u->host_is_ip) {
        const char *ip = host;
        size_t il = strlen(ip);
        if (il > 2 && ip[0] == '[') /* "[2001:db8::1]" → "2001:db8::1" */
            ip++, il -= 2;
        mm_snapshot_probe_start(r->snap, MM_KIND_IP, ip, il, &p);
        qinfo q = {.what = P_IP, .url = (uint8_t)j};
        emit(r, &q, mm_snapshot_probe_finish(r->snap, &p, h), h);
        return;
    }
    size_t hl = x->hlen[0];
    for (size_t i = 0; i < hl;) {
        const char *dot = memchr(host + i, '.', hl - i);
        if (dot == NULL)
            break; /* a bare TLD is never looked up */
        mm_snapshot_probe_start(r->snap, MM_KIND_DOMAIN, host + i, hl - i, &p);
        qinfo q = {.what = P_DOMAIN, .url = (uint8_t)j, .off = (uint32_t)i};
        emit(r, &q, mm_snapshot_probe_finish(r->snap, &p, h), h);
        i = (size_t)(dot - host) + 1;
    }
}

/* First half for URL j: the domain probes (kind domain: the host, then each
 * parent with at least two labels — the registrable domain among them, no
 * PSL lookup needed). They also fetch the URL-host filter's lines. Returns
 * false when the URL was looked up alone instead. */
static bool start_domains(batch *r, size_t j)
{
    const mm_url *u = &r->u[j];
    exprs *x = &r->x[j];
    exprs_of(u, x);
    const char *host = u->host;
    size_t hl = x->hlen[0], dots = 0;
    for (size_t i = 0; i < hl; i++)
        dots += host[i] == '.';
    if (u->host_is_ip || dots == 0 || dots > MAX_DOMAIN_PROBES) {
        lookup_alone(r, j);
        return false;
    }
    r->dstart[j] = r->nq;
    for (size_t i = 0; i < hl;) {
        const char *dot = memchr(host + i, '.', hl - i);
        if (dot == NULL)
            break; /* a bare TLD is never looked up */
        qinfo *q;
        mm_snapshot_probe_start(r->snap, MM_KIND_DOMAIN, host + i, hl - i, push(r, &q));
        q->what = P_DOMAIN, q->url = (uint8_t)j, q->off = (uint32_t)i;
        i = (size_t)(dot - host) + 1;
    }
    r->dcount[j] = r->nq - r->dstart[j];
    return true;
}

/* Second half for URL j: the expressions of every host suffix that the
 * URL-host filter says may have listed URLs (most hosts have none). */
static void start_expressions(batch *r, size_t j)
{
    const exprs *x = &r->x[j];
    char stack[KEY_STACK];
    char *key = key_room(r, j, stack);
    if (key == NULL)
        return;
    for (size_t hi = 0; hi < x->nh; hi++) {
        uint32_t off = (uint32_t)(x->hlen[0] - x->hlen[hi]);
        bool maybe = true; /* no domain probe of this suffix (cannot happen): ask the table */
        for (size_t k = r->dstart[j]; k < r->dstart[j] + r->dcount[j]; k++)
            if (r->qi[k].off == off) {
                maybe = mm_snapshot_probe_url_host(r->snap, &r->pr[k]);
                break;
            }
        if (!maybe)
            continue;
        for (size_t pi = 0; pi < x->np; pi++) {
            size_t kl = expr_write(x, hi, pi, key);
            qinfo *q;
            mm_snapshot_probe_expression(r->snap, key, kl, push(r, &q));
            q->what = P_URL, q->url = (uint8_t)j, q->hi = (uint8_t)hi, q->pi = (uint8_t)pi;
        }
    }
}

int mm_url_lookup_batch(const mm_snapshot *snap, const mm_url *u, size_t n, mm_arena *a,
                        mm_verdict *out, int *hits)
{
    if (u == NULL || out == NULL || hits == NULL)
        return MM_EINVAL;
    size_t per = n < ROUND_URLS ? n : ROUND_URLS, cap = PROBES_PER_URL * per;
    batch *r = mm_arena_alloc(a, sizeof *r);
    exprs *x = mm_arena_alloc(a, per * sizeof *x);
    hitset *hs = mm_arena_alloc(a, per * sizeof *hs);
    mm_snapshot_probe *pr = mm_arena_alloc(a, cap * sizeof *pr);
    qinfo *qi = mm_arena_alloc(a, cap * sizeof *qi);
    uint8_t *found = mm_arena_alloc(a, cap);
    uint32_t *hit = mm_arena_alloc(a, cap * sizeof *hit);
    if (r == NULL || x == NULL || hs == NULL || pr == NULL || qi == NULL || found == NULL ||
        hit == NULL)
        return MM_ENOMEM;
    r->x = x;
    r->hs = hs;
    r->pr = pr;
    r->qi = qi;
    r->found = found;
    r->hit = hit;
    r->cap = cap;
    r->snap = snap;
    r->a = a;
    for (size_t base = 0; base < n; base += ROUND_URLS) {
        size_t m = n - base < ROUND_URLS ? n - base : ROUND_URLS;
        bool queued[ROUND_URLS];
        r->u = u + base;
        r->out = out + base;
        r->hits = hits + base;
        r->nq = 0;
        for (size_t j = 0; j < m; j++) {
            r->hits[j] = 0;
            r->hs[j].n = 0;
            queued[j] = snap != NULL && u[base + j].host != NULL && u[base + j].path != NULL &&
                        start_domains(r, j);
        }
        for (size_t j = 0; j < m; j++)
            if (queued[j] && r->hits[j] >= 0)
                start_expressions(r, j);
        finish_round(r, m);
    }
    return MM_OK;
}

int mm_url_lookup(const mm_snapshot *snap, const mm_url *u, mm_arena *a, mm_verdict *out)
{
    if (snap == NULL || u == NULL || u->host == NULL)
        return 0;
    int hits = 0;
    int st = mm_url_lookup_batch(snap, u, 1, a, out, &hits);
    return st < 0 ? st : hits;
}
