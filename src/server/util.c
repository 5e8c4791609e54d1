/*
 * util.c — the small pure parsers and formatters the HTTP handlers share:
 * RFC 3339 times, ids and integers from query strings, hash prefixes,
 * category syntax and the mapping of console URLs to file names.
 *
 * Why hand-written: each is a few lines of strict syntax checking, and the
 * API promises an error that names the field and quotes the value, which
 * strtol/strptime alone do not give (they accept "12abc", " 12", "+12").
 * No I/O here, so every branch is unit-tested (tests/unit/server/test_util.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server/internal.h"

/* Format t as RFC 3339 UTC with a 'Z'. Out-of-range times print as the epoch. */
void mm_server_time_format(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
        snprintf(out, 32, "1970-01-01T00:00:00Z");
        return;
    }
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Read exactly n decimal digits at *p, advance, return the value or -1. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)(*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    return v;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Parse RFC 3339 date-time: YYYY-MM-DD(T|t| )HH:MM:SS[.frac](Z|z|±HH:MM).
 * The fraction is dropped; a leap second ":60" counts as ":59". */
mm_status mm_server_time_parse(const char *s, const char *field, int64_t *out, mm_error *err)
{
    const char *p = s;
    if (s == NULL)
        return mm_error_set(err, MM_EINVAL, field, "missing time");
    int y = digits(&p, 4);
    if (y < 0 || *p++ != '-')
        goto bad;
    int mo = digits(&p, 2);
    if (mo < 1 || mo > 12 || *p++ != '-')
        goto bad;
    int d = digits(&p, 2);
    if (d < 1 || d > days_in_month(y, mo))
        goto bad;
    if (*p != 'T' && *p != 't' && *p != ' ')
        goto bad;
    p++;
    int h = digits(&p, 2);
    if (h < 0 || h > 23 || *p++ != ':')
        goto bad;
    int mi = digits(&p, 2);
    if (mi < 0 || mi > 59 || *p++ != ':')
        goto bad;
    int sec = digits(&p, 2);
    if (sec < 0 || sec > 60)
        goto bad;
    if (sec == 60)
        sec = 59;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            goto bad;
        while (isdigit((unsigned char)*p))
            p++;
    }
    int offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        p++;
        int oh = digits(&p, 2);
        if (oh < 0 || oh > 23 || *p++ != ':')
            goto bad;
        int om = digits(&p, 2);
        if (om < 0 || om > 59)
            goto bad;
        offset = sign * (oh * 3600 + om * 60);
    } else {
        goto bad;
    }
    if (*p != '\0')
        goto bad;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    *out = (int64_t)timegm(&tm) - offset;
    return MM_OK;
bad:
    return mm_error_set(err, MM_EINVAL, field,
                        "'%.60s' is not an RFC 3339 time (e.g. 2025-04-01T09:00:00Z)", s);
}

/* Digits-only integer in [min, max]; rejects signs, spaces and overflow. */
mm_status mm_server_parse_int(const char *s, const char *field, int64_t min, int64_t max,
                              int64_t *out, mm_error *err)
{
    if (s == NULL || *s == '\0')
        return mm_error_set(err, MM_EINVAL, field, "empty value, expected an integer");
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return mm_error_set(err, MM_EINVAL, field, "'%.60s' is not a non-negative integer",
                                s);
        if (v > (INT64_MAX - (*p - '0')) / 10)
            return mm_error_set(err, MM_EINVAL, field, "'%.60s' is too large", s);
        v = v * 10 + (*p - '0');
    }
    if (v < min || v > max)
        return mm_error_set(err, MM_EINVAL, field, "%.60s is out of range %lld..%lld", s,
                            (long long)min, (long long)max);
    *out = v;
    return MM_OK;
}

mm_status mm_server_time_param(const char *s, const char *field, int64_t *out, mm_error *err)
{
    if (s != NULL && *s != '\0' && strspn(s, "0123456789") == strlen(s))
        return mm_server_parse_int(s, field, 0, INT64_MAX / 2, out, err);
    return mm_server_time_parse(s ? s : "", field, out, err);
}

mm_status mm_server_parse_id(const char *s, const char *field, int64_t *out, mm_error *err)
{
    if (s == NULL || *s == '\0' || strlen(s) > 19 || strspn(s, "0123456789") != strlen(s))
        return mm_error_set(err, MM_EINVAL, field, "'%.60s' is not an indicator id",
                            s ? s : "");
    return mm_server_parse_int(s, field, 1, INT64_MAX, out, err);
}

mm_status mm_server_parse_prefix(const char *s, const char *field, uint16_t *out, mm_error *err)
{
    if (s == NULL || strlen(s) != 4 || strspn(s, "0123456789abcdefABCDEF") != 4)
        return mm_error_set(err, MM_EINVAL, field,
                            "'%.60s' is not a 4-hex-digit prefix (e.g. 3fa0)", s ? s : "");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int c = tolower((unsigned char)s[i]);
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    *out = (uint16_t)v;
    return MM_OK;
}

mm_status mm_server_check_category(const char *s, const char *field, mm_error *err)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 40 || strspn(s, "abcdefghijklmnopqrstuvwxyz_") != n)
        return mm_error_set(err, MM_EINVAL, field, "'%.60s' is not a category ([a-z_]{1,40})",
                            s ? s : "");
    return MM_OK;
}

/* Strip the mount point ("/console" or nothing), then check every segment. */
char *mm_server_static_path(const char *url, mm_arena *a)
{
    if (url == NULL || url[0] != '/')
        return NULL;
    const char *rest = url;
    if (strncmp(url, "/console", 8) == 0 && (url[8] == '/' || url[8] == '\0'))
        rest = url + 8;
    while (*rest == '/')
        rest++;
    if (*rest == '\0')
        return mm_arena_strdup(a, "index.html");
    size_t n = strlen(rest);
    if (n > 1024)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)rest[i];
        if (c < 0x20 || c == 0x7f || c == '\\')
            return NULL;
    }
    /* each segment: non-empty, not starting with '.' (covers ".", ".." and
     * hidden files like .git) */
    const char *seg = rest;
    while (*seg) {
        const char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 0 || seg[0] == '.')
            return NULL;
        if (end == NULL)
            break;
        seg = end + 1;
        if (*seg == '\0') /* trailing slash: a directory, serve its index */
            return mm_arena_printf(a, "%sindex.html", rest);
    }
    return mm_arena_strdup(a, rest);
}

const char *mm_server_content_type(const char *path)
{
    static const struct {
        const char *ext;
        const char *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".ico", "image/x-icon"},
        {".webp", "image/webp"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".tsv", "text/tab-separated-values; charset=utf-8"},
        {".wasm", "application/wasm"},
    };
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (dot && strchr(dot, '/') == NULL) {
        for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
            if (strcasecmp(dot, types[i].ext) == 0)
                return types[i].type;
    }
    return "application/octet-stream";
}

void mm_server_append_json_line(mm_buf *out, json_t *o)
{
    if (o == NULL)
        return;
    char *txt = json_dumps(o, JSON_COMPACT);
    if (txt) {
        mm_buf_puts(out, txt);
        mm_buf_putc(out, '\n');
        free(txt);
    }
    json_decref(o);
}
