/* Tests for src/ingest/email_charset.c: base64 and quoted-printable,
 * charset labels to UTF-8 (ISO-2022-JP with the CP50220 extensions,
 * Shift_JIS, EUC-JP, Latin-1, sniffing), and RFC 2047 header words. The
 * encoded bytes were produced by Python's codecs (iso-2022-jp, cp932,
 * euc-jp), except the CP50220 rows, written by hand from the JIS tables. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ingest/email_internal.h"

static char *run(void (*fn)(const char *, size_t, mm_buf *, unsigned *), const char *in,
                 unsigned *flags)
{
    static char keep[4096];
    mm_buf b = {0};
    *flags = 0;
    fn(in, strlen(in), &b, flags);
    snprintf(keep, sizeof keep, "%.*s", (int)b.len, b.data ? b.data : "");
    mm_buf_free(&b);
    return keep;
}

/* ---- transfer encodings ------------------------------------------------------ */

static void b64(const char *in, size_t n, mm_buf *b, unsigned *f)
{
    email_b64_decode(in, n, b, f);
}
static void qp(const char *in, size_t n, mm_buf *b, unsigned *f)
{
    email_qp_decode(in, n, false, b, f);
}
static void qpq(const char *in, size_t n, mm_buf *b, unsigned *f)
{
    email_qp_decode(in, n, true, b, f);
}

typedef struct io_case {
    void (*fn)(const char *, size_t, mm_buf *, unsigned *);
    const char *in, *out;
} io_case;

static const io_case transfer_cases[] = {
    {b64, "aGVsbG8gd29ybGQ=", "hello world"},
    {b64, "aGVs\r\nbG8g\r\nd29y bGQ", "hello world"}, /* line breaks, spaces, no padding */
    {b64, "aGVs*bG8=ignored", "hello"},               /* junk skipped, stops at pad */
    {b64, "", ""},
    {b64, "4pyT", "✓"},
    {qp, "caf=C3=A9", "café"},
    {qp, "soft=\r\nbreak", "softbreak"},
    {qp, "soft=\nbreak (LF only)", "softbreak (LF only)"},
    {qp, "soft= \r\nbreak (padding after =)", "softbreak (padding after =)"},
    {qp, "trailing   \r\nnext", "trailing\r\nnext"},
    {qp, "a = b, =ZZ, =4", "a = b, =ZZ, =4"}, /* lone '=' kept */
    {qp, "lower =e3=81=82", "lower あ"},
    {qp, "end=", "end"},
    {qpq, "hello_world=3F", "hello world?"},
    {qpq, "a=20b", "a b"},
};

Test(email_charset, transfer_encodings)
{
    for (size_t i = 0; i < sizeof transfer_cases / sizeof transfer_cases[0]; i++) {
        unsigned f;
        const io_case *c = &transfer_cases[i];
        cr_expect_str_eq(run(c->fn, c->in, &f), c->out, "case %zu '%s'", i, c->in);
    }
}

/* ---- charsets ------------------------------------------------------------------- */

typedef struct cs_case {
    const char *label;
    const char *in;
    const char *out;
    unsigned flags; /* expected flags (exact) */
} cs_case;

