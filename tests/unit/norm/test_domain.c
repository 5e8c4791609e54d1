/*
 * Tests for src/norm/domain.c: IDNA mapping, label rules, registrable domain
 * and public suffix (checked against the official Public Suffix List test
 * cases in ../shared/data/psl/tests.txt, or $MAMORU_SHARED_DATA), and IP
 * literals.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpsl.h>

#include "mamoru/norm.h"

/* Every line of tests.txt: "input expected" with "null" for none. Inputs
 * with a leading dot are invalid names, so we expect MM_EINVAL there; the
 * "null" input checks the NULL argument. Other rows must normalise, and the
 * registrable domain must equal the A-label form of the expected one. */
Test(norm_domain, psl_official_test_vectors)
{
    const char *dir = getenv("MAMORU_SHARED_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/psl/tests.txt", dir && *dir ? dir : "../shared/data");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        cr_skip_test("PSL test vectors not found at %s: set MAMORU_SHARED_DATA", path);
    mm_arena *a = mm_arena_new(0);
    char line[1024];
    size_t rows = 0, pass = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '\0' || strncmp(line, "//", 2) == 0)
            continue;
        char *sp = strchr(line, ' ');
        cr_assert_not_null(sp, "bad line '%s'", line);
        *sp = '\0';
        const char *input = line, *expected = sp + 1;
        rows++;
        mm_domain d;
        mm_error err = {0};
        if (strcmp(input, "null") == 0) {
            mm_status st = mm_norm_domain(NULL, a, &d, &err);
            cr_expect_eq(st, MM_EINVAL);
            pass += st == MM_EINVAL;
            continue;
        }
        mm_status st = mm_norm_domain(input, a, &d, &err);
        if (input[0] == '.') {
            cr_expect_eq(st, MM_EINVAL, "'%s' has a leading dot", input);
            cr_expect_str_eq(err.field, "domain");
            cr_expect_str_eq(expected, "null");
            pass += st == MM_EINVAL && strcmp(expected, "null") == 0;
            continue;
        }
        cr_expect_eq(st, MM_OK, "'%s': %s", input, err.message);
        if (st != MM_OK)
            continue;
        if (strcmp(expected, "null") == 0) {
            cr_expect_null(d.registrable, "'%s' → '%s', want none", input, d.registrable);
            cr_expect_str_eq(d.suffix, d.ascii, "'%s' is itself a public suffix", input);
            pass += d.registrable == NULL;
            continue;
        }
        mm_domain e;
        cr_assert_eq(mm_norm_domain(expected, a, &e, &err), MM_OK, "%s", err.message);
        cr_expect_not_null(d.registrable, "'%s' has no registrable domain", input);
        if (d.registrable == NULL)
            continue;
        cr_expect_str_eq(d.registrable, e.ascii, "'%s'", input);
        pass += strcmp(d.registrable, e.ascii) == 0;
    }
    fclose(f);
    cr_assert_eq(rows, 78, "tests.txt has 78 active rows");
    cr_assert_eq(pass, rows);
    mm_arena_free(a);
}

typedef struct domain_case {
    const char *in;
    const char *ascii;
    const char *unicode;
    const char *registrable; /* NULL: the name is a public suffix */
    const char *suffix;
    bool is_idn;
} domain_case;

static const domain_case domain_cases[] = {
    {"ヤマト.jp", "xn--fdk0br.jp", "ヤマト.jp", "xn--fdk0br.jp", "jp", true},
    {"XN--FDK0BR.JP.", "xn--fdk0br.jp", "ヤマト.jp", "xn--fdk0br.jp", "jp", true},
    {"www.ドメイン.テスト", "www.xn--eckwd4c7c.xn--zckzah", "www.ドメイン.テスト",
     "xn--eckwd4c7c.xn--zckzah", "xn--zckzah", true},
    {"  WWW.Example.CO.JP  ", "www.example.co.jp", "www.example.co.jp", "example.co.jp", "co.jp",
     false},
    {"ｓａｇａｗａ－ｅｘｐ。ｃｏ．ｊｐ", "sagawa-exp.co.jp", "sagawa-exp.co.jp", "sagawa-exp.co.jp",
     "co.jp", false},
    {"faß.de", "xn--fa-hia.de", "faß.de", "xn--fa-hia.de", "de", true},
    {"mail.city.kawasaki.jp", "mail.city.kawasaki.jp", "mail.city.kawasaki.jp", "city.kawasaki.jp",
     "kawasaki.jp", false},
    {"a.b.kawasaki.jp", "a.b.kawasaki.jp", "a.b.kawasaki.jp", "a.b.kawasaki.jp", "b.kawasaki.jp",
     false},
    {"co.jp", "co.jp", "co.jp", NULL, "co.jp", false},
    {"localhost", "localhost", "localhost", NULL, "localhost", false},
    {"example.com.", "example.com", "example.com", "example.com", "com", false},
    /* prefecture names in kanji are public suffixes under .jp */
    {"東京.jp", "xn--1lqs71d.jp", "東京.jp", NULL, "xn--1lqs71d.jp", true},
    {"shop.東京.jp", "shop.xn--1lqs71d.jp", "shop.東京.jp", "shop.xn--1lqs71d.jp", "xn--1lqs71d.jp",
     true},
};

