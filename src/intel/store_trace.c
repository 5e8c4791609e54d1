/*
 * store_trace.c — the payments recorded after a given point, in the order
 * they were recorded, for the fund tracer's in-memory graph.
 *
 * Why not the time-ordered scan (mm_store_payment_scan): the server's
 * graph is refreshed with what was recorded since its last look, and an
 * event may be recorded late with an older time (a Zengin file of
 * yesterday's transfers). The payments table's insertion sequence (seq)
 * catches those; the graph does not need time order on input (it sorts
 * at freeze). Only the columns the tracer uses are read.
 */
#include <string.h>

#include "intel/store_int.h"
#include "mamoru/payment.h"

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

mm_status mm_store_payment_scan_seq(mm_store *s, int64_t after, mm_payment_cb cb, void *ctx,
                                    int64_t *last, mm_error *err)
{
    if (s == NULL || cb == NULL)
        return mm_error_set(err, MM_EINVAL, "scan", "no store or callback given");
    static const char sql[] = "SELECT seq, ext_id, type, ts, amount, from_account, to_account, "
                              "channel, flags FROM payments WHERE seq > ?1 AND type NOT IN (3, 4) "
                              "ORDER BY seq";
    pthread_mutex_lock(&s->mu);
    sqlite3_stmt *st = NULL;
    mm_status rc = MM_OK;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = store_sql_error(s, err, "prepare payment scan by sequence");
        goto out;
    }
    sqlite3_bind_int64(st, 1, after);
    char flags[MM_PAY_MAX_FLAGS * 41 + 1];
    int r;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        mm_payment p;
        memset(&p, 0, sizeof p);
        int64_t seq = sqlite3_column_int64(st, 0);
        p.id = col(st, 1);
        p.type = (mm_pay_type)sqlite3_column_int(st, 2);
        p.time = sqlite3_column_int64(st, 3);
        p.amount = sqlite3_column_int64(st, 4);
        p.from.account = col(st, 5);
        p.to.account = col(st, 6);
        p.channel = col(st, 7);
        const char *f = col(st, 8);
        if (f && f[0]) {
            size_t n = strlen(f);
            if (n >= sizeof flags)
                n = sizeof flags - 1;
            memcpy(flags, f, n);
            flags[n] = '\0';
            char *save = NULL;
            for (char *t = strtok_r(flags, ",", &save); t && p.nflags < MM_PAY_MAX_FLAGS;
                 t = strtok_r(NULL, ",", &save))
                p.flags[p.nflags++] = t;
        }
        if (last && seq > *last)
            *last = seq;
        if (cb(ctx, &p) != 0)
            break;
    }
    if (r != SQLITE_ROW && r != SQLITE_DONE)
        rc = store_sql_error(s, err, "scan payments by sequence");
out:
    sqlite3_finalize(st);
    pthread_mutex_unlock(&s->mu);
    return rc;
}
