/*
 * test_verdict_text.c — the verdict JSON written directly
 * (src/server/verdict_text.c) must be byte for byte what jansson prints for
 * mm_server_verdict_json (src/server/json_verdict.c), the definition both
 * the API and the CLI share: every member and its order, every escape, and
 * what happens to strings jansson refuses (not UTF-8). Checked on
 * hand-made verdicts covering each optional member, on every code point
 * below U+0800 and a stride through the rest, and on random byte strings.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "server/internal.h"

/* Both serialisations of v; fails the test when they differ. */
static void same(const mm_verdict *v, const char *what)
{
    json_t *j = mm_server_verdict_json(v);
    cr_assert_not_null(j, "%s: jansson tree", what);
    char *want = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    cr_assert_not_null(want, "%s: jansson dump", what);
    mm_buf b = {0};
    cr_assert_eq(mm_server_verdict_text(v, &b), MM_OK, "%s", what);
    cr_assert_eq(b.len, strlen(want), "%s: length %zu, jansson %zu\n got %.*s\nwant %s", what,
                 b.len, strlen(want), (int)b.len, b.data, want);
    cr_assert(memcmp(b.data, want, b.len) == 0, "%s:\n got %.*s\nwant %s", what, (int)b.len, b.data,
              want);
    free(want);
    mm_buf_free(&b);
}

static mm_verdict one_reason(mm_reason r)
{
    static mm_reason slot[1];
    slot[0] = r;
    mm_verdict v = {.action = MM_VERDICT_WARN,
                    .score = 55,
                    .category = "phishing",
                    .reasons = slot,
                    .nreasons = 1,
                    .cap = 1};
    return v;
}

Test(verdict_text, members_and_order)
{
    mm_verdict empty = {0};
    same(&empty, "no reasons, no category, no warning");
    for (int a = MM_VERDICT_ALLOW; a <= MM_VERDICT_BLOCK; a++) {
        mm_verdict v = {.action = (mm_verdict_action)a, .score = a * 30, .category = "refund"};
        same(&v, "each action");
    }
    mm_reason rs[] = {
        {.code = "URL_LISTED",
         .category = "phishing",
         .detail = "listed: http://x.example/a?b=1",
         .weight = 95,
         .span_start = 3,
         .span_end = 40,
         .indicator_id = 9007199254740993LL,
         .brand = "あおば銀行"},
        {.code = "TEXT_PHRASE", .weight = 0},
        {.code = NULL, .detail = "no code", .weight = -5, .span_start = 7, .span_end = 7},
        {.code = "X", .span_start = 9, .span_end = 2, .indicator_id = -1, .brand = ""},
        {.code = "PAYMENT_RULE", .text_ja = "店員向け", .audience = "clerk", .weight = 100},
    };
    mm_verdict v = {.action = MM_VERDICT_BLOCK,
                    .score = 100,
                    .category = "phishing",
                    .reasons = rs,
                    .nreasons = sizeof rs / sizeof rs[0],
                    .cap = sizeof rs / sizeof rs[0],
                    .warning_ja =
                        "警察がSNSやメッセージアプリで連絡し、お金を求めることはありません",
                    .warning_en = "The police never ask for money by \"SNS\"\\messages."};
    same(&v, "every member");
    v.warning_en = NULL;
    same(&v, "warning ja only");
    v.warning_ja = NULL;
    v.warning_en = "en only";
    same(&v, "warning en only");
    v.warning_ja = "\xff bad";
    same(&v, "warning with a non-UTF-8 half is left out");
    v.warning_ja = "ok";
    v.category = "\xc3\x28";
    same(&v, "non-UTF-8 category is left out");
}

Test(verdict_text, escapes_of_every_control_character)
{
    char s[64];
    for (int c = 1; c < 0x80; c++) {
        s[0] = 'a';
        s[1] = (char)c;
        s[2] = '/';
        s[3] = '\0';
        mm_verdict v = one_reason((mm_reason){.code = "C", .detail = s, .weight = 1});
        same(&v, "ASCII character");
    }
}

/* UTF-8 of cp (surrogates too: jansson must refuse them, and so must we) */
static size_t utf8(unsigned cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

Test(verdict_text, code_points)
{
    char s[16];
    for (unsigned cp = 1; cp <= 0x10FFFF; cp += cp < 0x800 ? 1 : cp < 0xE000 ? 61 : 997) {
        size_t n = utf8(cp, s + 1);
        s[0] = 'x';
        s[n + 1] = '"';
        s[n + 2] = '\0';
        mm_verdict v = one_reason((mm_reason){.code = "C", .brand = s, .detail = s + 1});
        same(&v, "code point");
    }
    for (unsigned cp = 0xD7FF; cp <= 0xE000; cp++) { /* around and inside the surrogates */
        s[utf8(cp, s)] = '\0';
        mm_verdict v = one_reason((mm_reason){.code = "C", .detail = s});
        same(&v, "surrogate range");
    }
    const char *bad[] = {"\xc0\x80",
                         "\xc1\xbf",
                         "\xe0\x80\xaf",
                         "\xf0\x80\x80\xaf",
                         "\xf4\x90\x80\x80",
                         "\xf5\x80\x80\x80",
                         "\xe3\x81",
                         "\x80",
                         "\xfe"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        mm_verdict v = one_reason((mm_reason){.code = "C", .detail = bad[i], .brand = "b"});
        same(&v, "invalid UTF-8");
    }
}

Test(verdict_text, random_bytes)
{
    unsigned long long x = 88172645463325252ULL;
    char s[12];
    for (int i = 0; i < 50000; i++) {
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = x % 10;
        for (size_t k = 0; k < len; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            unsigned char c = (unsigned char)(x >> 24);
            if (c == 0)
                c = 0xE3; /* no NUL inside: C strings */
            s[n++] = (char)c;
        }
        s[n] = '\0';
        mm_verdict v = one_reason((mm_reason){.code = s, .detail = s, .weight = (int)(x % 200)});
        same(&v, "random bytes");
    }
}

/* Valid strings of up to 40 bytes with escapes anywhere: the writer skips
 * plain text eight bytes at a time, so each position of a word and each
 * length around it must escape as jansson does. */
Test(verdict_text, escapes_at_every_position)
{
    static const char *const parts[] = {"a", "Z", " ", "\"", "\\", "\n", "\x01", "\x1f", "あ", "/"};
    unsigned long long x = 2463534242ULL;
    char s[64];
    for (int i = 0; i < 20000; i++) {
        size_t n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t len = x % 41;
        while (n < len) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* mostly plain letters, so that whole plain words occur */
            const char *p = parts[(x >> 20) % 4 ? (x >> 8) % 2 : (x >> 8) % 10];
            size_t k = strlen(p);
            if (n + k >= sizeof s)
                break;
            memcpy(s + n, p, k);
            n += k;
        }
        s[n] = '\0';
        mm_verdict v = one_reason((mm_reason){.code = s, .detail = s, .weight = (int)(x % 200)});
        same(&v, "escapes at every position");
    }
}
