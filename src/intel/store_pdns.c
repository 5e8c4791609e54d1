/*
 * store_pdns.c — passive-DNS records in the store and the queries behind
 * same-IP discovery: for each confirmed phishing host, the IPs it was seen
 * on, the other domains seen on those IPs and those serving the same
 * certificate, minus what is already listed.
 *
 * One row per (domain, ip): repeated observations merge (earliest first
 * seen, latest last seen, newest certificate), so a daily pDNS export can
 * be imported again and again without growth. The (ip, domain) index turns
 * "who else is on this IP" into one range scan; the partial index on cert
 * does the same for shared certificates.
 *
 * Discovery gathers the raw links here (under the store mutex, reading
 * only) and hands them to discover.c, which scores and ranks them without
 * touching the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/discover_int.h"
#include "intel/store_int.h"

mm_status mm_store_pdns_add(mm_store *s, const mm_pdns_record *r, size_t n, int64_t org_id,
                            size_t *added, mm_error *err)
{
    if (added)
        *added = 0;
    if (n == 0)
        return MM_OK;
    if (r == NULL)
        return mm_error_set(err, MM_EINVAL, "records", "no records given");
    for (size_t i = 0; i < n; i++) {
        if (r[i].domain == NULL || r[i].domain[0] == '\0' || strlen(r[i].domain) > 253)
            return mm_error_set(err, MM_EINVAL, "domain", "record %zu has no valid domain", i);
        if (r[i].ip == NULL || r[i].ip[0] == '\0' || strlen(r[i].ip) > 45)
            return mm_error_set(err, MM_EINVAL, "ip", "record %zu has no valid ip", i);
        if (r[i].first_seen < 0 || r[i].last_seen < r[i].first_seen)
            return mm_error_set(err, MM_EINVAL, "last_seen",
                                "record %zu: last_seen %lld is before first_seen %lld", i,
                                (long long)r[i].last_seen, (long long)r[i].first_seen);
    }
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *ins = NULL, *upd = NULL;
    size_t fresh = 0;
    mm_status rc = store_org_check(s, org_id, err);
    if (rc != MM_OK)
        goto unlock;
    if ((rc = store_tx_begin(s, err)) != MM_OK)
        goto unlock;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO pdns (domain, ip, first_seen, last_seen, cert) VALUES "
                           "(?1, ?2, ?3, ?4, ?5) ON CONFLICT (domain, ip) DO NOTHING",
                           -1, &ins, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "UPDATE pdns SET first_seen = min(first_seen, ?3), last_seen = "
                           "max(last_seen, ?4), cert = CASE WHEN ?5 IS NOT NULL AND ?4 >= "
                           "last_seen THEN ?5 ELSE coalesce(cert, ?5) END WHERE domain = ?1 AND "
                           "ip = ?2",
                           -1, &upd, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare pdns write");
        goto rollback;
    }
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = ins;
        for (int pass = 0; pass < 2; pass++) {
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, r[i].domain, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, r[i].ip, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, r[i].first_seen);
            sqlite3_bind_int64(st, 4, r[i].last_seen);
            if (r[i].cert)
                sqlite3_bind_text(st, 5, r[i].cert, -1, SQLITE_STATIC);
            else
                sqlite3_bind_null(st, 5);
            if (sqlite3_step(st) != SQLITE_DONE) {
                rc = store_sql_error(s, err, "write pdns record");
                goto rollback;
            }
            if (pass == 0 && sqlite3_changes(s->db) == 1) {
                fresh++;
                break;
            }
            st = upd;
        }
    }
    char detail[96];
    snprintf(detail, sizeof detail, "records=%zu new_pairs=%zu", n, fresh);
    if ((rc = audit_append_tx(s, org_id, "pdns.import", "pdns", detail, err)) != MM_OK)
        goto rollback;
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    ins = upd = NULL;
    if ((rc = store_tx_commit(s, err)) == MM_OK && added)
        *added = fresh;
    goto unlock;
rollback:
    sqlite3_finalize(ins);
    sqlite3_finalize(upd);
    store_tx_rollback(s);
unlock:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_pdns_count(mm_store *s, int64_t *pairs, mm_error *err)
{
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pdns", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        rc = store_sql_error(s, err, "count pdns");
    else
        *pairs = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- discovery ------------------------------------------------------------------ */

