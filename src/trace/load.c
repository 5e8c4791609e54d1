/*
 * load.c — feeding a trace builder: payment events as the store's scan
 * gives them, and the peers' transfers CSV (id,time,from,to,amount) parsed
 * from a buffer (the CLI and the benchmark read the file).
 *
 * The CSV parser is hand-written because it is on the load-time path of a
 * 10M-row benchmark: one pass, no allocation per row, canonical accounts
 * taken as they are; only other writings go through mm_norm_account. A bad
 * row stops the load with the line number and the column named, so the CLI
 * can exit 2 saying which field of which line is wrong.
 */
#include <stdio.h>
#include <string.h>

#include "trace/trace_int.h"

/* ---- payment events ---------------------------------------------------------- */

static bool is_bank_canonical(const char *a)
{
    return a && strlen(a) == 18 &&
           mm_trace_account_kind(a, 18) != MM_TRACE_ACCT_OTHER;
}

mm_status mm_trace_builder_add_payment(mm_trace_builder *b, const mm_payment *p, bool *added,
                                       mm_error *err)
{
    if (added)
        *added = false;
    if (p->type == MM_PAY_IB_LOGIN || p->type == MM_PAY_IB_LIMIT_CHANGE)
        return MM_OK;
    for (int i = 0; i < p->nflags && i < MM_PAY_MAX_FLAGS; i++)
        if (p->flags[i] && strcmp(p->flags[i], "dic_upstream") == 0)
            return MM_OK; /* a notice's upstream link, not a dated movement of money */
    char from[300], to[300];
    const char *f = p->from.account && p->from.account[0] ? p->from.account : NULL;
    const char *t = p->to.account && p->to.account[0] ? p->to.account : NULL;
    snprintf(from, sizeof from, "%s", f ? f : "external:unknown");
    if (p->type == MM_PAY_ATM_WITHDRAWAL) {
        if (f && is_bank_canonical(f))
            snprintf(to, sizeof to, "%.4s-000-0-0000000", f);
        else
            snprintf(to, sizeof to, "cash:atm");
    } else if (p->type == MM_PAY_EMONEY_PURCHASE) {
        snprintf(to, sizeof to, "emoney:%s", t ? t : "store");
    } else {
        snprintf(to, sizeof to, "%s", t ? t : "external:unknown");
    }
    if (p->id == NULL)
        return mm_error_set(err, MM_EINVAL, "id", "payment without an id");
    mm_status rc = mm_trace_builder_add(b, p->id, strlen(p->id), from, strlen(from), to,
                                        strlen(to), p->time, p->amount, err);
    if (rc == MM_OK && added)
        *added = true;
    return rc;
}

/* ---- CSV ------------------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool mm_trace_parse_time(const char *s, size_t n, int64_t *out)
{
    if (n == 0)
        return false;
    bool all_digits = n <= 12;
    for (size_t i = 0; i < n && all_digits; i++)
        all_digits = s[i] >= '0' && s[i] <= '9';
    if (all_digits) {
        int64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v = v * 10 + (s[i] - '0');
        *out = v;
        return true;
    }
    if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ' && s[10] != 't') ||
        s[13] != ':' || s[16] != ':')
        return false;
    int y = num(s, 4), mo = num(s + 5, 2), d = num(s + 8, 2), h = num(s + 11, 2),
        mi = num(s + 14, 2), se = num(s + 17, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || se < 0 || se > 60)
        return false;
    size_t i = 19;
    if (i < n && s[i] == '.') {
        i++;
        size_t st = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == st)
            return false;
    }
    int64_t off = 0;
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':') {
        int oh = num(s + i + 1, 2), om = num(s + i + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59)
            return false;
        off = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return false;
    }
    if (i != n)
        return false;
    *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se - off;
    return true;
}

/* The account in field [s, s+n): canonical kept, others normalised. */
static mm_status csv_account(const char *s, size_t n, mm_arena *a, const char **out, size_t *len,
                             const char *col, size_t line, mm_error *err)
{
    if (n > 0 && n <= TR_MAX_ACCOUNT_LEN && mm_trace_account_kind(s, n) != MM_TRACE_ACCT_OTHER) {
        *out = s;
        *len = n;
        return MM_OK;
    }
    if (a == NULL || n == 0 || n > TR_MAX_ACCOUNT_LEN)
        return mm_error_set(err, MM_EINVAL, "", "'%.*s' is not a canonical account",
                            (int)(n > 80 ? 80 : n), s);
    char buf[TR_MAX_ACCOUNT_LEN + 1];
    memcpy(buf, s, n);
    buf[n] = '\0';
    mm_kind kind;
    mm_error e;
    if (mm_norm_account(buf, NULL, a, out, &kind, &e) != MM_OK)
        return mm_error_set(err, MM_EINVAL, "", "'%.*s' is not an account: %s",
                            (int)(n > 80 ? 80 : n), s, e.message);
    *len = strlen(*out);
    (void)col;
    (void)line;
    return MM_OK;
}