Test(norm_domain, idn_and_psl_cases)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof domain_cases / sizeof domain_cases[0]; i++) {
        const domain_case *c = &domain_cases[i];
        mm_domain d;
        mm_error err = {0};
        cr_assert_eq(mm_norm_domain(c->in, a, &d, &err), MM_OK, "'%s': %s", c->in, err.message);
        cr_expect_str_eq(d.ascii, c->ascii, "'%s'", c->in);
        cr_expect_str_eq(d.unicode, c->unicode, "'%s'", c->in);
        if (c->registrable)
            cr_expect_str_eq(d.registrable, c->registrable, "'%s'", c->in);
        else
            cr_expect_null(d.registrable, "'%s'", c->in);
        cr_expect_str_eq(d.suffix, c->suffix, "'%s'", c->in);
        cr_expect_eq(d.is_idn, c->is_idn, "'%s'", c->in);
    }
    mm_arena_free(a);
}

typedef struct error_case {
    const char *in;
    const char *message_part;
} error_case;

static const error_case domain_errors[] = {
    {"", "'' is empty"},
    {"   ", "'' is empty"},
    {"a..b.com", "'a..b.com' has an empty label"},
    {".example.com", "empty label"},
    {"example.com..", "empty label"},
    {"under_score.example.com", "in label 'under_score'"},
    {"a b.com", "'a b.com' has a character other than"},
    {"-bad.example.com", "'-bad.example.com' has a label starting or ending with '-'"},
    {"bad-.example.com", "has a label starting or ending with '-'"},
    {"ab--cd.com", "'ab--cd.com' is not a valid domain name"},
    {"xn--zz.com", "'xn--zz.com' is not a valid domain name"},
    {"192.168.0.1", "an IP address is not a domain"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com",
     "label longer than 63"},
    {"\xff\xfe.com", "is not a valid domain name"},
};

Test(norm_domain, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof domain_errors / sizeof domain_errors[0]; i++) {
        mm_domain d;
        mm_error err = {0};
        cr_expect_eq(mm_norm_domain(domain_errors[i].in, a, &d, &err), MM_EINVAL, "'%s'",
                     domain_errors[i].in);
        cr_expect_str_eq(err.field, "domain");
        cr_expect_not_null(strstr(err.message, domain_errors[i].message_part), "'%s' → '%s'",
                           domain_errors[i].in, err.message);
    }
    /* whole name of 254 characters: 4 labels of 60, then ".abcdefghij" */
    char big[400] = "";
    for (int i = 0; i < 4; i++) {
        if (i)
            strcat(big, ".");
        strcat(big, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    }
    strcat(big, ".abcdefghij");
    cr_assert_eq(strlen(big), 254);
    mm_domain d;
    mm_error err = {0};
    cr_expect_eq(mm_norm_domain(big, a, &d, &err), MM_EINVAL);
    cr_expect_not_null(strstr(err.message, "longer than 25"), "%s", err.message);
    cr_expect_not_null(strstr(err.message, "...'"), "quoted value is truncated: %s", err.message);
    big[253] = '\0'; /* 253 characters is the longest name allowed */
    cr_expect_eq(mm_norm_domain(big, a, &d, &err), MM_OK, "%s", err.message);
    cr_expect_eq(mm_norm_domain(NULL, a, &d, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "domain");
    mm_arena_free(a);
}

typedef struct ip_case {
    const char *in;
    const char *out; /* NULL: must fail */
} ip_case;

static const ip_case ip_cases[] = {
    {"192.0.2.1", "192.0.2.1"},
    {" 10.0.0.255 ", "10.0.0.255"},
    {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"},
    {"[2001:db8::1]", "2001:db8::1"},
    {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},
    {"::", "::"},
    {"256.1.1.1", NULL},
    {"1.2.3", NULL}, /* the Safe Browsing short forms are URL-only */
    {"3279880203", NULL},
    {"0x7f.0.0.1", NULL},
    {"010.1.1.1", NULL}, /* leading zeros are ambiguous (octal?) */
    {"fe80::1%eth0", NULL},
    {"example.com", NULL},
    {"", NULL},
};

Test(norm_ip, literals)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof ip_cases / sizeof ip_cases[0]; i++) {
        char *out = (char *)"unset";
        mm_error err = {0};
        mm_status st = mm_norm_ip(ip_cases[i].in, a, &out, &err);
        if (ip_cases[i].out) {
            cr_expect_eq(st, MM_OK, "'%s': %s", ip_cases[i].in, err.message);
            cr_expect_str_eq(out, ip_cases[i].out, "'%s'", ip_cases[i].in);
        } else {
            cr_expect_eq(st, MM_EINVAL, "'%s' should fail", ip_cases[i].in);
            cr_expect_null(out);
            cr_expect_str_eq(err.field, "ip");
            cr_expect_not_null(strstr(err.message, "'"), "message quotes the value: %s",
                               err.message);
        }
    }
    mm_error err = {0};
    char *out;
    cr_expect_eq(mm_norm_ip(NULL, a, &out, &err), MM_EINVAL);
    cr_expect_eq(mm_norm_ip("1.2.3.4.5", a, &out, &err), MM_EINVAL);
    cr_expect_str_eq(err.message, "'1.2.3.4.5' is not an IPv4 address literal");
    mm_arena_free(a);
}

