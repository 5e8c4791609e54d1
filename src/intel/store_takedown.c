/*
 * store_takedown.c — takedown requests sent to hosting providers about
 * phishing URLs, their states and timestamps, and time-to-takedown
 * statistics per impersonated brand and per provider.
 *
 * One request = one canonical URL at one provider; states move requested →
 * acknowledged → taken_down | refused (mm_takedown_transition_ok). Each
 * change is a takedown_events row with the time it happened (may be
 * back-dated from a ticket system) and the time it was recorded, plus an
 * audit entry in the same transaction. The brand is given, or taken from
 * the URL indicator's "brand=…" evidence (`mamoru import phish-reports`).
 * Statistics are computed in C in one pass: medians and percentiles need
 * the sorted durations per group, which SQLite has no aggregate for, and
 * the table holds one row per request (thousands, not millions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/intel_phish.h"

#define FUTURE_SLACK 86400
#define MAX_NOTE 1000
#define MAX_NAME 100

static const char *const state_names[MM_TD__COUNT] = {"requested", "acknowledged", "taken_down",
                                                      "refused"};

const char *mm_takedown_state_name(mm_takedown_state s)
{
    return (unsigned)s < MM_TD__COUNT ? state_names[s] : NULL;
}

mm_status mm_takedown_state_parse(const char *name, mm_takedown_state *out, mm_error *err)
{
    for (int i = 0; i < MM_TD__COUNT; i++)
        if (name && strcmp(name, state_names[i]) == 0) {
            *out = (mm_takedown_state)i;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "state",
                        "unknown takedown state '%.40s' (expected requested, acknowledged, "
                        "taken_down or refused)",
                        name ? name : "");
}

bool mm_takedown_transition_ok(mm_takedown_state from, mm_takedown_state to)
{
    if ((unsigned)from >= MM_TD__COUNT || (unsigned)to >= MM_TD__COUNT)
        return false;
    if (from == to)
        return true;
    switch (from) {
    case MM_TD_REQUESTED: return to != MM_TD_REQUESTED;
    case MM_TD_ACKNOWLEDGED: return to == MM_TD_TAKEN_DOWN || to == MM_TD_REFUSED;
    default: return false;
    }
}

int64_t mm_percentile(const int64_t *sorted, size_t n, int p)
{
    if (n == 0)
        return -1;
    if (p < 1)
        p = 1;
    if (p > 100)
        p = 100;
    /* nearest rank: the smallest value with at least p% of values <= it */
    size_t rank = ((size_t)p * n + 99) / 100;
    return sorted[rank ? rank - 1 : 0];
}

/* UTF-8, 1..max bytes, no control characters. */
static mm_status check_text(const char *v, const char *field, size_t max, bool required,
                            mm_error *err)
{
    size_t n = v ? strlen(v) : 0;
    if (n == 0)
        return required ? mm_error_set(err, MM_EINVAL, field, "%s is required", field) : MM_OK;
    if (n > max)
        return mm_error_set(err, MM_EINVAL, field, "%s '%.40s…' is %zu bytes (max %zu)", field, v,
                            n, max);
    if (mm_utf8_validate(v, n, NULL) != MM_OK)
        return mm_error_set(err, MM_EINVAL, field, "%s '%.40s' is not UTF-8", field, v);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return mm_error_set(err, MM_EINVAL, field, "%s '%.40s' contains a control character",
                                field, v);
    return MM_OK;
}

#define TD_COLS                                                                                    \
    "id, url, host, provider, brand, coalesce(indicator_id, 0), state, org_id, note, requested, " \
    "acknowledged, closed, updated"

static mm_status row_to_td(sqlite3_stmt *st, mm_arena *a, mm_takedown *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    t->url = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
    t->host = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 2));
    t->provider = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 3));
    t->brand = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 4));
    t->indicator_id = sqlite3_column_int64(st, 5);
    t->state = (mm_takedown_state)sqlite3_column_int(st, 6);
    t->org_id = sqlite3_column_int64(st, 7);
    if (sqlite3_column_type(st, 8) != SQLITE_NULL)
        t->note = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 8));
    t->requested = sqlite3_column_int64(st, 9);
    t->acknowledged = sqlite3_column_int64(st, 10);
    t->closed = sqlite3_column_int64(st, 11);
    t->updated = sqlite3_column_int64(st, 12);
    if (!t->url || !t->host || !t->provider || !t->brand ||
        (sqlite3_column_type(st, 8) != SQLITE_NULL && !t->note))
        return MM_ENOMEM;
    return MM_OK;
}

