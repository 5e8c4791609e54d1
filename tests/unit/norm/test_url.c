/*
 * Tests for src/norm/url.c: Safe Browsing canonicalisation and lookup
 * expressions. Every row of the Google reference client's vectors
 * (../shared/data/safebrowsing-canon/ TSV files, or $MAMORU_SHARED_DATA) is run;
 * rows where we deliberately follow the published spec instead of that
 * client are listed below with the spec's answer and checked against it.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"

/* ---- TSV vectors --------------------------------------------------------- */

typedef struct sb_row {
    char *input;    /* unescaped bytes, NUL-terminated */
    char *expected; /* unescaped, list items joined by one space */
    bool fail;
} sb_row;

typedef struct sb_table {
    sb_row *rows;
    size_t n;
} sb_table;

static char *sb_unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    cr_assert_not_null(out);
    while (*s) {
        if (*s != '\\') {
            *o++ = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 't':
            *o++ = '\t';
            s++;
            break;
        case 'r':
            *o++ = '\r';
            s++;
            break;
        case 'n':
            *o++ = '\n';
            s++;
            break;
        case '\\':
            *o++ = '\\';
            s++;
            break;
        case 'x': {
            char hex[3] = {s[1], s[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            s += 3;
            break;
        }
        default: cr_assert_fail("bad escape in vector file: \\%c", *s);
        }
    }
    *o = '\0';
    return out;
}

/* Load ../shared/data/safebrowsing-canon/<name>; false when absent. */
static bool sb_load(const char *name, sb_table *t)
{
    const char *dir = getenv("MAMORU_SHARED_DATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/safebrowsing-canon/%s", dir && *dir ? dir : "../shared/data",
             name);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    t->rows = NULL;
    t->n = 0;
    char line[16384];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        if (++lineno <= 2) /* comment line and header */
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        cr_assert_not_null(tab2, "%s:%d: expected three fields", name, lineno);
        *tab1 = *tab2 = '\0';
        t->rows = realloc(t->rows, (t->n + 1) * sizeof *t->rows);
        cr_assert_not_null(t->rows);
        t->rows[t->n].input = sb_unescape(line);
        t->rows[t->n].expected = sb_unescape(tab1 + 1);
        t->rows[t->n].fail = strcmp(tab2 + 1, "fail") == 0;
        t->n++;
    }
    fclose(f);
    cr_assert_gt(t->n, 0, "%s has no rows", name);
    return true;
}

static void sb_free(sb_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->rows[i].input);
        free(t->rows[i].expected);
    }
    free(t->rows);
}

#define SB_LOAD_OR_SKIP(name, t)                                                                   \
    do {                                                                                           \
        if (!sb_load(name, t))                                                                     \
            cr_skip_test("Safe Browsing vectors not found: set MAMORU_SHARED_DATA or provide "     \
                         "../shared/data/safebrowsing-canon/" name);                               \
    } while (0)

/* Join the list items into one space-separated string (arena). */
static char *join(char **items, size_t n, mm_arena *a)
{
    mm_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            mm_buf_putc(&b, ' ');
        mm_buf_puts(&b, items[i]);
    }
    char *s = mm_arena_strdup(a, b.data ? b.data : "");
    mm_buf_free(&b);
    return s;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sort the words of a space-separated list: set comparison. */
static char *sorted_words(const char *list, mm_arena *a)
{
    char *copy = mm_arena_strdup(a, list);
    char *words[64];
    size_t n = 0;
    for (char *w = strtok(copy, " "); w && n < 64; w = strtok(NULL, " "))
        words[n++] = w;
    qsort(words, n, sizeof *words, cmp_str);
    return join(words, n, a);
}

/* Rows where the reference client differs from the spec and we follow the
 * spec (https://developers.google.com/safe-browsing/v4/urls-hashing). */
typedef struct sb_exception {
    const char *input;
    const char *ours; /* what the spec gives, and we return */
    const char *why;
} sb_exception;

static const sb_exception *find_exception(const sb_exception *ex, size_t n, const char *input)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ex[i].input, input) == 0)
            return &ex[i];
    return NULL;
}

/* ---- canonical_url.tsv -------------------------------------------------- */

