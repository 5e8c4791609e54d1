/*
 * csv.c — the CSV feed: one row per url/domain/ip indicator with an action
 * column, so the same format serves a complete list (every row "add") and a
 * delta since a cursor (changed rows, "add" while listed, "remove" once
 * expired, false_positive or demoted).
 *
 * Quoting follows RFC 4180: a field holding a comma, a double quote, CR or
 * LF is quoted and its quotes doubled; everything else is written as is.
 * Times are RFC 3339 UTC; an empty field means "none".
 */
#include <string.h>
#include <time.h>

#include "mamoru/feeds.h"

/* Unix seconds → "2025-01-02T03:04:05Z"; "" for 0. */
static void fmt_time(int64_t t, char out[32])
{
    out[0] = '\0';
    if (t <= 0)
        return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL)
        return;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static mm_status csv_field(mm_buf *b, const char *s)
{
    if (s == NULL)
        return MM_OK;
    if (strpbrk(s, ",\"\r\n") == NULL)
        return mm_buf_puts(b, s);
    mm_status rc = mm_buf_putc(b, '"');
    for (const char *p = s; rc == MM_OK && *p; p++) {
        if (*p == '"')
            rc = mm_buf_putc(b, '"');
        if (rc == MM_OK)
            rc = mm_buf_putc(b, *p);
    }
    return rc == MM_OK ? mm_buf_putc(b, '"') : rc;
}

mm_status mm_feed_csv_header(mm_buf *out)
{
    return mm_buf_puts(out, "action,id,kind,value,category,status,confidence,first_seen,"
                            "last_seen,updated,expires\n");
}

mm_status mm_feed_csv_rows(const mm_indicator *items, size_t n, const mm_feed_opts *o,
                           mm_buf *out)
{
    mm_status rc = MM_OK;
    for (size_t i = 0; i < n && rc == MM_OK; i++) {
        const mm_indicator *ind = &items[i];
        if (ind->kind != MM_KIND_URL && ind->kind != MM_KIND_DOMAIN && ind->kind != MM_KIND_IP)
            continue;
        bool active = mm_feed_active(ind, o->now);
        if (!active && !o->delta)
            continue;
        char fs[32], ls[32], up[32], ex[32];
        fmt_time(ind->first_seen, fs);
        fmt_time(ind->last_seen, ls);
        fmt_time(ind->updated, up);
        fmt_time(ind->expires, ex);
        rc = mm_buf_printf(out, "%s,%lld,%s,", active ? "add" : "remove", (long long)ind->id,
                           mm_kind_name(ind->kind));
        if (rc == MM_OK)
            rc = csv_field(out, ind->canonical);
        if (rc == MM_OK)
            rc = mm_buf_putc(out, ',');
        if (rc == MM_OK)
            rc = csv_field(out, ind->category);
        if (rc == MM_OK)
            rc = mm_buf_printf(out, ",%s,%d,%s,%s,%s,%s\n", mm_ind_status_name(ind->status),
                               ind->confidence, fs, ls, up, ex);
    }
    return rc;
}
