/* Tests for the fast paths of the e-mail decoders (email_charset.c,
 * email_mime.c, email_parse.c): base64 four characters at a time, QP and
 * text runs written straight into a reserved buffer, ISO-2022-JP runs
 * copied from the CP932 table up to the end of the allocation, SWAR scans
 * for line breaks. Each fast path must give what the plain byte-by-byte
 * rules give: the edge cases here are where a fast path stops (white space
 * or a pad inside a quad, an escape or a pair cut at the end of the input,
 * the output allocation filling up mid-run, a bad byte inside an ASCII
 * run). Base64 is also checked against a bit-by-bit model on generated
 * inputs. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/email_internal.h"

/* ---- base64 --------------------------------------------------------------------- */

/* The rule as written in email_internal.h, one sextet at a time: alphabet
 * characters (the URL-safe two too) accumulate, anything else is skipped,
 * the first '=' stops. */
static size_t b64_model(const char *in, size_t n, unsigned char *out)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c == '=')
            break;
        int v = c == '-' ? 62 : c == '_' ? 63 : -1;
        const char *p = c ? strchr(A, c) : NULL;
        if (p)
            v = (int)(p - A);
        if (v < 0)
            continue;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits);
        }
    }
    return o;
}

static void expect_b64(const char *in, size_t n, const char *prefix)
{
    unsigned char want[4096];
    size_t wn = b64_model(in, n, want);
    mm_buf b = {0};
    unsigned f = 0;
    mm_buf_puts(&b, prefix);
    email_b64_decode(in, n, &b, &f);
    size_t pl = strlen(prefix);
    cr_assert_eq(b.len, pl + wn, "'%.*s': %zu bytes, want %zu", (int)n, in, b.len - pl, wn);
    cr_expect(memcmp(b.data, prefix, pl) == 0, "prefix kept");
    cr_expect(memcmp(b.data + pl, want, wn) == 0, "'%.*s': bytes differ", (int)n, in);
    cr_expect_eq(b.data[b.len], '\0');
    cr_expect_eq(f, 0u);
    mm_buf_free(&b);
}

Test(email_fastpath, base64_edges)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"QUJD\r\nREVG", "ABCDEF"},   /* line break between quads */
        {"QU JD", "ABC"},             /* white space inside a quad */
        {"QUJ\r\nDREVG", "ABCDEF"},   /* line break inside a quad, rest re-aligned */
        {"QUJDREVG=QUJD", "ABCDEF"},  /* a pad in the middle stops */
        {"QUJD=", "ABC"},             /* pad after a whole quad */
        {"QQ==", "A"},                /* two sextets: one byte */
        {"QUI=", "AB"},               /* three sextets: two bytes */
        {"QUI", "AB"},                /* unpadded */
        {"Q", ""},                    /* one sextet: nothing */
        {"QU*JD", "ABC"},             /* junk inside a quad */
        {"QUJD\x80\xFFREVG", "ABCDEF"}, /* 8-bit junk */
        {"-_-_", "\xFB\xFF\xBF"},     /* URL-safe alphabet */
        {"=QUJD", ""},                /* pad first */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_buf b = {0};
        unsigned f = 0;
        email_b64_decode(cases[i].in, strlen(cases[i].in), &b, &f);
        cr_expect_eq(b.len, strlen(cases[i].out), "case %zu '%s': %zu bytes", i, cases[i].in,
                     b.len);
        cr_expect(b.len == strlen(cases[i].out) && memcmp(b.data, cases[i].out, b.len) == 0,
                  "case %zu '%s'", i, cases[i].in);
        mm_buf_free(&b);
        expect_b64(cases[i].in, strlen(cases[i].in), "prefix:");
    }
}

/* Generated inputs: valid base64 of random bytes, then white space, line
 * breaks, junk and pads dropped in at random places. */
Test(email_fastpath, base64_matches_the_bitwise_model)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static const char *noise[] = {" ", "\r\n", "\n", "\t", "=", "==", "*", "\xE3", "-", "_"};
    unsigned seed = 12345;
    for (int round = 0; round < 400; round++) {
        char in[1200];
        size_t n = 0;
        size_t len = (size_t)(rand_r(&seed) % 700);
        for (size_t i = 0; i < len && n < 1000; i++) {
            in[n++] = A[rand_r(&seed) % 64];
            if (rand_r(&seed) % 40 == 0) {
                const char *z = noise[rand_r(&seed) % (sizeof noise / sizeof noise[0])];
                /* pads only now and then, so most inputs run to the end */
                if (z[0] == '=' && rand_r(&seed) % 4)
                    continue;
                memcpy(in + n, z, strlen(z));
                n += strlen(z);
            }
        }
        expect_b64(in, n, round % 2 ? "" : "x");
    }
}