static const cs_case cs_cases[] = {
    /* ISO-2022-JP as Python writes it */
    {"ISO-2022-JP", "\x1B$B:4F#MM\x1B(B", "佐藤様", 0},
    {"iso-2022-jp", "\x1B$B$*2YJ*$r$*FO$1$K$\"$,$j$^$7$?$,IT:_$N$?$a;}$A5\"$j$^$7$?!#\x1B(B",
     "お荷物をお届けにあがりましたが不在のため持ち帰りました。", 0},
    /* CP50220: NEC row 13 (① ㈱), IBM row 89 (纊), ESC ( I half-width kana */
    {"ISO-2022-JP", "\x1B$B-!-j\x1B(B \x1B$By!\x1B(I1\x1B(B.", "①㈱ 纊ｱ.", 0},
    /* the JIS standard mapping, not CP932's: wave dash, double bar, minus, ¢ £ ¬ */
    {"iso-2022-jp", "9:00\x1B$B!A\x1B(B18:00 \x1B$B!B!]!q!r\"L\x1B(B", "9:00〜18:00 ‖−¢£¬", 0},
    /* a line that forgets ESC ( B: the next line is ASCII again */
    {"iso-2022-jp", "\x1B$B$\"\nabc", "あ\nabc", 0},
    /* SO/SI half-width katakana (CP50222) */
    {"cp50222",
     "A\x0E"
     "123\x0F"
     "B",
     "AｱｲｳB", 0},
    /* truncated pair and an unknown escape */
    {"iso-2022-jp", "\x1B$B$", "\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS},
    {"iso-2022-jp", "a\x1B%Gb", "a\xEF\xBF\xBD%Gb", MM_EMAIL_F_DECODE_ERRORS},
    /* JIS X 0212 (ESC $ ( D): 丂 */
    {"iso-2022-jp-1", "\x1B$(D0!\x1B(B", "丂", 0},
    /* Shift_JIS family read as CP932 */
    {"Shift_JIS", "\x82\xA0\x82\xA2 \x87\x40", "あい ①", 0},
    {"windows-31j", "\x83\x65\x83\x58\x83\x67", "テスト", 0},
    {"sjis", "\x82", "\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS},
    /* an invalid pair does not eat the next ASCII character */
    {"shift_jis", "\x85\x40x", "\xEF\xBF\xBDx", MM_EMAIL_F_DECODE_ERRORS},
    /* EUC-JP read as EUC-JP-MS */
    {"EUC-JP", "\xB4\xD4\xC9\xD5\xB6\xE2", "還付金", 0},
    {"euc-jp", "\xAD\xA1", "①", 0},
    {"x-euc-jp", "\x8E\xB1", "ｱ", 0},
    /* UTF-8 and ASCII */
    {"utf-8", "日本語", "日本語", 0},
    {"UTF8",
     "a\xFF"
     "b",
     "a\xEF\xBF\xBD"
     "b",
     MM_EMAIL_F_DECODE_ERRORS},
    {"utf-8", "\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", MM_EMAIL_F_DECODE_ERRORS},
    {"us-ascii", "plain", "plain", 0},
    /* Latin-1 labels as Windows-1252 */
    {"iso-8859-1", "caf\xE9 \x80", "café €", 0},
    /* no label: sniffed */
    {NULL, "plain", "plain", 0},
    {"", "\xE3\x81\x82", "あ", 0},
    {NULL, "\x1B$B$\"\x1B(B", "あ", 0},
    {NULL, "\x83\x65\x83\x58\x83\x67", "テスト", 0}, /* Shift_JIS */
    {"us-ascii", "\xA4\xA2\xA4\xA4", "あい", 0},     /* EUC-JP mislabelled */
    /* another iconv charset */
    {"koi8-r", "\xF0\xD2\xC9\xD7\xC5\xD4", "Привет", 0},
    /* unknown label: sniffed and flagged */
    {"x-no-such-charset", "\xE3\x81\x82", "あ", MM_EMAIL_F_BAD_CHARSET},
    {"\"utf-8\"", "\xE3\x81\x82", "あ", 0}, /* quoted label */
};

Test(email_charset, labels_to_utf8)
{
    for (size_t i = 0; i < sizeof cs_cases / sizeof cs_cases[0]; i++) {
        const cs_case *c = &cs_cases[i];
        mm_buf b = {0};
        unsigned f = 0;
        email_charset_decode(c->label, c->in, strlen(c->in), &b, &f);
        cr_expect_eq(b.len, strlen(c->out), "case %zu (%s): length %zu, want %zu ('%.*s')", i,
                     c->label ? c->label : "null", b.len, strlen(c->out), (int)b.len,
                     b.data ? b.data : "");
        if (b.len == strlen(c->out))
            cr_expect(memcmp(b.data, c->out, b.len) == 0, "case %zu (%s): got '%.*s' want '%s'", i,
                      c->label ? c->label : "null", (int)b.len, b.data, c->out);
        cr_expect_eq(f, c->flags, "case %zu: flags %x want %x", i, f, c->flags);
        mm_buf_free(&b);
    }
}

/* Every 2-byte JIS row/cell must come out as valid UTF-8 (U+FFFD where
 * CP932 has no character), never crash or stall. */
Test(email_charset, every_jis_pair_is_valid_utf8)
{
    mm_buf in = {0}, out = {0};
    mm_buf_puts(&in, "\x1B$B");
    for (int c1 = 0x21; c1 <= 0x7E; c1++)
        for (int c2 = 0x21; c2 <= 0x7E; c2++) {
            char p[2] = {(char)c1, (char)c2};
            mm_buf_append(&in, p, 2);
        }
    unsigned f = 0;
    email_charset_decode("iso-2022-jp", in.data, in.len, &out, &f);
    mm_error err;
    cr_assert_eq(mm_utf8_validate(out.data, out.len, &err), MM_OK, "%s", err.message);
    cr_expect_geq(out.len, 94u * 94u * 3u / 2u); /* most pairs decode to 3-byte characters */
    mm_buf_free(&in);
    mm_buf_free(&out);
}

/* ---- RFC 2047 -------------------------------------------------------------------------- */

typedef struct hdr_case {
    const char *in, *out;
} hdr_case;

static const hdr_case hdr_cases[] = {
    {"=?ISO-2022-JP?B?GyRCIVo9RU1XIVskKjJZSiokTiQqRk8kMSRLJEQkJCRGGyhC?=",
     "【重要】お荷物のお届けについて"},
    /* white space between adjacent words (after unfolding) is dropped */
    {"=?UTF-8?B?44CQ6YeN6KaB44CR44GK5a6i5qeY44Gu44Ki?= "
     "=?UTF-8?B?44Kr44Km44Oz44OI44KS5YGc5q2i44GX44G+44GX44Gf?=",
     "【重要】お客様のアカウントを停止しました"},
    {"=?UTF-8?B?44CQ6YeN6KaB44CR44GK5a6i5qeY44Gu44Ki?=\t  "
     "=?utf-8?B?44Kr44Km44Oz44OI44KS5YGc5q2i44GX44G+44GX44Gf?=",
     "【重要】お客様のアカウントを停止しました"},
    /* a character split across two words survives */
    {"=?UTF-8?B?44GC4w==?= =?UTF-8?B?gYTjgYbjgYjjgYo=?=", "あいうえお"},
    /* Q: '_' is a space, =20 too */
    {"=?UTF-8?Q?=E3=83=8D=E3=82=AF=E3=82=B9=E3=83=88=E9=8A=80=E8=A1=8C=20=E3=82=B5=E3=83=9D=E3="
     "83=BC=E3=83=88?=",
     "ネクスト銀行 サポート"},
    {"=?iso-8859-1?q?caf=E9_cr=E8me?=", "café crème"},
    /* text around words keeps its spaces */
    {"Re: =?UTF-8?B?44GC?= and =?UTF-8?B?44GE?= end", "Re: あ and い end"},
    {"[spam] =?UTF-8?B?44GC?=", "[spam] あ"},
    /* words in different charsets next to each other */
    {"=?ISO-2022-JP?B?GyRCJEQkUCRhMT9NIhsoQg==?= =?UTF-8?B?5L6/?=", "つばめ運輸便"},
    /* RFC 2231 language suffix */
    {"=?UTF-8*ja?B?44GC?=", "あ"},
    /* not encoded words: left as they are */
    {"=?UTF-8?X?abc?=", "=?UTF-8?X?abc?="},
    {"=?UTF-8?B?abc", "=?UTF-8?B?abc"},
    {"a =? b ?= c", "a =? b ?= c"},
    /* raw 8-bit UTF-8 (RFC 6532) and raw ISO-2022-JP */
    {"【ご案内】", "【ご案内】"},
    {"\x1B$B:4F#MM\x1B(B", "佐藤様"},
    /* raw Shift_JIS */
    {"\x83\x65\x83\x58\x83\x67", "テスト"},
    /* control characters from decoding become spaces */
    {"=?UTF-8?Q?a=0Ab=00c?=", "a b c"},
    /* unknown charset in a word: bytes sniffed */
    {"=?x-unknown-cs?B?44GC?=", "あ"},
};

Test(email_charset, rfc2047_header_words)
{
    for (size_t i = 0; i < sizeof hdr_cases / sizeof hdr_cases[0]; i++) {
        const hdr_case *c = &hdr_cases[i];
        mm_buf b = {0};
        unsigned f = 0;
        email_header_decode(c->in, strlen(c->in), &b, &f);
        cr_expect(b.len == strlen(c->out) && memcmp(b.data, c->out, b.len) == 0,
                  "case %zu '%s': got '%.*s' want '%s'", i, c->in, (int)b.len, b.data ? b.data : "",
                  c->out);
        mm_buf_free(&b);
    }
}

/* ISO-2022-JP characters are converted one by one from a table filled from
 * iconv's CP932; a run of Shift_JIS goes through iconv whole. For every JIS
 * X 0208 cell (apart from the six the JIS standard maps differently, and
 * cells CP932 leaves empty) the two must agree, and an ISO-2022-JP line of
 * many cells must equal the characters decoded one at a time. */
Test(email_charset, iso2022jp_cells_match_cp932_runs)
{
    size_t agree = 0;
    mm_buf line = {0}, each = {0};
    unsigned fl = 0;
    mm_buf_puts(&line, "\x1b$B");
    for (unsigned c1 = 0x21; c1 <= 0x7E; c1++)
        for (unsigned c2 = 0x21; c2 <= 0x7E; c2 += 7) {
            unsigned code = c1 << 8 | c2;
            if (code == 0x2141 || code == 0x2142 || code == 0x215D || code == 0x2171 ||
                code == 0x2172 || code == 0x224C)
                continue;
            char jis[8] = {0x1b, '$', 'B', (char)c1, (char)c2, 0x1b, '(', 'B'};
            unsigned char sj[2];
            sj[0] = (unsigned char)(((c1 + 1) >> 1) + (c1 <= 0x5E ? 0x70 : 0xB0));
            sj[1] = (unsigned char)((c1 & 1) ? c2 + (c2 >= 0x60 ? 0x20 : 0x1F) : c2 + 0x7E);
            mm_buf a = {0}, b = {0};
            unsigned fa = 0, fb = 0;
            email_charset_decode("iso-2022-jp", jis, sizeof jis, &a, &fa);
            email_charset_decode("shift_jis", (const char *)sj, 2, &b, &fb);
            cr_assert_eq(a.len, b.len, "cell %04X", code);
            cr_assert(memcmp(a.data, b.data, a.len) == 0, "cell %04X", code);
            cr_assert_eq(fa, fb, "cell %04X flags", code);
            agree += fa == 0;
            mm_buf_append(&line, (char[]){(char)c1, (char)c2}, 2);
            mm_buf_append(&each, a.data, a.len);
            mm_buf_free(&a);
            mm_buf_free(&b);
        }
    mm_buf_puts(&line, "\x1b(B");
    mm_buf all = {0};
    email_charset_decode("iso-2022-jp", line.data, line.len, &all, &fl);
    cr_assert_eq(all.len, each.len);
    cr_expect(memcmp(all.data, each.data, all.len) == 0);
    cr_expect_gt(agree, 700, "only %zu cells decoded without error", agree);
    mm_buf_free(&line);
    mm_buf_free(&each);
    mm_buf_free(&all);
}
