/*
 * Tests for src/norm/url_fast.c: wherever the fast path answers, its
 * mm_url must be byte-identical to the full canonicaliser's, and
 * mm_norm_url (fast, then full) must answer exactly as the full path alone.
 * Run on every URL of ../shared/data/jpcert-phishurl (or
 * $MAMORU_SHARED_DATA), every input of the Safe-Browsing vectors and of the
 * WPT URL test data, and on generated near-plain URLs built from the bytes
 * the fast path must refuse ('%', '@', ':', '.', '[', space, upper case,
 * non-ASCII …). Tests skip with a message when the data is absent.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/norm.h"
#include "norm/url_fast.h"

static const char *shared_dir(void)
{
    const char *d = getenv("MAMORU_SHARED_DATA");
    return d && *d ? d : "../shared/data";
}

static bool same_str(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

typedef struct tally {
    size_t total, fast, full_ok;
    mm_arena *a;
} tally;

/* Compare the paths on one input; counts what the fast path handled. */
static void check_one(tally *t, const char *in)
{
    mm_arena_reset(t->a);
    t->total++;
    mm_url full, fast, both;
    mm_error e1 = {0}, e2 = {0};
    mm_status st_full = norm_url_full(in, t->a, &full, &e1);
    mm_status st_both = mm_norm_url(in, t->a, &both, &e2);
    cr_assert_eq(st_both, st_full, "'%s': mm_norm_url %d, full path %d", in, st_both, st_full);
    if (st_full == MM_OK)
        t->full_ok++;
    size_t len = strnlen(in, 8193);
    if (len == 0 || len > 8192)
        return;
    memset(&fast, 0x5a, sizeof fast);
    int r = norm_url_fast(in, len, t->a, &fast);
    cr_assert(r == 0 || r == 1, "'%s': fast path returned %d", in, r);
    const mm_url *got[2] = {&both, r == 1 ? &fast : NULL};
    if (st_full != MM_OK) {
        cr_assert_eq(r, 0, "'%s': the full path refuses it (%s) but the fast path answered '%s'",
                     in, e1.message, fast.canonical);
        return;
    }
    t->fast += r == 1;
    for (int k = 0; k < 2; k++) {
        const mm_url *u = got[k];
        if (u == NULL)
            continue;
        const char *who = k ? "fast path" : "mm_norm_url";
        cr_assert_str_eq(u->canonical, full.canonical, "'%s': %s canonical", in, who);
        cr_assert_str_eq(u->scheme, full.scheme, "'%s': %s scheme", in, who);
        cr_assert_str_eq(u->host, full.host, "'%s': %s host", in, who);
        cr_assert_str_eq(u->path, full.path, "'%s': %s path", in, who);
        cr_assert(same_str(u->query, full.query), "'%s': %s query '%s' vs '%s'", in, who,
                  u->query ? u->query : "(null)", full.query ? full.query : "(null)");
        cr_assert_eq(u->port, full.port, "'%s': %s port", in, who);
        cr_assert_eq(u->host_is_ip, full.host_is_ip, "'%s': %s host_is_ip", in, who);
    }
}

static int corpus_row(const mm_url_corpus_row *r, void *user)
{
    check_one(user, r->url);
    return 0;
}

Test(url_fast, identical_on_every_jpcert_url)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/jpcert-phishurl", shared_dir());
    FILE *f = fopen(dir, "r");
    if (f == NULL)
        cr_skip_test("%s not found: set MAMORU_SHARED_DATA", dir);
    fclose(f);
    tally t = {.a = mm_arena_new(0)};
    mm_error err = {0};
    cr_assert_eq(mm_url_corpus_read(dir, corpus_row, &t, &err), MM_OK, "%s", err.message);
    cr_assert_gt(t.total, 200000, "only %zu URLs read from %s", t.total, dir);
    /* the fast path must be the common case on real phishing URLs, or it is
     * not worth having (and would not be exercised by this test) */
    cr_assert_gt(t.fast * 10, t.total * 7, "fast path took %zu of %zu", t.fast, t.total);
    cr_log_info("jpcert: %zu URLs, %zu parsed, %zu by the fast path", t.total, t.full_ok, t.fast);
    mm_arena_free(t.a);
}