/* ---- quoted-printable ------------------------------------------------------------- */

Test(email_fastpath, qp_edges)
{
    static const struct {
        bool q;
        const char *in, *out;
    } cases[] = {
        {false, "=E3=\r\n=81=82", "あ"},      /* soft break inside a character */
        {false, "a=\r\n", "a"},              /* soft break at the end */
        {false, "a  \t", "a"},               /* white space at the very end */
        {false, "a \tb", "a \tb"},           /* inner white space kept */
        {false, "x=", "x"},                  /* '=' at the end */
        {false, "x=4", "x=4"},               /* one hex digit: kept */
        {false, "x=3d=3D", "x=="},           /* either case */
        {false, "a_b", "a_b"},               /* '_' is only special in headers */
        {true, "a_b=5F", "a b_"},
        {true, "a b", "a b"},                /* headers keep spaces */
        {true, "a=\r\nb", "a=\r\nb"},        /* no soft breaks in headers */
        {false, "line \r\nnext \nend ", "line\r\nnext\nend"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int pre = 0; pre < 2; pre++) {
            mm_buf b = {0};
            unsigned f = 0;
            if (pre)
                mm_buf_puts(&b, "pre");
            email_qp_decode(cases[i].in, strlen(cases[i].in), cases[i].q, &b, &f);
            char want[64];
            snprintf(want, sizeof want, "%s%s", pre ? "pre" : "", cases[i].out);
            cr_expect_str_eq(b.data ? b.data : "", want, "case %zu '%s'", i, cases[i].in);
            cr_expect_eq(b.len, strlen(want), "case %zu", i);
            mm_buf_free(&b);
        }
    }
}

/* ---- ISO-2022-JP ------------------------------------------------------------------- */

static char *jis(const char *in, unsigned *f)
{
    size_t n = strlen(in);
    static char keep[8192];
    mm_buf b = {0};
    *f = 0;
    email_charset_decode("iso-2022-jp", in, n, &b, f);
    snprintf(keep, sizeof keep, "%.*s", (int)b.len, b.data ? b.data : "");
    mm_buf_free(&b);
    return keep;
}

Test(email_fastpath, jis_escapes_cut_at_the_end)
{
    unsigned f;
    /* an escape cut short at the end of the input is one bad byte */
    cr_expect_str_eq(jis("\x1B$B$\"\x1B(B" "ab\x1B", &f), "あab\xEF\xBF\xBD");
    cr_expect_eq(f, MM_EMAIL_F_DECODE_ERRORS);
    cr_expect_str_eq(jis("ab\x1B$", &f), "ab\xEF\xBF\xBD$");
    cr_expect_str_eq(jis("ab\x1B(", &f), "ab\xEF\xBF\xBD(");
    /* a kanji run ending in half a pair */
    cr_expect_str_eq(jis("\x1B$B$\"$\"$", &f), "ああ\xEF\xBF\xBD");
    cr_expect_eq(f, MM_EMAIL_F_DECODE_ERRORS);
    /* ASCII-state controls pass through (the text stage drops them later) */
    cr_expect_str_eq(jis("a\tb\r\nc\x7F" "d", &f), "a\tb\r\nc\x7F" "d");
    cr_expect_eq(f, 0u);
    /* a kanji-state line break returns to ASCII */
    cr_expect_str_eq(jis("\x1B$B$\"\r\n$\"", &f), "あ\r\n$\"");
    /* 8-bit bytes inside an ASCII run */
    cr_expect_str_eq(jis("ab\xB1" "cd\xFF" "e", &f), "abｱcd\xEF\xBF\xBD" "e");
    cr_expect_eq(f, MM_EMAIL_F_DECODE_ERRORS);
    /* the other designations of ASCII and JIS X 0208, back to back, and
     * line breaks ending kanji runs */
    cr_expect_str_eq(jis("\x1B$@$\"\x1B(J~\\\x1B(H~\r\n\x1B$B$\"\r\n\x1B$B$\"\n$\"", &f),
                     "あ~\\~\r\nあ\r\nあ\n$\"");
    cr_expect_eq(f, 0u);
    /* the six JIS-standard cells inside a run of ordinary ones */
    cr_expect_str_eq(jis("\x1B$B$\"!A$\"!]$\"\x1B(B", &f), "あ〜あ−あ");
}