static const sb_exception canonical_exceptions[] = {
    {"http://www.google.com/q?", "http://www.google.com/q?",
     "spec keeps the query, even empty; the Go client's canonicalURL drops it"},
    {"http://www.google.com/q?r?", "http://www.google.com/q?r?", "spec keeps the query"},
    {"http://www.google.com/q?r?s", "http://www.google.com/q?r?s", "spec keeps the query"},
    {"http://evil.com/foo?bar;", "http://evil.com/foo?bar;", "spec keeps the query"},
    {"http://www.google.com/q?r?s%3F", "http://www.google.com/q?r?s?",
     "spec keeps the query (unescaped '?' is not re-escaped)"},
    {"http://some%1bhost.com/%1b", "http://some%1Bhost.com/%1B",
     "spec asks for upper-case hex escapes; the Go client writes lower case"},
};
#define N_CANONICAL_EXCEPTIONS (sizeof canonical_exceptions / sizeof canonical_exceptions[0])

Test(norm_url, safebrowsing_canonical_url_vectors)
{
    sb_table t;
    SB_LOAD_OR_SKIP("canonical_url.tsv", &t);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0, excepted = 0;
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        mm_url u;
        mm_error err = {0};
        mm_status st = mm_norm_url(r->input, a, &u, &err);
        if (r->fail) {
            cr_expect_eq(st, MM_EINVAL, "row %zu '%s' should fail", i, r->input);
            cr_expect_str_eq(err.field, "url");
            pass += st == MM_EINVAL;
            continue;
        }
        cr_expect_eq(st, MM_OK, "row %zu '%s': %s", i, r->input, err.message);
        if (st != MM_OK)
            continue;
        const sb_exception *ex =
            find_exception(canonical_exceptions, N_CANONICAL_EXCEPTIONS, r->input);
        if (ex != NULL) {
            cr_expect_str_eq(u.canonical, ex->ours, "exception '%s' (%s)", r->input, ex->why);
            cr_expect_str_neq(r->expected, ex->ours, "exception '%s' no longer needed", r->input);
            excepted += strcmp(u.canonical, ex->ours) == 0;
            continue;
        }
        cr_expect_str_eq(u.canonical, r->expected, "row %zu '%s'", i, r->input);
        pass += strcmp(u.canonical, r->expected) == 0;
        mm_url again; /* canonical is a fixed point */
        cr_expect_eq(mm_norm_url(u.canonical, a, &again, &err), MM_OK, "%s", err.message);
        cr_expect_str_eq(again.canonical, u.canonical);
    }
    cr_assert_eq(t.n, 52, "the README promises 52 rows");
    cr_assert_eq(excepted, N_CANONICAL_EXCEPTIONS);
    cr_assert_eq(pass, t.n - N_CANONICAL_EXCEPTIONS);
    mm_arena_free(a);
    sb_free(&t);
}

/* canonical_host.tsv and canonical_path.tsv map to mm_url.host / .path. */
static void check_part_vectors(const char *file, bool host)
{
    sb_table t;
    if (!sb_load(file, &t))
        cr_skip_test("Safe Browsing vectors not found: %s (set MAMORU_SHARED_DATA)", file);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0;
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        mm_url u;
        mm_error err = {0};
        mm_status st = mm_norm_url(r->input, a, &u, &err);
        if (r->fail) {
            cr_expect_eq(st, MM_EINVAL, "%s row %zu '%s' should fail", file, i, r->input);
            pass += st == MM_EINVAL;
            continue;
        }
        cr_expect_eq(st, MM_OK, "%s row %zu '%s': %s", file, i, r->input, err.message);
        if (st != MM_OK)
            continue;
        const char *got = host ? u.host : u.path;
        cr_expect_str_eq(got, r->expected, "%s row %zu '%s'", file, i, r->input);
        pass += strcmp(got, r->expected) == 0;
    }
    cr_assert_eq(pass, t.n, "%s: all %zu rows must pass", file, t.n);
    mm_arena_free(a);
    sb_free(&t);
}

Test(norm_url, safebrowsing_canonical_host_vectors)
{
    check_part_vectors("canonical_host.tsv", true);
}

Test(norm_url, safebrowsing_canonical_path_vectors)
{
    check_part_vectors("canonical_path.tsv", false);
}

/* parse_ip_address.tsv: input becomes the host of "http://<input>/";
 * expected "" means "not an IP", so the host stays a (lower-cased) name. */