/* Undo the vector files' C-style escapes (\t \r \n \\ \xHH). */
static char *tsv_unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    cr_assert_not_null(out);
    while (*s) {
        if (*s != '\\') {
            *o++ = *s++;
            continue;
        }
        s++;
        if (*s == 'x') {
            char hex[3] = {s[1], s[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            s += 3;
            continue;
        }
        *o++ = *s == 't' ? '\t' : *s == 'r' ? '\r' : *s == 'n' ? '\n' : *s;
        s++;
    }
    *o = '\0';
    return out;
}

Test(url_fast, identical_on_safe_browsing_vectors)
{
    static const char *const files[] = {"canonical_url.tsv", "generate_lookup_hosts.tsv",
                                        "generate_lookup_paths.tsv", "generate_patterns.tsv"};
    tally t = {.a = mm_arena_new(0)};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024], line[16384];
        snprintf(path, sizeof path, "%s/safebrowsing-canon/%s", shared_dir(), files[i]);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            cr_skip_test("%s not found: set MAMORU_SHARED_DATA", path);
        for (int n = 0; fgets(line, sizeof line, f); n++) {
            if (n < 2) /* comment and header */
                continue;
            line[strcspn(line, "\t\n")] = '\0';
            char *in = tsv_unescape(line);
            check_one(&t, in);
            free(in);
        }
        fclose(f);
    }
    cr_assert_gt(t.total, 50);
    cr_assert_gt(t.fast, 0, "no vector took the fast path");
    mm_arena_free(t.a);
}

Test(url_fast, identical_on_wpt_url_inputs)
{
    static const char *const files[] = {"urltestdata.json", "ada_extra_urltestdata.json"};
    tally t = {.a = mm_arena_new(0)};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/wpt-url/%s", shared_dir(), files[i]);
        json_error_t je;
        json_t *root = json_load_file(path, JSON_ALLOW_NUL, &je);
        if (root == NULL)
            cr_skip_test("%s not readable (%s): set MAMORU_SHARED_DATA", path, je.text);
        size_t k;
        json_t *v;
        json_array_foreach(root, k, v)
        {
            const char *in = json_string_value(json_object_get(v, "input"));
            if (in != NULL)
                check_one(&t, in);
            /* and the same input made absolute, so more rows reach the host
             * and path rules instead of failing on a missing scheme */
            const char *base = json_string_value(json_object_get(v, "base"));
            if (in != NULL && base != NULL && strncmp(base, "http", 4) == 0) {
                char *abs = malloc(strlen(in) + 16);
                sprintf(abs, "http://%s", in);
                check_one(&t, abs);
                free(abs);
            }
        }
        json_decref(root);
    }
    cr_assert_gt(t.total, 500);
    cr_assert_gt(t.fast, 20, "only %zu WPT inputs took the fast path", t.fast);
    mm_arena_free(t.a);
}

/* Near-plain URLs: a plain skeleton with bytes the fast path must handle or
 * refuse spliced in at random places. */
Test(url_fast, identical_on_generated_edge_cases)
{
    static const char *const skel[] = {
        "http://www.example.com/a/b/c.html?x=1&y=2",
        "https://sub.evil-site.co.jp:8443/login/index.php?id=abc",
        "https://a_b.xn--eckwd4c7c.xn--zckzah/",
        "http://cafe.be/x",
        "https://12.34.56.78/p",
        "http://host.test?q",
        "https://host.test/p/?",
    };
    static const char *const bits[] = {
        "%",    "%41", "%2e", "%2F", "@", ":",  ":80", ":99999", ":",   ".",  "..",   "/./",
        "/../", "//",  "[",   "]",   " ", "\t", "#",   "#frag",  "?",   "A",  "Z",    "\xc3\xa9",
        "\x7f", "x",   "0x",  "-",   "_", "\\", "~",   "/.",     "/..", "?#", "HTTP", "0",
    };
    tally t = {.a = mm_arena_new(0)};
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    char buf[256];
    for (int n = 0; n < 200000; n++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        const char *s = skel[rng % (sizeof skel / sizeof skel[0])];
        size_t sl = strlen(s), o = 0;
        size_t pos1 = (rng >> 8) % (sl + 1), pos2 = (rng >> 20) % (sl + 1);
        const char *b1 = bits[(rng >> 32) % (sizeof bits / sizeof bits[0])];
        const char *b2 = bits[(rng >> 44) % (sizeof bits / sizeof bits[0])];
        bool two = (rng >> 56) & 1;
        for (size_t i = 0; i <= sl; i++) {
            if (i == pos1)
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", b1);
            if (two && i == pos2)
                o += (size_t)snprintf(buf + o, sizeof buf - o, "%s", b2);
            if (i < sl)
                buf[o++] = s[i];
        }
        buf[o] = '\0';
        check_one(&t, buf);
    }
    cr_assert_gt(t.fast, 10000);
    cr_assert_lt(t.fast, t.total);
    mm_arena_free(t.a);
}
