/* Tests for src/ingest/phish_input.c: times (JST wall clock, RFC 3339,
 * unix), CSV records, passive-DNS records (normalised domain, IP and
 * certificate; errors name the field and value), JSON lines, and JPCERT/CC
 * report rows — including every row of the real sample
 * ../shared/data/jpcert-phishurl/derived_sample_by_brand.csv. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest_phish.h"

Test(ingest_phish, times)
{
    static const struct {
        const char *in;
        int offset;
        int64_t want; /* -1 = error */
    } cases[] = {
        {"2024/01/04 10:02:00", 9 * 3600, 1704330120}, /* JST → 01:02:00Z */
        {"2024/01/04 10:02", 9 * 3600, 1704330120},
        {"2024-01-04T01:02:00Z", 9 * 3600, 1704330120},
        {"2024-01-04T10:02:00+09:00", 0, 1704330120},
        {"2024-01-04T01:02:00.123Z", 0, 1704330120},
        {"2024-01-04 01:02:00", 0, 1704330120},
        {"2024-01-04", 9 * 3600, 1704326400}, /* a bare date is a UTC day */
        {"1704330120", 9 * 3600, 1704330120},
        {"2024/02/29 00:00:00", 0, 1709164800},
        {"2023/02/29 00:00:00", 0, -1},
        {"2024/13/01 00:00:00", 0, -1},
        {"2024-01-04T25:00:00Z", 0, -1},
        {"yesterday", 0, -1},
        {"", 0, -1},
        {"2024/01-04 10:00", 0, -1},
        {"2024-01-04T01:02:00Zjunk", 0, -1},
        {"1234567890123", 0, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 0;
        mm_error e;
        mm_status rc = mm_ingest_time_parse(cases[i].in, cases[i].offset, "date", &t, &e);
        if (cases[i].want < 0) {
            cr_assert_eq(rc, MM_EINVAL, "'%s' accepted", cases[i].in);
            cr_assert_str_eq(e.field, "date");
        } else {
            cr_assert_eq(rc, MM_OK, "'%s': %s", cases[i].in, e.message);
            cr_assert_eq(t, cases[i].want, "'%s' → %lld", cases[i].in, (long long)t);
        }
    }
}

Test(ingest_phish, csv_split)
{
    char r1[] = "2019/03/11 17:27:00,\"https://x.example/a?ID={t,6,7}&q=\"\"1\"\"\",Amazon";
    char *f[8];
    cr_assert_eq(mm_ingest_csv_split(r1, f, 8), 3);
    cr_assert_str_eq(f[1], "https://x.example/a?ID={t,6,7}&q=\"1\"");
    cr_assert_str_eq(f[2], "Amazon");
    char r2[] = "a,,c,";
    cr_assert_eq(mm_ingest_csv_split(r2, f, 8), 4);
    cr_assert_str_eq(f[1], "");
    cr_assert_str_eq(f[3], "");
    char r3[] = "a,\"b\"c";
    cr_assert_eq(mm_ingest_csv_split(r3, f, 8), -1);
    char r4[] = "a,b,c";
    cr_assert_eq(mm_ingest_csv_split(r4, f, 2), -1);
    cr_assert_not(mm_ingest_csv_complete("a,\"b"));
    cr_assert(mm_ingest_csv_complete("a,\"b\nc\""));
}