/* Categories whose confirmed url/domain indicators seed discovery. */
#define SEED_CATEGORIES                                                                            \
    "(category LIKE '%phish%' OR category IN ('smishing', 'delivery_lure', 'fake_shop', "         \
    "'brand_impersonation'))"

typedef struct seed {
    const char *host;
    int64_t first; /* earliest first_seen in pdns, 0 = none */
} seed;

typedef struct vec {
    void *v;
    size_t n, cap, size;
} vec;

static void *vec_push(vec *x)
{
    if (x->n == x->cap) {
        size_t nc = x->cap ? x->cap * 2 : 64;
        void *nv = realloc(x->v, nc * x->size);
        if (nv == NULL)
            return NULL;
        x->v = nv;
        x->cap = nc;
    }
    return (char *)x->v + x->size * x->n++;
}

/* Host of a canonical URL (arena copy), NULL for an IP host. */
static const char *url_host(const char *canonical, mm_arena *a)
{
    const char *h = strstr(canonical, "://");
    if (h == NULL)
        return NULL;
    h += 3;
    size_t n = strcspn(h, "/?");
    if (n == 0 || h[0] == '[' || strspn(h, "0123456789.") == n)
        return NULL;
    return mm_arena_strndup(a, h, n);
}

static int cmp_seed(const void *a, const void *b)
{
    return strcmp(((const seed *)a)->host, ((const seed *)b)->host);
}

/* The seed named host in the sorted seeds, or NULL. */
static const seed *find_seed(const seed *v, size_t n, const char *host)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(v[mid].host, host);
        if (c == 0)
            return &v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Is host already listed: as a domain, or as the host of a URL? */
