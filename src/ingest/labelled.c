/*
 * labelled.c — labelled message corpora (see ingest_message.h): mamoru's
 * own tests/corpus TSV and the two public English SMS sets in
 * ../shared/data, read through one callback so training, evaluation and
 * tests agree on what a line means. Not pure: it reads files.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mamoru/ingest.h"
#include "mamoru/ingest_message.h"

static int label_of(const char *s, size_t n)
{
    static const char *const pos[] = {"fraud", "spam", "smishing", "phishing", "1"};
    static const char *const neg[] = {"benign", "ham", "0"};
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        n--;
    for (size_t i = 0; i < sizeof pos / sizeof pos[0]; i++)
        if (strlen(pos[i]) == n && strncasecmp(s, pos[i], n) == 0)
            return 1;
    for (size_t i = 0; i < sizeof neg / sizeof neg[0]; i++)
        if (strlen(neg[i]) == n && strncasecmp(s, neg[i], n) == 0)
            return 0;
    return -1;
}

/* One CSV record at p: the first two fields unquoted into lab / txt. */
static const char *csv_record(const char *p, const char *end, mm_buf *lab, mm_buf *txt)
{
    mm_buf_reset(lab);
    mm_buf_reset(txt);
    for (int field = 0; p < end; field++) {
        mm_buf *out = field == 0 ? lab : field == 1 ? txt : NULL;
        if (*p == '"') {
            for (p++; p < end; p++) {
                if (*p == '"' && p + 1 < end && p[1] == '"') {
                    if (out)
                        mm_buf_putc(out, '"');
                    p++;
                } else if (*p == '"') {
                    p++;
                    break;
                } else if (out) {
                    mm_buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
                }
            }
        }
        for (; p < end && *p != ',' && *p != '\n'; p++)
            if (out && *p != '\r')
                mm_buf_putc(out, *p);
        if (p >= end || *p == '\n')
            return p < end ? p + 1 : end;
        p++;
    }
    return end;
}

static const char *base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

mm_status mm_labelled_read(const char *path, mm_labelled_fn fn, void *user, size_t *skipped,
                           mm_error *err)
{
    char *buf;
    size_t len, skip = 0;
    mm_status st = mm_read_file(path, &buf, &len, err);
    if (st != MM_OK)
        return st;
    size_t pl = strlen(path);
    bool csv = pl > 4 && strcasecmp(path + pl - 4, ".csv") == 0;
    const char *end = buf + len;
    int stop = 0;
    if (csv) {
        mm_buf lab = {0}, txt = {0};
        size_t rec = 0;
        for (const char *p = buf; p < end && !stop;) {
            p = csv_record(p, end, &lab, &txt);
            if (++rec == 1)
                continue; /* header */
            int l = lab.data ? label_of(lab.data, lab.len) : -1;
            const char *t = txt.data ? txt.data : "";
            size_t tl = txt.len;
            while (tl && (*t == ' ' || *t == '\t'))
                t++, tl--;
            if (l < 0 || tl == 0) {
                skip++;
                continue;
            }
            char cat[16];
            snprintf(cat, sizeof cat, "%.15s", lab.data);
            for (char *c = cat; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            mm_labelled ex = {l, cat, "sms", t, tl, base(path), rec};
            stop = fn(&ex, user);
        }
        mm_buf_free(&lab);
        mm_buf_free(&txt);
    } else {
        size_t lineno = 0;
        for (char *p = buf; p < end && !stop;) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            char *le = nl ? nl : (char *)end;
            lineno++;
            if (le > p && le[-1] == '\r')
                le--;
            if (le > p && *p != '#') {
                char *f[5];
                size_t fl[5];
                int n = 0;
                for (char *q = p; n < 5;) {
                    char *t = memchr(q, '\t', (size_t)(le - q));
                    f[n] = q;
                    fl[n++] = (size_t)((t ? t : le) - q);
                    if (t == NULL)
                        break;
                    q = t + 1;
                }
                int l = label_of(f[0], fl[0]);
                if (l < 0 || n < 2) {
                    skip++;
                } else if (n >= 5) {
                    for (int i = 0; i < 5; i++)
                        f[i][fl[i]] = 0; /* tabs become terminators */
                    mm_labelled ex = {l, f[1], f[2], f[3], fl[3], f[4], lineno};
                    stop = fn(&ex, user);
                } else {
                    *le = 0;
                    char *t = f[1];
                    while (*t == ' ' || *t == '\t')
                        t++;
                    char lab[16];
                    snprintf(lab, sizeof lab, "%.*s", (int)(fl[0] < 15 ? fl[0] : 15), f[0]);
                    mm_labelled ex = {l, lab, "sms", t, (size_t)(le - t), base(path), lineno};
                    stop = fn(&ex, user);
                }
            }
            p = nl ? nl + 1 : (char *)end;
        }
    }
    free(buf);
    if (skipped)
        *skipped += skip;
    return MM_OK;
}