/* domain.c memoises PSL answers per thread: every name of the official
 * vectors, normalised again after all the others (evicted or still held),
 * and straight after itself (held), gives the same registrable domain and
 * suffix as the first time. */
Test(norm_domain, psl_memo_gives_the_first_answer)
{
    const char *dir = getenv("MAMORU_SHARED_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/psl/tests.txt", dir && *dir ? dir : "../shared/data");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        cr_skip_test("PSL test vectors not found at %s: set MAMORU_SHARED_DATA", path);
    enum { MAXN = 512 };
    const char *names[MAXN], *reg[MAXN], *suf[MAXN];
    size_t n = 0;
    char line[1024];
    mm_arena *a = mm_arena_new(0);
    while (n < MAXN && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *sp = strchr(line, ' ');
        if (line[0] == '\0' || strncmp(line, "//", 2) == 0 || sp == NULL)
            continue;
        *sp = '\0';
        mm_domain d;
        if (mm_norm_domain(line, a, &d, NULL) != MM_OK)
            continue;
        names[n] = mm_arena_strdup(a, line);
        reg[n] = d.registrable ? d.registrable : "(null)";
        suf[n] = d.suffix ? d.suffix : "(null)";
        n++;
    }
    fclose(f);
    cr_assert_gt(n, 50, "only %zu usable vectors", n);
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < n; i++) {
            mm_domain d;
            cr_assert_eq(mm_norm_domain(names[i], a, &d, NULL), MM_OK, "%s", names[i]);
            cr_expect_str_eq(d.registrable ? d.registrable : "(null)", reg[i], "%s", names[i]);
            cr_expect_str_eq(d.suffix ? d.suffix : "(null)", suf[i], "%s", names[i]);
        }
    mm_arena_free(a);
}

/* domain.c takes the public suffix from the registrable domain (what
 * follows its first dot) instead of asking libpsl a second time: for every
 * rule of the real list (wildcards and exceptions included) with one, two
 * and three labels put in front, the suffix is psl_unregistrable_domain's. */
Test(norm_domain, suffix_is_libpsl_unregistrable_domain)
{
    const char *dir = getenv("MAMORU_SHARED_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/psl/public_suffix_list.dat",
             dir && *dir ? dir : "../shared/data");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        cr_skip_test("Public Suffix List not found at %s: set MAMORU_SHARED_DATA", path);
    const psl_ctx_t *psl = psl_builtin();
    if (psl == NULL || psl_suffix_count(psl) == 0 || !psl_is_public_suffix(psl, "co.jp"))
        psl = psl_latest(NULL);
    cr_assert_not_null(psl);
    static const char *const pre[] = {"", "x.", "a.b.", "q.w.e."};
    mm_arena *a = mm_arena_new(0);
    char line[512], name[600];
    size_t checked = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n \t")] = '\0';
        if (line[0] == '\0' || strncmp(line, "//", 2) == 0)
            continue;
        const char *rule = line + (line[0] == '!' ? 1 : 0);
        if (strncmp(rule, "*.", 2) == 0)
            rule += 2;
        for (size_t p = 0; p < sizeof pre / sizeof pre[0]; p++) {
            snprintf(name, sizeof name, "%s%s", pre[p], rule);
            mm_domain d;
            if (mm_norm_domain(name, a, &d, NULL) != MM_OK)
                continue;
            const char *want = psl_unregistrable_domain(psl, d.ascii);
            cr_expect_str_eq(d.suffix, want ? want : d.ascii, "%s", name);
            checked++;
        }
        mm_arena_reset(a);
    }
    fclose(f);
    cr_assert_gt(checked, 20000, "only %zu names checked", checked);
    mm_arena_free(a);
}