Test(norm_url, safebrowsing_parse_ip_vectors)
{
    sb_table t;
    SB_LOAD_OR_SKIP("parse_ip_address.tsv", &t);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0;
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        char *url = mm_arena_printf(a, "http://%s/", r->input);
        mm_url u;
        mm_error err = {0};
        cr_assert_eq(mm_norm_url(url, a, &u, &err), MM_OK, "'%s': %s", url, err.message);
        bool want_ip = r->expected[0] != '\0';
        cr_expect_eq(u.host_is_ip, want_ip, "'%s' host_is_ip", r->input);
        const char *want = want_ip ? r->expected : r->input;
        cr_expect_str_eq(u.host, want, "'%s'", r->input);
        pass += u.host_is_ip == want_ip && strcmp(u.host, want) == 0;
    }
    cr_assert_eq(pass, t.n);
    mm_arena_free(a);
    sb_free(&t);
}

/* ---- lookup expressions ------------------------------------------------- */

/* The spec takes host suffixes from the last five components; the Go client
 * from the last seven. These rows have more than six components. */
static const sb_exception host_exceptions[] = {
    {"http://a.b.c.d.e.f.kita.tokyo.jp",
     "a.b.c.d.e.f.kita.tokyo.jp e.f.kita.tokyo.jp f.kita.tokyo.jp kita.tokyo.jp tokyo.jp",
     "spec: exact host plus suffixes of the last 5 components (Go client: 7)"},
};

static const sb_exception pattern_exceptions[] = {
    {"http://a.b.c.d.e.f.g.h.i/", "a.b.c.d.e.f.g.h.i/ e.f.g.h.i/ f.g.h.i/ g.h.i/ h.i/",
     "spec: last 5 components (Go client: 7)"},
    {"https://a.b.c.d.e.f.g.h.i/", "a.b.c.d.e.f.g.h.i/ e.f.g.h.i/ f.g.h.i/ g.h.i/ h.i/",
     "spec: last 5 components (Go client: 7)"},
    {"a.b.c.d.e.f.g.h.i/", "a.b.c.d.e.f.g.h.i/ e.f.g.h.i/ f.g.h.i/ g.h.i/ h.i/",
     "spec: last 5 components (Go client: 7)"},
};

/* Distinct hosts of the expressions, in order of first appearance. */
static char *expression_hosts(const mm_url *u, mm_arena *a)
{
    char **ex, *hosts[32];
    size_t n = mm_url_expressions(u, a, &ex), nh = 0;
    for (size_t i = 0; i < n; i++) {
        char *h = mm_arena_strndup(a, ex[i], strcspn(ex[i], "/"));
        if (nh == 0 || strcmp(hosts[nh - 1], h) != 0)
            hosts[nh++] = h;
    }
    return join(hosts, nh, a);
}

/* Paths of the expressions for the exact host, in order. */
static char *expression_paths(const mm_url *u, mm_arena *a)
{
    char **ex, *paths[32];
    size_t n = mm_url_expressions(u, a, &ex), np = 0, hl = strlen(u->host);
    for (size_t i = 0; i < n; i++)
        if (strncmp(ex[i], u->host, hl) == 0 && ex[i][hl] == '/')
            paths[np++] = ex[i] + hl;
    return join(paths, np, a);
}

Test(norm_url, safebrowsing_lookup_host_vectors)
{
    sb_table t;
    SB_LOAD_OR_SKIP("generate_lookup_hosts.tsv", &t);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0, excepted = 0;
    const size_t nex = sizeof host_exceptions / sizeof host_exceptions[0];
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        mm_url u;
        mm_status st = mm_norm_url(r->input, a, &u, NULL);
        if (r->fail) {
            cr_expect_eq(st, MM_EINVAL, "'%s' should fail", r->input);
            pass += st == MM_EINVAL;
            continue;
        }
        cr_assert_eq(st, MM_OK, "'%s'", r->input);
        char *got = expression_hosts(&u, a);
        const sb_exception *ex = find_exception(host_exceptions, nex, r->input);
        if (ex != NULL) {
            cr_expect_str_eq(got, ex->ours, "exception '%s' (%s)", r->input, ex->why);
            /* ours must be a subset, in the same order, of the client's */
            char *want = mm_arena_printf(a, " %s ", r->expected), *pos = want;
            for (char *w = strtok(mm_arena_strdup(a, got), " "); w; w = strtok(NULL, " ")) {
                char *needle = mm_arena_printf(a, " %s ", w);
                pos = strstr(pos, needle);
                cr_expect_not_null(pos, "'%s' not among the client's hosts", w);
                if (pos == NULL)
                    break;
            }
            excepted += strcmp(got, ex->ours) == 0;
            continue;
        }
        cr_expect_str_eq(got, r->expected, "'%s'", r->input);
        pass += strcmp(got, r->expected) == 0;
    }
    cr_assert_eq(excepted, nex);
    cr_assert_eq(pass, t.n - nex);
    mm_arena_free(a);
    sb_free(&t);
}

