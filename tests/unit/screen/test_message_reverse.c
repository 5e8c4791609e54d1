/* Tests for a phrase expression read backwards (src/screen/message_reverse.c):
 * for every end of a match, the reversed form run as message_internal.h
 * describes must reach the start Vectorscan's own start-of-match tracking
 * reports — on the constructs the phrase files use (groups, alternation,
 * bounded gaps in UTF-8, classes, \b at either edge, ^, a final $ at the
 * end of the text, before a final newline and inside it) — and anything
 * that cannot be read backwards is refused with a message naming it. */
#include <criterion/criterion.h>
#include <hs/hs.h>
#include <stdlib.h>
#include <string.h>

#include "screen/message_internal.h"

#define FLAGS HS_FLAG_UTF8 /* as the message model compiles */

static hs_database_t *compile(const char *expr, unsigned flags)
{
    hs_database_t *db = NULL;
    hs_compile_error_t *ce = NULL;
    cr_assert_eq(hs_compile(expr, flags, HS_MODE_BLOCK, NULL, &db, &ce), HS_SUCCESS, "%s: %s", expr,
                 ce ? ce->message : "?");
    return db;
}

typedef struct ends {
    unsigned long long start[256];
    bool seen[256];
} ends;

/* The tracked scan: each end's leftmost start (the first report of it). */
static int on_tracked(unsigned int id, unsigned long long from, unsigned long long to,
                      unsigned int flags, void *ctx)
{
    ends *e = ctx;
    if (to < 256 && !e->seen[to]) {
        e->seen[to] = true;
        e->start[to] = from;
    }
    return 0;
}

static int on_back(unsigned int id, unsigned long long from, unsigned long long to,
                   unsigned int flags, void *ctx)
{
    *(unsigned long long *)ctx = to;
    return 0;
}

/* The start the reversed form gives for a match of text ending at `to`. */
static long back_start(const msg_reversed *r, const char *text, size_t to, hs_scratch_t **s)
{
    size_t n = strlen(text);
    char *rev = malloc(n + 1);
    rev[0] = '\n';
    for (size_t p = 0; p < n; p += mm_utf8_len((unsigned char)text[p]))
        memcpy(rev + 1 + n - p - mm_utf8_len((unsigned char)text[p]), text + p,
               mm_utf8_len((unsigned char)text[p]));
    bool at_end = to == n || (to + 1 == n && text[to] == '\n');
    const char *form = at_end && r->at_end ? r->at_end : r->mid;
    long start = -1;
    if (form) {
        hs_database_t *db = compile(form, FLAGS);
        cr_assert_eq(hs_alloc_scratch(db, s), HS_SUCCESS);
        size_t lead = to < n ? mm_utf8_len((unsigned char)text[to]) : 1;
        size_t off = to < n ? 1 + n - to - lead : 0;
        unsigned long long end = 0;
        hs_scan(db, rev + off, (unsigned)(n + 1 - off), 0, *s, on_back, &end);
        if (end >= lead)
            start = (long)to - (long)(end - lead);
        hs_free_database(db);
    }
    free(rev);
    return start;
}

/* Every end of a match of expr in text: the backward start is the tracked
 * one. Returns how many ends were compared. */
static size_t same_starts(const char *expr, const char *text)
{
    msg_reversed r;
    mm_error e = {0};
    cr_assert_eq(msg_regex_reverse(expr, &r, &e), MM_OK, "%s: %s", expr, e.message);
    hs_database_t *db = compile(expr, FLAGS | HS_FLAG_SOM_LEFTMOST);
    hs_scratch_t *s = NULL;
    cr_assert_eq(hs_alloc_scratch(db, &s), HS_SUCCESS);
    ends got = {0};
    hs_scan(db, text, (unsigned)strlen(text), 0, s, on_tracked, &got);
    size_t compared = 0;
    for (size_t to = 0; to < 256; to++)
        if (got.seen[to]) {
            long b = back_start(&r, text, to, &s);
            cr_expect_eq(b, (long)got.start[to],
                         "%s on '%s': the match ending at %zu starts at %llu, "
                         "read backwards %ld (mid '%s', at end '%s')",
                         expr, text, to, got.start[to], b, r.mid, r.at_end ? r.at_end : "-");
            compared++;
        }
    hs_free_scratch(s);
    hs_free_database(db);
    msg_reversed_free(&r);
    return compared;
}