Test(ingest_phish, pdns_fields)
{
    mm_arena *a = mm_arena_new(0);
    mm_pdns_record r;
    mm_error e;
    cr_assert_eq(mm_ingest_pdns_fields("Login.Example-Bank.COM.", "203.0.113.7", "2024-05-01",
                                       "2024-05-03T00:00:00Z",
                                       "SHA256:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                                       "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89",
                                       a, &r, &e),
                 MM_OK, "%s", e.message);
    cr_assert_str_eq(r.domain, "login.example-bank.com");
    cr_assert_str_eq(r.ip, "203.0.113.7");
    cr_assert_eq(r.first_seen, 1714521600);
    cr_assert_eq(r.last_seen, 1714694400);
    cr_assert_str_eq(r.cert, "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
    cr_assert_eq(mm_ingest_pdns_fields("xn--eckwd4c7c.xn--zckzah", "2001:DB8::0:1", "1714521600",
                                       NULL, NULL, a, &r, &e),
                 MM_OK, "%s", e.message);
    cr_assert_str_eq(r.ip, "2001:db8::1");
    cr_assert_eq(r.last_seen, r.first_seen);
    cr_assert_null(r.cert);
    static const struct {
        const char *d, *ip, *first, *last, *cert, *field, *quoted;
    } bad[] = {
        {"", "1.2.3.4", "1", NULL, NULL, "domain", NULL},
        {"bad domain.example", "1.2.3.4", "1", NULL, NULL, "domain", "bad domain"},
        {"a.example", "1.2.3.999", "1", NULL, NULL, "ip", "1.2.3.999"},
        {"a.example", "", "1", NULL, NULL, "ip", NULL},
        {"a.example", "1.2.3.4", "soon", NULL, NULL, "first_seen", "soon"},
        {"a.example", "1.2.3.4", "", NULL, NULL, "first_seen", NULL},
        {"a.example", "1.2.3.4", "2024-05-02", "2024-05-01", NULL, "last_seen", "2024-05-01"},
        {"a.example", "1.2.3.4", "1", NULL, "xyz", "cert", "xyz"},
        {"a.example", "1.2.3.4", "1", NULL, "abcd", "cert", "abcd"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(mm_ingest_pdns_fields(bad[i].d, bad[i].ip, bad[i].first, bad[i].last,
                                           bad[i].cert, a, &r, &e),
                     MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.message);
        if (bad[i].quoted)
            cr_assert(strstr(e.message, bad[i].quoted), "case %zu: %s", i, e.message);
    }
    mm_arena_free(a);
}

Test(ingest_phish, pdns_json)
{
    mm_arena *a = mm_arena_new(0);
    mm_pdns_record r;
    mm_error e;
    const char *ok = "{\"domain\":\"a.example\",\"ip\":\"192.0.2.5\",\"first_seen\":1714521600,"
                     "\"last_seen\":\"2024-05-02\",\"cert\":null}";
    cr_assert_eq(mm_ingest_pdns_json(ok, strlen(ok), a, &r, &e), MM_OK, "%s", e.message);
    cr_assert_eq(r.last_seen, 1714608000);
    static const struct {
        const char *line, *field;
    } bad[] = {
        {"{\"domain\":\"a.example\",\"ip\":\"192.0.2.5\",\"first_seen\":1,\"ttl\":5}", "ttl"},
        {"{\"domain\":5,\"ip\":\"192.0.2.5\",\"first_seen\":1}", "domain"},
        {"[1,2]", "line"},
        {"{\"domain\":", "line"},
        {"{\"domain\":\"a.example\",\"first_seen\":1}", "ip"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(mm_ingest_pdns_json(bad[i].line, strlen(bad[i].line), a, &r, &e), MM_EINVAL);
        cr_assert_str_eq(e.field, bad[i].field, "case %zu: %s", i, e.message);
    }
    mm_arena_free(a);
}

Test(ingest_phish, phish_report_rows)
{
    mm_arena *a = mm_arena_new(0);
    mm_phish_report r;
    mm_error e;
    cr_assert_eq(mm_ingest_phish_report("2024/01/04 10:02:00", "https://dyxdjxx.example/", "国税庁",
                                        a, &r, &e),
                 MM_OK);
    cr_assert_eq(r.seen_at, 1704330120);
    cr_assert_str_eq(r.brand, "国税庁");
    cr_assert_eq(mm_ingest_phish_report("2024/01/04", "", "x", a, &r, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "URL");
    cr_assert_eq(mm_ingest_phish_report("04/01/2024", "http://x.example/", "x", a, &r, &e),
                 MM_EINVAL);
    cr_assert_str_eq(e.field, "date");
    cr_assert_eq(mm_ingest_phish_report("2024/01/04", "http://x.example/", "a\nb", a, &r, &e),
                 MM_EINVAL);
    cr_assert_str_eq(e.field, "description");
    mm_arena_free(a);
}

Test(ingest_phish, real_jpcert_sample_parses)
{
    const char *dir = getenv("MAMORU_SHARED_DATA") ? getenv("MAMORU_SHARED_DATA") : "../shared/data";
    char path[512];
    snprintf(path, sizeof path, "%s/jpcert-phishurl/derived_sample_by_brand.csv", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        cr_skip_test("%s not found (set MAMORU_SHARED_DATA)", path);
    mm_arena *a = mm_arena_new(0);
    char *line = NULL;
    size_t cap = 0, rows = 0, ok = 0;
    char rec[16384] = "";
    ssize_t n;
    bool header = true;
    while ((n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (strlen(rec) + (size_t)n + 2 >= sizeof rec)
            rec[0] = '\0';
        if (rec[0])
            strcat(rec, "\n");
        strcat(rec, line);
        if (!mm_ingest_csv_complete(rec))
            continue;
        char *fld[8];
        int nf = mm_ingest_csv_split(rec, fld, 8);
        if (header) {
            cr_assert_eq(nf, 3);
            cr_assert_str_eq(fld[0], "date");
            header = false;
        } else {
            rows++;
            mm_phish_report r;
            mm_error e;
            if (nf == 3 && mm_ingest_phish_report(fld[0], fld[1], fld[2], a, &r, &e) == MM_OK &&
                r.seen_at >= 1546268400 /* 2019-01-01 JST */ && r.seen_at < 1735657200)
                ok++;
            mm_arena_reset(a);
        }
        rec[0] = '\0';
    }
    free(line);
    fclose(f);
    mm_arena_free(a);
    cr_assert_gt(rows, 2000);
    cr_assert_eq(ok, rows, "%zu of %zu sample rows parsed", ok, rows);
}
