/*
 * phish_input.c — parsers for the phishing-site inputs: CSV records, the
 * times found in passive-DNS exports and JPCERT/CC's list, passive-DNS
 * records (CSV fields or a JSON line) and phishing-report rows.
 *
 * Pure and strict: each field is checked on its own and an error names the
 * field and quotes the value, so a bulk import can report "line 812:
 * first_seen: '2024-13-01' is not a time" and keep the good rows. Domains
 * and IPs go through the same normalisers as indicators (mm_norm_domain,
 * mm_norm_ip), so a pDNS record and an indicator for the same host meet
 * in one canonical form.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mamoru/ingest_phish.h"
#include "mamoru/norm.h"

/* ---- CSV ---------------------------------------------------------------------- */

int mm_ingest_csv_split(char *rec, char **fields, int max)
{
    int n = 0;
    char *p = rec;
    for (;;) {
        if (n == max)
            return -1;
        char *start = p, *out = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return -1;
                if (*p == '"' && p[1] == '"') {
                    *out++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            if (*p != ',' && *p != '\0')
                return -1;
        } else {
            while (*p && *p != ',')
                p++;
            out = p;
        }
        char sep = *p;
        *out = '\0';
        fields[n++] = start;
        if (sep == '\0')
            return n;
        p++;
    }
}

bool mm_ingest_csv_complete(const char *s)
{
    size_t q = 0;
    for (; *s; s++)
        q += *s == '"';
    return q % 2 == 0;
}

/* ---- time ---------------------------------------------------------------------- */

/* Exactly n digits at *p (advanced); -1 when not. */
static int digits(const char **p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    return v;
}

static int mdays(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

mm_status mm_ingest_time_parse(const char *s, int local_offset_s, const char *field, int64_t *out,
                               mm_error *err)
{
    if (s == NULL || *s == '\0')
        return mm_error_set(err, MM_EINVAL, field, "%s is empty", field);
    size_t n = strlen(s);
    if (strspn(s, "0123456789") == n) {
        if (n > 12)
            return mm_error_set(err, MM_EINVAL, field, "'%.40s' is not a time", s);
        long long v = 0;
        for (size_t i = 0; i < n; i++)
            v = v * 10 + (s[i] - '0');
        *out = v;
        return MM_OK;
    }
    const char *p = s;
    int y = digits(&p, 4), mo, d, h = 0, mi = 0, sec = 0;
    char sep = *p;
    if (y < 1970 || (sep != '-' && sep != '/'))
        goto bad;
    p++;
    if ((mo = digits(&p, 2)) < 1 || mo > 12 || *p++ != sep)
        goto bad;
    if ((d = digits(&p, 2)) < 1 || d > mdays(y, mo))
        goto bad;
    int offset = local_offset_s;
    if (*p == 'T' || *p == 't' || *p == ' ') {
        p++;
        if ((h = digits(&p, 2)) < 0 || h > 23 || *p++ != ':' || (mi = digits(&p, 2)) < 0 ||
            mi > 59)
            goto bad;
        if (*p == ':') {
            p++;
            if ((sec = digits(&p, 2)) < 0 || sec > 60)
                goto bad;
            if (sec == 60)
                sec = 59;
            if (*p == '.') { /* fraction: dropped */
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
            }
        }
    } else if (*p != '\0') {
        goto bad;
    } else {
        offset = 0; /* a bare date is a UTC day */
    }
    if (*p == 'Z' || *p == 'z') {
        offset = 0;
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        p++;
        int oh = digits(&p, 2), om;
        if (oh < 0 || oh > 23 || *p++ != ':' || (om = digits(&p, 2)) < 0 || om > 59)
            goto bad;
        offset = sign * (oh * 3600 + om * 60);
    }
    if (*p != '\0')
        goto bad;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
                    .tm_min = mi, .tm_sec = sec};
    *out = (int64_t)timegm(&tm) - offset;
    return MM_OK;
bad:
    return mm_error_set(err, MM_EINVAL, field,
                        "'%.40s' is not a time (unix seconds, RFC 3339, YYYY-MM-DD or "
                        "YYYY/MM/DD HH:MM:SS)",
                        s);
}

/* ---- passive DNS ---------------------------------------------------------------------- */

/* Certificate fingerprint → lower-case hex (40 or 64 digits), or NULL. */
static const char *norm_cert(const char *in, mm_arena *a)
{
    if (strncmp(in, "sha256:", 7) == 0 || strncmp(in, "SHA256:", 7) == 0)
        in += 7;
    else if (strncmp(in, "sha1:", 5) == 0 || strncmp(in, "SHA1:", 5) == 0)
        in += 5;
    char buf[65];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ':' && p != in && p[1] != '\0' && p[-1] != ':')
            continue;
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) || n == 64)
            return NULL;
        buf[n++] = c;
    }
    if (n != 40 && n != 64)
        return NULL;
    return mm_arena_strndup(a, buf, n);
}