Test(message_reverse, starts_read_backwards_are_the_tracked_starts)
{
    static const struct {
        const char *expr, *text;
        size_t ends; /* how many distinct match ends the text has */
    } cases[] = {
        /* a bounded gap in UTF-8: the leftmost start of several */
        {"口座[^。]{0,6}凍結", "口座口座が凍結。口座凍結", 2},
        {"(ア|アイ)ウ", "アイウ アウ", 2},
        {"(届イタ|受ケ取ッタ)[^。]{0,16}(コード|番号)", "届イタ受ケ取ッタ番号とコード", 2},
        /* ^ only at the start of the text */
        {"(^|[^a-z])my ?page", "mypage and my page, xmypage", 2},
        /* \b on both edges: the character after the end is read first */
        {"\\bcall [0-9]+\\b", "call 123 recall 45 call 6x", 1},
        {"app\\b", "apps app apple app", 2},
        /* a final $: at the end of the text, before a final newline */
        {"逮捕サレタ(。|、|ト|$)", "逮捕サレタ。逮捕サレタ", 2},
        {"逮捕サレタ(。|$)", "逮捕サレタ\n", 1},
        {"払ッテ([^キクオ]|ク[^ル]|オイテ|$)", "払ッテクレ払ッテオイテ払ッテ", 3},
        {"センター$", "センター", 1},
        /* classes with ']' and escapes, nested quantified groups, lazy */
        {"[]a]+[\\-.]x", "]a-x a.x", 2},
        {"((ab)+c){1,2}?d", "ababcabcd", 1},
        {"x(?:yz|y)*?w", "xyzyw xw", 2},
        {"[0-9]{2,4}(万|千)円", "1234万円 12千円", 2},
        {"\\x{30a2}\\x{30a4}", "アイ", 1},
        {"a.{0,3}b", "a\nb axyb", 1}, /* '.' skips a newline */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(same_starts(cases[i].expr, cases[i].text), cases[i].ends,
                     "%s on '%s': the test text should end that many matches", cases[i].expr,
                     cases[i].text);
}

Test(message_reverse, a_final_dollar_has_two_forms)
{
    msg_reversed r;
    cr_assert_eq(msg_regex_reverse("センター$", &r, NULL), MM_OK);
    cr_expect(r.ends_at_end);
    cr_expect_null(r.mid, "it can end nowhere but at the end: '%s'", r.mid);
    cr_expect_not_null(r.at_end);
    msg_reversed_free(&r);
    cr_assert_eq(msg_regex_reverse("センター(ノ|$)", &r, NULL), MM_OK);
    cr_expect_not_null(r.mid);
    cr_expect_not_null(r.at_end);
    cr_expect_str_neq(r.mid, r.at_end);
    msg_reversed_free(&r);
    cr_assert_eq(msg_regex_reverse("[$]x\\$", &r, NULL), MM_OK);
    cr_expect(!r.ends_at_end, "a dollar in a class or escaped is a character");
    msg_reversed_free(&r);
}

Test(message_reverse, what_cannot_be_read_backwards_is_refused)
{
    static const struct {
        const char *expr, *why;
    } cases[] = {
        {"(?i)abc", "inline option"},
        {"a(?=b)", "look-around"},
        {"(a)\\1", "back-reference"},
        {"a$b", "'$' that is not at the end"},
        {"(a$)b", "'$' that is not at the end"},
        {"abc\\z", "anchor"},
        {"(ab", "unclosed group"},
        {"[ab", "unclosed character class"},
        {"ab)", "unmatched ')'"},
        {"^*a", "quantified anchor"},
        {"ab\\", "trailing backslash"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        msg_reversed r;
        mm_error e = {0};
        cr_expect_eq(msg_regex_reverse(cases[i].expr, &r, &e), MM_EINVAL, "%s", cases[i].expr);
        cr_expect(strstr(e.message, cases[i].why) && strstr(e.message, cases[i].expr),
                  "%s: '%s' names neither '%s' nor the pattern", cases[i].expr, e.message,
                  cases[i].why);
        cr_expect_null(r.mid);
    }
}