/* The Go client lists paths root first, then the exact path, then the exact
 * path with query; the spec (and we) list the exact path with query, the
 * exact path, then the root and its prefixes. The vector is reordered
 * mechanically: its trailing exact entries move to the front, reversed. */
Test(norm_url, safebrowsing_lookup_path_vectors)
{
    sb_table t;
    SB_LOAD_OR_SKIP("generate_lookup_paths.tsv", &t);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0;
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        mm_url u;
        mm_status st = mm_norm_url(r->input, a, &u, NULL);
        if (r->fail) {
            cr_expect_eq(st, MM_EINVAL, "'%s' should fail", r->input);
            pass += st == MM_EINVAL;
            continue;
        }
        cr_assert_eq(st, MM_OK, "'%s'", r->input);
        char *words[16], *copy = mm_arena_strdup(a, r->expected);
        size_t n = 0;
        for (char *w = strtok(copy, " "); w && n < 16; w = strtok(NULL, " "))
            words[n++] = w;
        size_t k = (strcmp(u.path, "/") != 0) + (u.query && u.query[0]);
        char *spec[16];
        size_t m = 0;
        for (size_t j = 0; j < k; j++)
            spec[m++] = words[n - 1 - j];
        for (size_t j = 0; j + k < n; j++)
            spec[m++] = words[j];
        char *want = join(spec, m, a), *got = expression_paths(&u, a);
        cr_expect_str_eq(got, want, "'%s'", r->input);
        pass += strcmp(got, want) == 0;
    }
    cr_assert_eq(pass, t.n);
    mm_arena_free(a);
    sb_free(&t);
}

/* generate_patterns.tsv: compared as sets, as the client's own test does. */
Test(norm_url, safebrowsing_pattern_vectors)
{
    sb_table t;
    SB_LOAD_OR_SKIP("generate_patterns.tsv", &t);
    mm_arena *a = mm_arena_new(0);
    size_t pass = 0, excepted = 0;
    const size_t nex = sizeof pattern_exceptions / sizeof pattern_exceptions[0];
    for (size_t i = 0; i < t.n; i++) {
        sb_row *r = &t.rows[i];
        mm_url u;
        mm_status st = mm_norm_url(r->input, a, &u, NULL);
        if (r->fail) {
            cr_expect_eq(st, MM_EINVAL, "'%s' should fail", r->input);
            pass += st == MM_EINVAL;
            continue;
        }
        cr_assert_eq(st, MM_OK, "'%s'", r->input);
        char **ex;
        size_t n = mm_url_expressions(&u, a, &ex);
        char *got = join(ex, n, a);
        const sb_exception *e = find_exception(pattern_exceptions, nex, r->input);
        if (e != NULL) {
            cr_expect_str_eq(got, e->ours, "exception '%s' (%s)", r->input, e->why);
            excepted += strcmp(got, e->ours) == 0;
            continue;
        }
        char *gs = sorted_words(got, a), *ws = sorted_words(r->expected, a);
        cr_expect_str_eq(gs, ws, "'%s'", r->input);
        pass += strcmp(gs, ws) == 0;
    }
    cr_assert_eq(excepted, nex);
    cr_assert_eq(pass, t.n - nex);
    mm_arena_free(a);
    sb_free(&t);
}

/* ---- inline cases ---------------------------------------------------------- */

typedef struct url_case {
    const char *in;
    const char *canonical;
    const char *host;
    const char *path;
    const char *query; /* NULL when absent */
    int port;
    bool is_ip;
} url_case;