mm_status mm_ingest_pdns_fields(const char *domain, const char *ip, const char *first_seen,
                                const char *last_seen, const char *cert, mm_arena *a,
                                mm_pdns_record *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    mm_status rc;
    if (domain == NULL || domain[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "domain", "domain is required");
    mm_domain d;
    if ((rc = mm_norm_domain(domain, a, &d, err)) != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "domain");
        return rc;
    }
    if (ip == NULL || ip[0] == '\0')
        return mm_error_set(err, MM_EINVAL, "ip", "ip is required");
    char *canon_ip = NULL;
    if ((rc = mm_norm_ip(ip, a, &canon_ip, err)) != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "ip");
        return rc;
    }
    if ((rc = mm_ingest_time_parse(first_seen, 0, "first_seen", &out->first_seen, err)) != MM_OK)
        return rc;
    out->last_seen = out->first_seen;
    if (last_seen && last_seen[0] &&
        (rc = mm_ingest_time_parse(last_seen, 0, "last_seen", &out->last_seen, err)) != MM_OK)
        return rc;
    if (out->last_seen < out->first_seen)
        return mm_error_set(err, MM_EINVAL, "last_seen", "last_seen '%.40s' is before first_seen",
                            last_seen);
    if (cert && cert[0] && (out->cert = norm_cert(cert, a)) == NULL)
        return mm_error_set(err, MM_EINVAL, "cert",
                            "'%.80s' is not a certificate fingerprint (40 or 64 hex digits)", cert);
    out->domain = d.ascii;
    out->ip = canon_ip;
    return MM_OK;
}

mm_status mm_ingest_pdns_json(const char *line, size_t len, mm_arena *a, mm_pdns_record *out,
                              mm_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je);
    if (j == NULL)
        return mm_error_set(err, MM_EINVAL, "line", "invalid JSON at column %d: %s", je.column,
                            je.text);
    mm_status rc = MM_OK;
    static const char *const names[] = {"domain", "ip", "first_seen", "last_seen", "cert"};
    const char *v[5] = {0};
    char num[2][24];
    if (!json_is_object(j)) {
        rc = mm_error_set(err, MM_EINVAL, "line", "expected a JSON object");
        goto out;
    }
    const char *k;
    json_t *val;
    json_object_foreach(j, k, val)
    {
        int i = -1;
        for (int c = 0; c < 5; c++)
            if (strcmp(k, names[c]) == 0)
                i = c;
        if (i < 0) {
            rc = mm_error_set(err, MM_EINVAL, k,
                              "unknown field '%.40s' (expected domain, ip, first_seen, last_seen, "
                              "cert)",
                              k);
            goto out;
        }
        if (json_is_null(val))
            continue;
        if (json_is_string(val)) {
            v[i] = mm_arena_strdup(a, json_string_value(val));
        } else if (json_is_integer(val) && (i == 2 || i == 3) && json_integer_value(val) >= 0) {
            snprintf(num[i - 2], sizeof num[0], "%lld", (long long)json_integer_value(val));
            v[i] = num[i - 2];
        } else {
            rc = mm_error_set(err, MM_EINVAL, names[i], "field '%s' has the wrong JSON type",
                              names[i]);
            goto out;
        }
    }
    rc = mm_ingest_pdns_fields(v[0], v[1], v[2], v[3], v[4], a, out, err);
out:
    json_decref(j);
    return rc;
}

/* ---- phishing reports ------------------------------------------------------------------ */

mm_status mm_ingest_phish_report(const char *date, const char *url, const char *brand,
                                 mm_arena *a, mm_phish_report *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    mm_status rc;
    if ((rc = mm_ingest_time_parse(date, 9 * 3600, "date", &out->seen_at, err)) != MM_OK)
        return rc;
    size_t n = url ? strlen(url) : 0;
    if (n == 0)
        return mm_error_set(err, MM_EINVAL, "URL", "URL is empty");
    if (n > 8192)
        return mm_error_set(err, MM_EINVAL, "URL", "URL '%.40s…' is longer than 8 KiB", url);
    out->url = mm_arena_strndup(a, url, n);
    if (brand && brand[0]) {
        size_t bn = strlen(brand);
        if (bn > 200 || mm_utf8_validate(brand, bn, NULL) != MM_OK || strpbrk(brand, "\r\n;"))
            return mm_error_set(err, MM_EINVAL, "description",
                                "brand '%.40s' is not one line of UTF-8 up to 200 bytes without "
                                "';'",
                                brand);
        out->brand = mm_arena_strndup(a, brand, bn);
    }
    if (out->url == NULL || (brand && brand[0] && out->brand == NULL))
        return mm_error_set(err, MM_ENOMEM, "arena", "out of memory");
    return MM_OK;
}