static mm_status get_locked(mm_store *s, int64_t id, mm_arena *a, mm_takedown *out, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    mm_status rc;
    if (sqlite3_prepare_v2(s->db, "SELECT " TD_COLS " FROM takedowns WHERE id = ?1", -1, &st,
                           NULL) != SQLITE_OK)
        return store_sql_error(s, err, "prepare takedown read");
    sqlite3_bind_int64(st, 1, id);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        rc = out ? row_to_td(st, a, out) : MM_OK;
    else if (step == SQLITE_DONE)
        rc = mm_error_set(err, MM_ENOTFOUND, "id", "no takedown request %lld", (long long)id);
    else
        rc = store_sql_error(s, err, "read takedown");
    if (rc == MM_ENOMEM)
        mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
    sqlite3_finalize(st);
    return rc;
}

/* The URL indicator (id) and the brand of its newest "brand=…" evidence. */
static mm_status find_indicator(mm_store *s, const char *canonical, mm_arena *a, int64_t *id,
                                const char **brand, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    *id = 0;
    *brand = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT i.id, (SELECT substr(e.text, 7) FROM evidence e WHERE "
                           "e.indicator_id = i.id AND e.text LIKE 'brand=%' ORDER BY e.id DESC "
                           "LIMIT 1) FROM indicators i WHERE i.kind = 1 AND i.canonical = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_error(s, err, "prepare indicator lookup");
    sqlite3_bind_text(st, 1, canonical, -1, SQLITE_STATIC);
    mm_status rc = MM_OK;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        const unsigned char *b = sqlite3_column_text(st, 1);
        if (b && b[0]) {
            /* evidence may say "brand=X; more": keep X */
            size_t n = strcspn((const char *)b, ";\n");
            *brand = mm_arena_strndup(a, (const char *)b, n > MAX_NAME ? MAX_NAME : n);
        }
    } else if (step != SQLITE_DONE) {
        rc = store_sql_error(s, err, "look up URL indicator");
    }
    sqlite3_finalize(st);
    return rc;
}