static mm_status listed(mm_store *s, sqlite3_stmt *dom, sqlite3_stmt *url, const char *host,
                        bool *hit, mm_error *err)
{
    *hit = false;
    sqlite3_reset(dom);
    sqlite3_bind_text(dom, 1, host, -1, SQLITE_STATIC);
    int rc = sqlite3_step(dom);
    if (rc == SQLITE_ROW) {
        *hit = true;
        return MM_OK;
    }
    if (rc != SQLITE_DONE)
        return store_sql_error(s, err, "check listed domain");
    /* canonical URLs of the host: [scheme://host/, scheme://host0) ('0'
     * follows '/'), one index range per scheme */
    static const char *const schemes[] = {"http", "https"};
    for (int i = 0; i < 2 && !*hit; i++) {
        char lo[300], hi[300];
        snprintf(lo, sizeof lo, "%s://%s/", schemes[i], host);
        snprintf(hi, sizeof hi, "%s://%s0", schemes[i], host);
        sqlite3_reset(url);
        sqlite3_bind_text(url, 1, lo, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(url, 2, hi, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(url);
        if (rc == SQLITE_ROW)
            *hit = true;
        else if (rc != SQLITE_DONE)
            return store_sql_error(s, err, "check listed url");
    }
    return MM_OK;
}

mm_status mm_store_discover(mm_store *s, const mm_discover_query *q,
                            const mm_discover_lookalike *look, mm_arena *a,
                            mm_discover_candidate **out, size_t *n, size_t *seeds_used,
                            size_t *ips_skipped, mm_error *err)
{
    *out = NULL;
    *n = 0;
    if (seeds_used)
        *seeds_used = 0;
    if (ips_skipped)
        *ips_skipped = 0;
    int limit = q->limit ? q->limit : 50;
    int fanout_max = q->max_fanout ? q->max_fanout : 200;
    int64_t window = q->window_s ? q->window_s : 7 * 86400;
    if (limit < 1 || limit > 1000)
        return mm_error_set(err, MM_EINVAL, "limit", "limit %d is not within 1..1000", q->limit);
    if (fanout_max < 1 || fanout_max > 100000)
        return mm_error_set(err, MM_EINVAL, "max_fanout", "max_fanout %d is not within 1..100000",
                            q->max_fanout);
    if (window < 0)
        return mm_error_set(err, MM_EINVAL, "window", "window %lld is negative",
                            (long long)q->window_s);
    if (a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed for the results");
    const char *pivot = NULL;
    if (q->domain) {
        mm_domain d;
        mm_status rc = mm_norm_domain(q->domain, a, &d, err);
        if (rc != MM_OK) {
            if (err)
                snprintf(err->field, sizeof err->field, "domain");
            return rc;
        }
        pivot = d.ascii;
    }
    vec seeds = {.size = sizeof(seed)}, links = {.size = sizeof(discover_link)};
    sqlite3_stmt *st_seed = NULL, *st_ips = NULL, *st_fan = NULL, *st_co = NULL, *st_cert = NULL,
                 *st_dom = NULL, *st_url = NULL;
    mm_status rc = MM_OK;
    size_t skipped = 0;
    pthread_mutex_lock(&s->mu);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT kind, canonical, distribution, org_id FROM indicators WHERE "
                           "kind IN (1, 2) AND status IN (1, 2) AND " SEED_CATEGORIES,
                           -1, &st_seed, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT ip, first_seen, cert FROM pdns WHERE domain = ?1", -1,
                           &st_ips, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT count(*) FROM pdns WHERE ip = ?1", -1, &st_fan,
                           NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT domain, first_seen FROM pdns WHERE ip = ?1 AND domain != ?2",
                           -1, &st_co, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT domain, min(first_seen) FROM pdns WHERE cert = ?1 AND domain "
                           "!= ?2 GROUP BY domain LIMIT ?3",
                           -1, &st_cert, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db, "SELECT 1 FROM indicators WHERE kind = 2 AND canonical = ?1",
                           -1, &st_dom, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(s->db,
                           "SELECT 1 FROM indicators WHERE kind = 1 AND canonical >= ?1 AND "
                           "canonical < ?2 LIMIT 1",
                           -1, &st_url, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare discovery");
        goto unlock;
    }
    /* 1. seeds */
    if (pivot) {
        seed *sd = vec_push(&seeds);
        if (sd == NULL)
            goto oom;
        *sd = (seed){pivot, 0};
    } else {
        int step;
        while ((step = sqlite3_step(st_seed)) == SQLITE_ROW) {
            mm_kind kind = (mm_kind)sqlite3_column_int(st_seed, 0);
            const char *canon = (const char *)sqlite3_column_text(st_seed, 1);
            if (!mm_access_visible(q->role, q->org_id, kind,
                                   (mm_distribution)sqlite3_column_int(st_seed, 2),
                                   sqlite3_column_int64(st_seed, 3)))
                continue;
            const char *host =
                kind == MM_KIND_URL ? url_host(canon, a) : mm_arena_strdup(a, canon);
            if (host == NULL)
                continue;
            seed *sd = vec_push(&seeds);
            if (sd == NULL)
                goto oom;
            *sd = (seed){host, 0};
        }
        if (step != SQLITE_DONE) {
            rc = store_sql_error(s, err, "read discovery seeds");
            goto unlock;
        }
    }
    seed *sv = seeds.v;
    if (seeds.n > 1)
        qsort(sv, seeds.n, sizeof *sv, cmp_seed);
    size_t ns = 0;
    for (size_t i = 0; i < seeds.n; i++)
        if (ns == 0 || strcmp(sv[ns - 1].host, sv[i].host) != 0)
            sv[ns++] = sv[i];
    seeds.n = ns;
    size_t used = 0;
    /* 2. per seed: its IPs, the domains on them, the domains sharing its certificates */
    for (size_t i = 0; i < ns && rc == MM_OK; i++) {
        seed *sd = &sv[i];
        sqlite3_reset(st_ips);
        sqlite3_bind_text(st_ips, 1, sd->host, -1, SQLITE_STATIC);
        vec ips = {.size = sizeof(char *)}, certs = {.size = sizeof(char *)};
        int step;
        while ((step = sqlite3_step(st_ips)) == SQLITE_ROW) {
            int64_t f = sqlite3_column_int64(st_ips, 1);
            if (sd->first == 0 || f < sd->first)
                sd->first = f;
            char **ip = vec_push(&ips);
            if (ip == NULL || (*ip = mm_arena_strdup(a, (const char *)sqlite3_column_text(
                                                           st_ips, 0))) == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
                break;
            }
            if (sqlite3_column_type(st_ips, 2) != SQLITE_NULL) {
                char **c = vec_push(&certs);
                if (c == NULL ||
                    (*c = mm_arena_strdup(a, (const char *)sqlite3_column_text(st_ips, 2))) ==
                        NULL) {
                    rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
                    break;
                }
            }
        }
        if (rc == MM_OK && step != SQLITE_DONE && step != SQLITE_ROW)
            rc = store_sql_error(s, err, "read seed addresses");
        used += ips.n > 0;
        for (size_t k = 0; k < ips.n && rc == MM_OK; k++) {
            const char *ip = ((char **)ips.v)[k];
            sqlite3_reset(st_fan);
            sqlite3_bind_text(st_fan, 1, ip, -1, SQLITE_STATIC);
            if (sqlite3_step(st_fan) != SQLITE_ROW) {
                rc = store_sql_error(s, err, "count domains on an address");
                break;
            }
            int fan = sqlite3_column_int(st_fan, 0);
            if (fan > fanout_max) {
                skipped++;
                continue;
            }
            sqlite3_reset(st_co);
            sqlite3_bind_text(st_co, 1, ip, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_co, 2, sd->host, -1, SQLITE_STATIC);
            while (rc == MM_OK && (step = sqlite3_step(st_co)) == SQLITE_ROW) {
                discover_link *L = vec_push(&links);
                if (L == NULL) {
                    rc = mm_error_set(err, MM_ENOMEM, "discover", "out of memory");
                    break;
                }
                *L = (discover_link){
                    .candidate = mm_arena_strdup(a, (const char *)sqlite3_column_text(st_co, 0)),
                    .seed = sd->host,
                    .ip = ip,
                    .cand_first = sqlite3_column_int64(st_co, 1),
                    .fanout = fan};
                if (L->candidate == NULL)
                    rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            }
        }
        for (size_t k = 0; k < certs.n && rc == MM_OK; k++) {
            const char *cert = ((char **)certs.v)[k];
            sqlite3_reset(st_cert);
            sqlite3_bind_text(st_cert, 1, cert, -1, SQLITE_STATIC);
            sqlite3_bind_text(st_cert, 2, sd->host, -1, SQLITE_STATIC);
            sqlite3_bind_int(st_cert, 3, fanout_max + 1);
            size_t first_link = links.n;
            while (rc == MM_OK && (step = sqlite3_step(st_cert)) == SQLITE_ROW) {
                discover_link *L = vec_push(&links);
                if (L == NULL) {
                    rc = mm_error_set(err, MM_ENOMEM, "discover", "out of memory");
                    break;
                }
                *L = (discover_link){
                    .candidate =
                        mm_arena_strdup(a, (const char *)sqlite3_column_text(st_cert, 0)),
                    .seed = sd->host,
                    .cert = cert,
                    .cand_first = sqlite3_column_int64(st_cert, 1)};
                if (L->candidate == NULL)
                    rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            }
            if (links.n - first_link > (size_t)fanout_max) { /* a certificate for everyone */
                links.n = first_link;
                skipped++;
            }
        }
        free(ips.v);
        free(certs.v);
    }
    /* 3. seed times, and drop what is a seed or listed */
    discover_link *lv = links.v;
    size_t kept = 0;
    for (size_t i = 0; i < links.n && rc == MM_OK; i++) {
        discover_link *L = &lv[i];
        if (find_seed(sv, ns, L->candidate))
            continue; /* a brand's own domain: dropped by discover_rank (look) */
        bool hit = false;
        if ((rc = listed(s, st_dom, st_url, L->candidate, &hit, err)) != MM_OK)
            break;
        if (hit)
            continue;
        const seed *sd = find_seed(sv, ns, L->seed);
        L->seed_first = sd ? sd->first : 0;
        lv[kept++] = *L;
    }
    links.n = kept;
    if (seeds_used)
        *seeds_used = used;
    if (ips_skipped)
        *ips_skipped = skipped;
    goto unlock;
oom:
    rc = mm_error_set(err, MM_ENOMEM, "discover", "out of memory");
unlock:
    sqlite3_finalize(st_seed);
    sqlite3_finalize(st_ips);
    sqlite3_finalize(st_fan);
    sqlite3_finalize(st_co);
    sqlite3_finalize(st_cert);
    sqlite3_finalize(st_dom);
    sqlite3_finalize(st_url);
    pthread_mutex_unlock(&s->mu);
    /* 4. scoring is pure and runs without the lock */
    if (rc == MM_OK)
        rc = discover_rank(links.v, links.n, look, window, limit, a, out, n, err);
    free(seeds.v);
    free(links.v);
    return rc;
}