/* Kanji lines (rows 0x30-0x57, a few unmapped cells among them) and ASCII. */
static void jis_lines(mm_buf *in)
{
    for (int line = 0; line < 6; line++) {
        mm_buf_puts(in, "\x1B$B");
        for (int k = 0; k < 40 + line; k++) {
            char p[2] = {(char)(0x30 + (k + line) % 40), (char)(0x21 + (k * 7) % 94)};
            mm_buf_append(in, p, 2);
        }
        mm_buf_puts(in, "\x1B(B abc 123\r\n");
    }
}

static void decode_into(const char *in, size_t n, mm_buf *b, unsigned *f)
{
    email_charset_decode("iso-2022-jp", in, n, b, f);
}

/* The run copy stops where the output allocation ends and goes on through
 * the slow path: whatever the capacity when a run starts, the same text.
 * The decoder reserves 1.5x the input up front, so the allocation is made
 * to run out by 8-bit half-width katakana first (1 byte in, 3 out), k of
 * them, which leave the state alone: decode(kana + rest) must be
 * decode(kana) followed by decode(rest). Also with a prefix already in a
 * buffer of exact capacity. */
Test(email_fastpath, jis_runs_across_the_end_of_the_allocation)
{
    mm_buf rest = {0}, ref = {0};
    jis_lines(&rest);
    unsigned f0 = 0;
    decode_into(rest.data, rest.len, &ref, &f0);
    cr_assert_gt(ref.len, 600u);
    for (size_t k = 0; k < 400; k += 1 + k / 40) {
        mm_buf in = {0}, kana = {0}, got = {0};
        for (size_t j = 0; j < k; j++)
            mm_buf_putc(&in, (char)(0xB1 + j % 40));
        unsigned fk = 0, f = 0;
        decode_into(in.data ? in.data : "", in.len, &kana, &fk);
        mm_buf_append(&in, rest.data, rest.len);
        decode_into(in.data, in.len, &got, &f);
        cr_assert_eq(got.len, kana.len + ref.len, "k %zu: %zu bytes, want %zu", k, got.len,
                     kana.len + ref.len);
        cr_assert(memcmp(got.data, kana.data ? kana.data : "", kana.len) == 0, "k %zu", k);
        cr_assert(memcmp(got.data + kana.len, ref.data, ref.len) == 0, "k %zu", k);
        cr_assert_eq(got.data[got.len], '\0');
        cr_assert_eq(f, fk | f0);
        mm_buf_free(&in);
        mm_buf_free(&kana);
        mm_buf_free(&got);
    }
    for (size_t pre = 0; pre < 24; pre++) {
        mm_buf b = {0};
        b.cap = pre + 1;
        b.data = malloc(b.cap);
        cr_assert_not_null(b.data);
        memset(b.data, 'x', pre);
        b.len = pre;
        b.data[pre] = '\0';
        unsigned f = 0;
        decode_into(rest.data, rest.len, &b, &f);
        cr_assert_eq(b.len, pre + ref.len, "pre %zu", pre);
        cr_assert(memcmp(b.data + pre, ref.data, ref.len) == 0, "pre %zu", pre);
        cr_assert_eq(f, f0);
        mm_buf_free(&b);
    }
    mm_buf_free(&rest);
    mm_buf_free(&ref);
}

/* ---- UTF-8 ------------------------------------------------------------------------------- */