static mm_status add_event(mm_store *s, int64_t td, mm_takedown_state state, int64_t at,
                           int64_t org, const char *note, mm_error *err)
{
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO takedown_events (takedown_id, state, at, recorded, org_id, "
                           "note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           -1, &st, NULL) != SQLITE_OK)
        return store_sql_error(s, err, "prepare takedown event");
    sqlite3_bind_int64(st, 1, td);
    sqlite3_bind_int(st, 2, (int)state);
    sqlite3_bind_int64(st, 3, at);
    sqlite3_bind_int64(st, 4, s->now);
    sqlite3_bind_int64(st, 5, org);
    if (note && note[0])
        sqlite3_bind_text(st, 6, note, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = store_sql_error(s, err, "insert takedown event");
    sqlite3_finalize(st);
    return rc;
}

mm_status mm_store_takedown_request(mm_store *s, const mm_takedown_request *r, mm_arena *a,
                                    mm_takedown *out, mm_error *err)
{
    mm_status rc;
    if (r == NULL || a == NULL)
        return mm_error_set(err, MM_EINVAL, "request", "no request or arena given");
    if (r->url == NULL || r->url[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "url", "url is required");
    if ((rc = check_text(r->provider, "provider", MAX_NAME, true, err)) != MM_OK ||
        (rc = check_text(r->brand, "brand", MAX_NAME, false, err)) != MM_OK ||
        (rc = check_text(r->note, "note", MAX_NOTE, false, err)) != MM_OK)
        return rc;
    if (strlen(r->url) > 8192)
        return mm_error_set(err, MM_EINVAL, "url", "url '%.40s…' is longer than 8192 bytes",
                            r->url);
    mm_url u;
    if ((rc = mm_norm_url(r->url, a, &u, err)) != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "url");
        return rc;
    }
    /* the provider as written, trimmed of surrounding spaces */
    const char *p = r->provider;
    while (*p == ' ')
        p++;
    size_t pl = strlen(p);
    while (pl > 0 && p[pl - 1] == ' ')
        pl--;
    if (pl == 0)
        return mm_error_set(err, MM_EINVAL, "provider", "provider '%s' is blank", r->provider);
    char *provider = mm_arena_strndup(a, p, pl);
    if (provider == NULL)
        return mm_error_set(err, MM_ENOMEM, "arena", "out of memory");

    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    if ((rc = store_org_check(s, r->org_id, err)) != MM_OK)
        goto unlock;
    if ((rc = store_tx_begin(s, err)) != MM_OK)
        goto unlock;
    int64_t at = r->at ? r->at : s->now;
    if (at < 0 || at > s->now + FUTURE_SLACK) {
        rc = mm_error_set(err, MM_EINVAL, "at", "time %lld is negative or in the future",
                          (long long)r->at);
        goto rollback;
    }
    /* one open request per URL and provider */
    if (sqlite3_prepare_v2(s->db,
                           "SELECT id FROM takedowns WHERE url = ?1 AND provider = ?2 AND "
                           "state IN (0, 1) LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare duplicate check");
        goto rollback;
    }
    sqlite3_bind_text(st, 1, u.canonical, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        rc = mm_error_set(err, MM_EEXIST, "url",
                          "'%.200s' already has an open takedown request (%lld) at '%.60s'",
                          u.canonical, (long long)sqlite3_column_int64(st, 0), provider);
        goto rollback;
    }
    if (step != SQLITE_DONE) {
        rc = store_sql_error(s, err, "check open takedowns");
        goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    int64_t ind = 0;
    const char *brand = r->brand && r->brand[0] ? r->brand : NULL;
    const char *ev_brand = NULL;
    if ((rc = find_indicator(s, u.canonical, a, &ind, &ev_brand, err)) != MM_OK)
        goto rollback;
    if (brand == NULL)
        brand = ev_brand ? ev_brand : "unknown";
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO takedowns (url, host, provider, brand, indicator_id, state, "
                           "org_id, note, requested, updated) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, "
                           "?7, ?8, ?9)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare takedown insert");
        goto rollback;
    }
    sqlite3_bind_text(st, 1, u.canonical, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, u.host, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, provider, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, brand, -1, SQLITE_STATIC);
    if (ind)
        sqlite3_bind_int64(st, 5, ind);
    sqlite3_bind_int64(st, 6, r->org_id);
    if (r->note && r->note[0])
        sqlite3_bind_text(st, 7, r->note, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, at);
    sqlite3_bind_int64(st, 9, s->now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "insert takedown");
        goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    int64_t id = sqlite3_last_insert_rowid(s->db);
    if ((rc = add_event(s, id, MM_TD_REQUESTED, at, r->org_id, r->note, err)) != MM_OK)
        goto rollback;
    char object[40], detail[400];
    snprintf(object, sizeof object, "takedown:%lld", (long long)id);
    snprintf(detail, sizeof detail, "state=requested provider=%.100s brand=%.100s indicator=%lld",
             provider, brand, (long long)ind);
    if ((rc = audit_append_tx(s, r->org_id, "takedown.request", object, detail, err)) != MM_OK)
        goto rollback;
    if (out && (rc = get_locked(s, id, a, out, err)) != MM_OK)
        goto rollback;
    rc = store_tx_commit(s, err);
    goto unlock;
rollback:
    sqlite3_finalize(st);
    store_tx_rollback(s);
unlock:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_takedown_update(mm_store *s, int64_t id, mm_takedown_state to, int64_t at,
                                   const char *note, int64_t org_id, bool any_org, mm_arena *a,
                                   mm_takedown *out, mm_error *err)
{
    mm_status rc;
    if ((unsigned)to >= MM_TD__COUNT)
        return mm_error_set(err, MM_EINVAL, "state", "unknown takedown state %d", (int)to);
    if ((rc = check_text(note, "note", MAX_NOTE, false, err)) != MM_OK)
        return rc;
    if (a == NULL)
        return mm_error_set(err, MM_EINVAL, "arena", "an arena is needed");
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_takedown cur;
    if ((rc = store_tx_begin(s, err)) != MM_OK)
        goto unlock;
    if ((rc = get_locked(s, id, a, &cur, err)) != MM_OK)
        goto rollback;
    if (!any_org && cur.org_id != org_id) {
        rc = mm_error_set(err, MM_EDENIED, "id",
                          "takedown request %lld belongs to another organisation", (long long)id);
        goto rollback;
    }
    if (!mm_takedown_transition_ok(cur.state, to)) {
        rc = mm_error_set(err, MM_ECONFLICT, "state", "takedown %lld cannot go from %s to %s",
                          (long long)id, mm_takedown_state_name(cur.state),
                          mm_takedown_state_name(to));
        goto rollback;
    }
    if (cur.state == to) { /* no-op: nothing written */
        if (out)
            *out = cur;
        store_tx_rollback(s);
        goto unlock;
    }
    int64_t when = at ? at : s->now;
    if (when > s->now + FUTURE_SLACK || when < cur.requested) {
        rc = mm_error_set(err, MM_EINVAL, "at",
                          "time %lld is in the future or before the request (%lld)",
                          (long long)when, (long long)cur.requested);
        goto rollback;
    }
    if (cur.acknowledged && when < cur.acknowledged) {
        rc = mm_error_set(err, MM_EINVAL, "at", "time %lld is before the acknowledgement (%lld)",
                          (long long)when, (long long)cur.acknowledged);
        goto rollback;
    }
    const char *sql = to == MM_TD_ACKNOWLEDGED
                          ? "UPDATE takedowns SET state = ?2, acknowledged = ?3, updated = ?4, "
                            "note = coalesce(?5, note) WHERE id = ?1"
                          : "UPDATE takedowns SET state = ?2, closed = ?3, updated = ?4, "
                            "note = coalesce(?5, note) WHERE id = ?1";
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare takedown update");
        goto rollback;
    }
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, (int)to);
    sqlite3_bind_int64(st, 3, when);
    sqlite3_bind_int64(st, 4, s->now);
    if (note && note[0])
        sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc = store_sql_error(s, err, "update takedown");
        goto rollback;
    }
    sqlite3_finalize(st);
    st = NULL;
    if ((rc = add_event(s, id, to, when, org_id, note, err)) != MM_OK)
        goto rollback;
    char object[40], detail[96];
    snprintf(object, sizeof object, "takedown:%lld", (long long)id);
    snprintf(detail, sizeof detail, "from=%s to=%s at=%lld", mm_takedown_state_name(cur.state),
             mm_takedown_state_name(to), (long long)when);
    if ((rc = audit_append_tx(s, org_id, "takedown.update", object, detail, err)) != MM_OK)
        goto rollback;
    if (out && (rc = get_locked(s, id, a, out, err)) != MM_OK)
        goto rollback;
    rc = store_tx_commit(s, err);
    goto unlock;
rollback:
    sqlite3_finalize(st);
    store_tx_rollback(s);
unlock:
    pthread_mutex_unlock(&s->mu);
    return rc;
}