static const url_case url_cases[] = {
    /* from the spec page, not in the client's vectors */
    {"http://www.google.com/blah/..", "http://www.google.com/", "www.google.com", "/", NULL, 0, 0},
    {"www.google.com/", "http://www.google.com/", "www.google.com", "/", NULL, 0, 0},
    {"www.google.com", "http://www.google.com/", "www.google.com", "/", NULL, 0, 0},
    {"http://host.com/ab%23cd", "http://host.com/ab%23cd", "host.com", "/ab%23cd", NULL, 0, 0},
    {"http://host.com//twoslashes?more//slashes", "http://host.com/twoslashes?more//slashes",
     "host.com", "/twoslashes", "more//slashes", 0, 0},
    /* ports are parsed but never part of the canonical URL */
    {"HTTP://User:Pw@Example.COM:8080/A/./b/../C?x=1#top", "http://example.com/A/C?x=1",
     "example.com", "/A/C", "x=1", 8080, 0},
    {"http://[::1]:8443/", "http://[::1]/", "[::1]", "/", NULL, 8443, 1},
    {"http://[2001:DB8:0:0::1]/x", "http://[2001:db8::1]/x", "[2001:db8::1]", "/x", NULL, 0, 1},
    /* IPv4 forms */
    {"http://0x7f.1/", "http://127.0.0.1/", "127.0.0.1", "/", NULL, 0, 1},
    {"http://1.2.3/", "http://1.2.0.3/", "1.2.0.3", "/", NULL, 0, 1},
    {"http://017700000001:80/", "http://127.0.0.1/", "127.0.0.1", "/", NULL, 80, 1},
    /* IDN, full-width and ideographic dots through UTS #46 */
    {"http://ヤマト.jp/", "http://xn--fdk0br.jp/", "xn--fdk0br.jp", "/", NULL, 0, 0},
    {"https://ｅｘａｍｐｌｅ。ｃｏ．ｊｐ/ログイン",
     "https://example.co.jp/%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3", "example.co.jp",
     "/%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3", NULL, 0, 0},
    {"http://faß.de/", "http://xn--fa-hia.de/", "xn--fa-hia.de", "/", NULL, 0, 0},
    /* scheme-relative and escaped separators */
    {"//cdn.example.com/a.js", "http://cdn.example.com/a.js", "cdn.example.com", "/a.js", NULL, 0,
     0},
    {"http://example.com/%E3%81%82%20b%2fc", "http://example.com/%E3%81%82%20b/c", "example.com",
     "/%E3%81%82%20b/c", NULL, 0, 0},
    {"http://example.com/?", "http://example.com/?", "example.com", "/", "", 0, 0},
};

Test(norm_url, inline_cases)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof url_cases / sizeof url_cases[0]; i++) {
        const url_case *c = &url_cases[i];
        mm_url u;
        mm_error err = {0};
        cr_assert_eq(mm_norm_url(c->in, a, &u, &err), MM_OK, "'%s': %s", c->in, err.message);
        cr_expect_str_eq(u.canonical, c->canonical, "'%s'", c->in);
        cr_expect_str_eq(u.host, c->host, "'%s'", c->in);
        cr_expect_str_eq(u.path, c->path, "'%s'", c->in);
        if (c->query == NULL)
            cr_expect_null(u.query, "'%s' query '%s'", c->in, u.query);
        else
            cr_expect_str_eq(u.query, c->query, "'%s'", c->in);
        cr_expect_eq(u.port, c->port, "'%s' port %d", c->in, u.port);
        cr_expect_eq(u.host_is_ip, c->is_ip, "'%s'", c->in);
        cr_expect_str_eq(u.scheme, c->canonical[4] == 's' ? "https" : "http");
    }
    mm_arena_free(a);
}

/* The spec's two worked examples, in the spec's order. */
Test(norm_url, expressions_follow_spec_order)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"http://a.b.c/1/2.html?param=1", "a.b.c/1/2.html?param=1 a.b.c/1/2.html a.b.c/ a.b.c/1/ "
                                          "b.c/1/2.html?param=1 b.c/1/2.html b.c/ b.c/1/"},
        {"http://a.b.c.d.e.f.g/1.html",
         "a.b.c.d.e.f.g/1.html a.b.c.d.e.f.g/ c.d.e.f.g/1.html c.d.e.f.g/ d.e.f.g/1.html d.e.f.g/ "
         "e.f.g/1.html e.f.g/ f.g/1.html f.g/"},
        {"http://1.2.3.4/1/", "1.2.3.4/1/ 1.2.3.4/"},
        {"http://b/", "b/"},
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_url u;
        cr_assert_eq(mm_norm_url(cases[i].in, a, &u, NULL), MM_OK);
        char **ex;
        size_t n = mm_url_expressions(&u, a, &ex);
        cr_expect_str_eq(join(ex, n, a), cases[i].want, "'%s'", cases[i].in);
    }
    mm_arena_free(a);
}