Test(email_fastpath, utf8_bad_byte_inside_an_ascii_run)
{
    static const struct {
        const char *in, *out;
        unsigned flags;
    } cases[] = {
        {"abcdefgh\xFFijklmnop", "abcdefgh\xEF\xBF\xBDijklmnop", MM_EMAIL_F_DECODE_ERRORS},
        {"abcdefghijklmno\x80", "abcdefghijklmno\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS},
        {"abc\xE3\x81", "abc\xEF\xBF\xBD\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS}, /* cut at the end */
        {"abcdefgh\xE3\x81\x82ijklmnop\xC3\xA9", "abcdefghあijklmnopé", 0},
        {"\xF0\x9F\x98\x80 12345678", "😀 12345678", 0},
        {"12345678\xC0\xAF", "12345678\xEF\xBF\xBD\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_buf b = {0};
        unsigned f = 0;
        email_charset_decode("utf-8", cases[i].in, strlen(cases[i].in), &b, &f);
        cr_expect_str_eq(b.data ? b.data : "", cases[i].out, "case %zu", i);
        cr_expect_eq(f, cases[i].flags, "case %zu flags %x", i, f);
        mm_buf_free(&b);
    }
}

/* ---- text runs and unfolding ---------------------------------------------------------- */

Test(email_fastpath, text_append_line_breaks_at_word_edges)
{
    email_state st = {0};
    mm_buf out = {0};
    /* CR alone, CRLF, NUL and other controls at and around 8-byte edges */
    const char in[] = "\r\n\r\n1234567\r\n12345678\r123456\x01x\x00y\tz\r";
    email_text_append(&st, &out, in, sizeof in - 1);
    cr_expect_str_eq(out.data, "1234567\n12345678\n123456xy\tz\n");
    cr_expect_eq(out.len, strlen(out.data));
    /* a second part gets one blank line before it */
    email_text_append(&st, &out, "next", 4);
    cr_expect_str_eq(out.data, "1234567\n12345678\n123456xy\tz\n\nnext");
    /* blank parts add nothing */
    email_text_append(&st, &out, " \r\n\t", 4);
    cr_expect_str_eq(out.data, "1234567\n12345678\n123456xy\tz\n\nnext");
    cr_expect_eq(st.flags, 0u);
    mm_buf_free(&out);
}

Test(email_fastpath, unfold_runs)
{
    mm_arena *a = mm_arena_new(4096);
    static const struct {
        const char *in;
        size_t n;
        const char *out;
    } cases[] = {
        {"  value  ", 9, "value"},
        {"a\r\n\tb", 5, "a\tb"},
        {"12345678\tabcdefgh\r\n 12345678", 28, "12345678\tabcdefgh 12345678"},
        {"1234567\0" "12345678", 16, "1234567 12345678"}, /* NUL becomes a space */
        {"=?UTF-8?B?44GC?=\r\n =?UTF-8?B?44GE?=", 35, "=?UTF-8?B?44GC?= =?UTF-8?B?44GE?="},
        {"a\n\n\nb", 5, "ab"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *u = email_unfold(cases[i].in, cases[i].n, a);
        cr_assert_not_null(u);
        cr_expect_str_eq(u, cases[i].out, "case %zu", i);
    }
    mm_arena_free(a);
}

/* A From header long enough for the mailbox scratch to come from the heap,
 * with quotes, escapes and nested comments. */
Test(email_fastpath, long_mailbox)
{
    mm_buf m = {0};
    mm_buf_puts(&m, "From: \"");
    for (int i = 0; i < 60; i++)
        mm_buf_puts(&m, "Name\\\"");
    mm_buf_puts(&m, "\" (c1 (nested) c2) <user@example.test>\r\nSubject: s\r\n\r\nbody\r\n");
    mm_arena *a = mm_arena_new(1 << 14);
    mm_email_msg msg;
    mm_error err;
    cr_assert_eq(mm_email_parse(m.data, m.len, a, &msg, &err), MM_OK);
    cr_expect_str_eq(msg.from_addr, "user@example.test");
    cr_assert_not_null(msg.display_name);
    cr_expect_eq(strlen(msg.display_name), 60u * 5u, "%s", msg.display_name);
    cr_expect_eq(strncmp(msg.display_name, "Name\"Name\"", 10), 0);
    /* the bare form: the comment is the name */
    mm_buf_reset(&m);
    mm_buf_puts(&m, "From: user@example.test (");
    for (int i = 0; i < 100; i++)
        mm_buf_puts(&m, "Comment ");
    mm_buf_puts(&m, ")\r\n\r\nbody\r\n");
    cr_assert_eq(mm_email_parse(m.data, m.len, a, &msg, &err), MM_OK);
    cr_expect_str_eq(msg.from_addr, "user@example.test");
    cr_assert_not_null(msg.display_name);
    cr_expect_eq(strncmp(msg.display_name, "Comment Comment", 15), 0);
    mm_arena_free(a);
    mm_buf_free(&m);
}

/* ---- charset identity, parameters, header words ------------------------------------ */

/* email_charset_identity says "the bytes as they are" exactly when the
 * decoder would append those same bytes and set no flag. */
Test(email_fastpath, charset_identity_agrees_with_the_decoder)
{
    static const char *labels[] = {NULL,         "",          "utf-8",     "UTF8",  "us-ascii",
                                   "iso-2022-jp", "shift_jis", "euc-jp",    "latin1", "koi8-r",
                                   "x-unknown",  "\"utf-8\"",  "x-no-such"};
    static const char *texts[] = {
        "plain ascii",       "日本語のテキスト", "caf\xC3\xA9",         "a\xFF" "b",
        "\xE3\x81",          "\x1B$B$\"\x1B(B",  "\x82\xA0\x82\xA2",    "\xA4\xA2\xA4\xA4",
        "tab\tand\r\nbreak", "",                 "\xED\xA0\x80 surrogate", "\xF0\x9F\x98\x80",
    };
    int same = 0;
    for (size_t l = 0; l < sizeof labels / sizeof labels[0]; l++)
        for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
            const char *in = texts[t];
            size_t n = strlen(in);
            mm_buf b = {0};
            unsigned f = 0;
            email_charset_decode(labels[l], in, n, &b, &f);
            bool unchanged = f == 0 && b.len == n && (n == 0 || memcmp(b.data, in, n) == 0);
            bool id = email_charset_identity(labels[l], in, n);
            /* identity must never claim more than the decoder does */
            cr_expect(!id || unchanged, "label %s text %zu: identity but decoded differently",
                      labels[l] ? labels[l] : "null", t);
            same += unchanged;
            mm_buf_free(&b);
        }
    cr_expect_gt(same, 20); /* the cases exercise both answers */
    /* and it does say so for the common cases */
    cr_expect(email_charset_identity("utf-8", "日本語", strlen("日本語")));
    cr_expect(email_charset_identity(NULL, "日本語", strlen("日本語")));
    cr_expect(email_charset_identity("iso-8859-1", "ascii", 5));
    cr_expect(!email_charset_identity("iso-2022-jp", "ascii", 5));
    cr_expect(!email_charset_identity("utf-8", "a\xFF", 2));
    cr_expect(!email_charset_identity(NULL, "\x1B$B$\"\x1B(B", 8));
}

/* Only the parameter asked for is copied; the others are skipped whole,
 * quoted ones with escaped quotes and semicolons included. */
Test(email_fastpath, param_skips_the_others)
{
    mm_arena *a = mm_arena_new(4096);
    const char *v = "text/plain; name=\"a \\\"b; c\\\" d\"; x=1; charset=\"ISO-2022-JP\"; "
                    "format=flowed;delsp=yes; title*=utf-8''%E3%81%82%E3%81%84";
    size_t n = strlen(v);
    cr_expect_str_eq(email_param(v, n, "charset", a), "ISO-2022-JP");
    cr_expect_str_eq(email_param(v, n, "name", a), "a \"b; c\" d");
    cr_expect_str_eq(email_param(v, n, "x", a), "1");
    cr_expect_str_eq(email_param(v, n, "format", a), "flowed");
    cr_expect_str_eq(email_param(v, n, "delsp", a), "yes");
    cr_expect_str_eq(email_param(v, n, "title", a), "あい");
    cr_expect_null(email_param(v, n, "boundary", a));
    cr_expect_null(email_param(v, n, "c", a)); /* inside a quoted value: not a parameter */
    mm_arena_free(a);
}

Test(email_fastpath, header_words_and_controls)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        /* white space inside the encoded text: not a word, kept as text */
        {"=?UTF-8?B?44GC 44GE?=", "=?UTF-8?B?44GC 44GE?="},
        /* a '?' inside the text that does not end it */
        {"=?UTF-8?Q?a?b?=", "a?b"},
        /* controls from a decoded word become spaces, at every place in a
         * word of eight */
        {"=?UTF-8?Q?1234567=01abcdefg=7Fh=09?=", "1234567 abcdefg h "},
        {"=?UTF-8?B?AQIDBAUGBwgJCgsMDQ4PEA==?=", "                "},
        {"long ascii text without words, longer than eight", "long ascii text without words, longer than eight"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_buf b = {0};
        unsigned f = 0;
        email_header_decode(cases[i].in, strlen(cases[i].in), &b, &f);
        cr_expect_str_eq(b.data ? b.data : "", cases[i].out, "case %zu", i);
        mm_buf_free(&b);
    }
}