mm_status mm_store_takedown_get(mm_store *s, int64_t id, mm_arena *a, mm_takedown *out,
                                mm_error *err)
{
    pthread_mutex_lock(&s->mu);
    mm_status rc = get_locked(s, id, a, out, err);
    pthread_mutex_unlock(&s->mu);
    return rc;
}

/* ---- statistics ------------------------------------------------------------------ */

typedef struct td_row {
    const char *brand, *provider;
    int state;
    int64_t ttd; /* closed − requested for taken_down, else -1 */
} td_row;

typedef struct group {
    const char *key;
    mm_takedown_stat st;
    int64_t *d; /* durations */
    size_t nd;
} group;

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static void count_into(mm_takedown_stat *g, const td_row *r)
{
    g->requested++;
    if (r->state == MM_TD_REQUESTED || r->state == MM_TD_ACKNOWLEDGED)
        g->open++;
    else if (r->state == MM_TD_TAKEN_DOWN)
        g->taken_down++;
    else
        g->refused++;
}

/* Group rows by brand (which = 0) or provider (1) into an arena array sorted
 * by key. rows are sorted by that key on entry. */
static mm_status group_by(td_row *rows, size_t n, int which, mm_arena *a, mm_takedown_stat **out,
                          size_t *nout, int64_t *scratch)
{
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = which ? rows[i].provider : rows[i].brand;
        const char *pk = i ? (which ? rows[i - 1].provider : rows[i - 1].brand) : NULL;
        if (i == 0 || strcmp(k, pk) != 0)
            ng++;
    }
    mm_takedown_stat *g = ng ? mm_arena_calloc(a, ng, sizeof *g) : NULL;
    if (ng && g == NULL)
        return MM_ENOMEM;
    size_t gi = 0;
    for (size_t i = 0; i < n;) {
        const char *k = which ? rows[i].provider : rows[i].brand;
        size_t j = i, nd = 0;
        mm_takedown_stat *s = &g[gi++];
        s->key = k;
        for (; j < n && strcmp(which ? rows[j].provider : rows[j].brand, k) == 0; j++) {
            count_into(s, &rows[j]);
            if (rows[j].ttd >= 0)
                scratch[nd++] = rows[j].ttd;
        }
        qsort(scratch, nd, sizeof *scratch, cmp_i64);
        s->median_s = mm_percentile(scratch, nd, 50);
        s->p90_s = mm_percentile(scratch, nd, 90);
        i = j;
    }
    *out = g;
    *nout = ng;
    return MM_OK;
}