Test(norm_url, expressions_are_capped_at_30_and_unique)
{
    mm_arena *a = mm_arena_new(0);
    mm_url u;
    cr_assert_eq(mm_norm_url("http://a.b.c.d.e.f.g.h/1/2/3/4/5/6.html?q=1", a, &u, NULL), MM_OK);
    char **ex;
    size_t n = mm_url_expressions(&u, a, &ex);
    cr_assert_eq(n, 30);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_assert_str_neq(ex[i], ex[j]);
    cr_assert_str_eq(ex[0], "a.b.c.d.e.f.g.h/1/2/3/4/5/6.html?q=1");
    cr_assert_str_eq(ex[29], "g.h/1/2/3/");
    cr_assert_eq(mm_url_expressions(NULL, a, &ex), 0);
    cr_assert_null(ex);
    mm_arena_free(a);
}

typedef struct url_error_case {
    const char *in;
    const char *message_part;
} url_error_case;

static const url_error_case url_errors[] = {
    {"", "'' is empty"},
    {"   ", "has no host"},
    {"http:///path", "'http:///path' has no host"},
    {"http://.../", "has no host"},
    {"mailto:someone@example.com", "has a scheme but no '//'"},
    {"javascript:alert(1)", "has a scheme but no '//'"},
    {"http://[::1/", "without ']'"},
    {"http://[::1]x/", "after the IPv6 host"},
    {"http://[1.2.3.4]/", "invalid IPv6"},
    {"http://example.com:99999/", "port above 65535"},
    {"http://exa%00mple.com/", "NUL byte"},
    {"http://ex\xc3\xa4mple\xe2\x80\x8b\xe2\x80\x8b!.com/", "not a valid IDN"},
    {"http://a:b/", "has ':', '/', '?', '@', '[' or ']' in its host"},
    {"http://a]b.com/", "in its host"},
    {"http://ex\xef\xbc\x8f"
     "ample.com/",
     "in its host"},                                         /* U+FF0F maps to '/' */
    {"http://%ef%bc%8541.com/", "IDN mapping contains '%'"}, /* U+FF05 → '%' */
};

Test(norm_url, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof url_errors / sizeof url_errors[0]; i++) {
        mm_url u;
        mm_error err = {0};
        cr_expect_eq(mm_norm_url(url_errors[i].in, a, &u, &err), MM_EINVAL, "'%s'",
                     url_errors[i].in);
        cr_expect_str_eq(err.field, "url");
        cr_expect_not_null(strstr(err.message, url_errors[i].message_part), "'%s' → '%s'",
                           url_errors[i].in, err.message);
    }
    mm_error err = {0};
    mm_url u;
    cr_expect_eq(mm_norm_url(NULL, a, &u, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "url");
    mm_arena_free(a);
}

Test(norm_url, long_input_is_refused_and_quoted_truncated)
{
    mm_arena *a = mm_arena_new(0);
    size_t n = 8193;
    char *big = malloc(n + 1);
    memcpy(big, "http://example.com/", 19);
    memset(big + 19, 'a', n - 19);
    big[n] = '\0';
    mm_url u;
    mm_error err = {0};
    cr_assert_eq(mm_norm_url(big, a, &u, &err), MM_EINVAL);
    cr_assert_str_eq(err.field, "url");
    cr_assert_not_null(strstr(err.message, "'http://example.com/aaaa"));
    cr_assert_not_null(strstr(err.message, "...' is longer than 8192 bytes"), "%s", err.message);
    big[8192] = '\0'; /* exactly the limit is accepted */
    cr_assert_eq(mm_norm_url(big, a, &u, &err), MM_OK, "%s", err.message);
    free(big);
    /* control bytes are shown escaped in the message */
    cr_assert_eq(mm_norm_url("http://\x01%00/", a, &u, &err), MM_EINVAL);
    cr_assert_not_null(strstr(err.message, "'http://\\x01%00/'"), "%s", err.message);
    mm_arena_free(a);
}