static mm_status row_error(mm_error *err, size_t line, const char *col, mm_status rc)
{
    if (err == NULL)
        return rc;
    char msg[sizeof err->message], c[24];
    snprintf(msg, sizeof msg, "%s", err->message);
    snprintf(c, sizeof c, "%s", col);
    mm_error_set(err, rc, "", "%s", msg);
    snprintf(err->field, sizeof err->field, "line %zu: %.20s", line % 1000000000000u, c);
    return rc;
}

mm_status mm_trace_builder_add_csv(mm_trace_builder *b, const char *buf, size_t len,
                                   mm_arena *norm_arena, size_t *rows, mm_error *err)
{
    static const char *const cols[5] = {"id", "time", "from", "to", "amount"};
    size_t added = 0, line = 0;
    const char *p = buf, *end = buf + len;
    if (rows)
        *rows = 0;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte-order mark */
    bool header = false;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        line++;
        if (le > p && le[-1] == '\r')
            le--;
        if (le == p) { /* blank line */
            p = next;
            continue;
        }
        const char *f[5];
        size_t fl[5];
        int nf = 0;
        const char *q = p;
        while (nf < 5) {
            const char *c = memchr(q, ',', (size_t)(le - q));
            const char *fe = c ? c : le;
            f[nf] = q;
            fl[nf] = (size_t)(fe - q);
            nf++;
            if (c == NULL)
                break;
            q = c + 1;
            if (nf == 5) { /* a sixth field */
                mm_error_set(err, MM_EINVAL, "", "more than 5 columns (id,time,from,to,amount)");
                return row_error(err, line, "columns", MM_EINVAL);
            }
        }
        if (!header) {
            header = true;
            static const char hdr[] = "id,time,from,to,amount";
            if ((size_t)(le - p) != sizeof hdr - 1 || memcmp(p, hdr, sizeof hdr - 1) != 0) {
                mm_error_set(err, MM_EINVAL, "", "header must be '%s', got '%.*s'", hdr,
                             (int)(le - p > 80 ? 80 : le - p), p);
                return row_error(err, line, "header", MM_EINVAL);
            }
            p = next;
            continue;
        }
        if (nf != 5) {
            mm_error_set(err, MM_EINVAL, "", "%d columns, expected 5 (id,time,from,to,amount)", nf);
            return row_error(err, line, cols[nf < 5 ? nf : 4], MM_EINVAL);
        }
        for (int k = 0; k < 5; k++)
            if (memchr(f[k], '"', fl[k])) {
                mm_error_set(err, MM_EINVAL, "", "quoted values are not supported: '%.*s'",
                             (int)(fl[k] > 80 ? 80 : fl[k]), f[k]);
                return row_error(err, line, cols[k], MM_EINVAL);
            }
        int64_t t;
        if (!mm_trace_parse_time(f[1], fl[1], &t)) {
            mm_error_set(err, MM_EINVAL, "",
                         "'%.*s' is not an RFC 3339 time (2025-10-03T14:22:05+09:00) or unix seconds",
                         (int)(fl[1] > 80 ? 80 : fl[1]), f[1]);
            return row_error(err, line, "time", MM_EINVAL);
        }
        int64_t amt = 0;
        bool ok = fl[4] > 0 && fl[4] <= 15;
        for (size_t i = 0; ok && i < fl[4]; i++) {
            ok = f[4][i] >= '0' && f[4][i] <= '9';
            amt = amt * 10 + (f[4][i] - '0');
        }
        if (!ok) {
            mm_error_set(err, MM_EINVAL, "", "'%.*s' is not a whole number of yen (0 or more)",
                         (int)(fl[4] > 80 ? 80 : fl[4]), f[4]);
            return row_error(err, line, "amount", MM_EINVAL);
        }
        const char *fa, *ta;
        size_t fal, tal;
        if (csv_account(f[2], fl[2], norm_arena, &fa, &fal, "from", line, err) != MM_OK)
            return row_error(err, line, "from", MM_EINVAL);
        if (csv_account(f[3], fl[3], norm_arena, &ta, &tal, "to", line, err) != MM_OK)
            return row_error(err, line, "to", MM_EINVAL);
        mm_status rc = mm_trace_builder_add(b, f[0], fl[0], fa, fal, ta, tal, t, amt, err);
        if (rc != MM_OK)
            return row_error(err, line, err && err->field[0] ? err->field : "id", rc);
        added++;
        if (rows)
            *rows = added;
        if (norm_arena && (added & 0xffff) == 0)
            mm_arena_reset(norm_arena); /* accounts are copied by the builder */
        p = next;
    }
    if (!header) {
        mm_error_set(err, MM_EINVAL, "", "empty input: expected the header id,time,from,to,amount");
        return row_error(err, 1, "header", MM_EINVAL);
    }
    return MM_OK;
}