static int cmp_brand(const void *a, const void *b)
{
    return strcmp(((const td_row *)a)->brand, ((const td_row *)b)->brand);
}

static int cmp_provider(const void *a, const void *b)
{
    return strcmp(((const td_row *)a)->provider, ((const td_row *)b)->provider);
}

mm_status mm_store_takedown_stats(mm_store *s, mm_arena *a, mm_takedown_stat *overall,
                                  mm_takedown_stat **by_brand, size_t *nbrand,
                                  mm_takedown_stat **by_provider, size_t *nprovider, mm_error *err)
{
    memset(overall, 0, sizeof *overall);
    overall->key = "";
    *by_brand = *by_provider = NULL;
    *nbrand = *nprovider = 0;
    td_row *rows = NULL;
    int64_t *scratch = NULL;
    size_t n = 0, cap = 0;
    mm_status rc = MM_OK;
    sqlite3_stmt *st = NULL;
    pthread_mutex_lock(&s->mu);
    if (sqlite3_prepare_v2(s->db,
                           "SELECT brand, provider, state, CASE WHEN state = 2 THEN closed - "
                           "requested ELSE -1 END FROM takedowns",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare takedown statistics");
        goto unlock;
    }
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            td_row *nr = realloc(rows, nc * sizeof *nr);
            if (nr == NULL) {
                rc = mm_error_set(err, MM_ENOMEM, "store", "out of memory");
                break;
            }
            rows = nr;
            cap = nc;
        }
        td_row *r = &rows[n];
        r->brand = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
        r->provider = mm_arena_strdup(a, (const char *)sqlite3_column_text(st, 1));
        r->state = sqlite3_column_int(st, 2);
        r->ttd = sqlite3_column_int64(st, 3);
        if (r->ttd < -1)
            r->ttd = 0; /* closed before requested cannot be written; be safe */
        if (r->brand == NULL || r->provider == NULL) {
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
            break;
        }
        n++;
    }
    if (rc == MM_OK && step != SQLITE_DONE)
        rc = store_sql_error(s, err, "read takedowns");
unlock:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    if (rc == MM_OK && n > 0 && (scratch = malloc(n * sizeof *scratch)) == NULL)
        rc = mm_error_set(err, MM_ENOMEM, "store", "out of memory");
    if (rc == MM_OK && n > 0) {
        size_t nd = 0;
        for (size_t i = 0; i < n; i++) {
            count_into(overall, &rows[i]);
            if (rows[i].ttd >= 0)
                scratch[nd++] = rows[i].ttd;
        }
        qsort(scratch, nd, sizeof *scratch, cmp_i64);
        overall->median_s = mm_percentile(scratch, nd, 50);
        overall->p90_s = mm_percentile(scratch, nd, 90);
        qsort(rows, n, sizeof *rows, cmp_brand);
        if (group_by(rows, n, 0, a, by_brand, nbrand, scratch) != MM_OK)
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
        qsort(rows, n, sizeof *rows, cmp_provider);
        if (rc == MM_OK && group_by(rows, n, 1, a, by_provider, nprovider, scratch) != MM_OK)
            rc = mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
    } else if (rc == MM_OK) {
        overall->median_s = overall->p90_s = -1;
    }
    free(rows);
    free(scratch);
    return rc;
}
