/*
 * email_charset.c — bytes of an e-mail to UTF-8: base64 and
 * quoted-printable, RFC 2047 encoded words, and the charsets Japanese mail
 * arrives in (ISO-2022-JP, Shift_JIS, EUC-JP, UTF-8) plus whatever else
 * glibc's iconv knows.
 *
 * Why an own ISO-2022-JP decoder: glibc's refuses the Microsoft extensions
 * (NEC row 13 "①㈱", IBM rows 89–92, ESC ( I half-width katakana) that
 * Outlook and Japanese web mailers put in "ISO-2022-JP" (CP50220/50221),
 * and would fail the whole part. Each JIS X 0208 pair is mapped
 * arithmetically to its Shift_JIS code and the run is converted by iconv
 * as CP932, which has those extensions (character by character through a
 * table filled once from that same iconv conversion: CP932 is stateless,
 * so a run and its characters convert alike). Shift_JIS labels are read as CP932
 * and EUC-JP as EUC-JP-MS for the same reason (supersets, as the WHATWG
 * encoding standard does). Invalid bytes become U+FFFD; nothing fails.
 *
 * Speed (issue 4's e-mail rate): the hot loops — base64 by quads, QP and
 * ISO-2022-JP runs, UTF-8 validation by words — write straight into an
 * output reserved once instead of appending per byte; each keeps the plain
 * byte-by-byte rule its comment states, and test_email_fastpath.c holds
 * them to it at the places a fast path stops.
 */
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/email_internal.h"

#define PUT(out, p, n, flags)                                                                      \
    do {                                                                                           \
        if (mm_buf_append((out), (p), (n)) != MM_OK)                                               \
            *(flags) |= EMAIL_F_NOMEM;                                                             \
    } while (0)

void email_buf_reserve(mm_buf *b, size_t extra, unsigned *flags)
{
    if (b->cap >= b->len + extra + 1)
        return;
    size_t cap = b->len + extra + 1;
    if (cap < 64)
        cap = 64;
    char *d = realloc(b->data, cap);
    if (d == NULL) {
        *flags |= EMAIL_F_NOMEM;
        return;
    }
    if (b->data == NULL)
        d[0] = '\0';
    b->data = d;
    b->cap = cap;
}

static const char REPLACEMENT[] = "\xEF\xBF\xBD"; /* U+FFFD */

static void put_replacement(mm_buf *out, unsigned *flags)
{
    PUT(out, REPLACEMENT, 3, flags);
    *flags |= MM_EMAIL_F_DECODE_ERRORS;
}

/* ---- base64 and quoted-printable ---------------------------------------------- */

static const signed char B64[256] = {
    ['A'] = 1,  ['B'] = 2,  ['C'] = 3,  ['D'] = 4,  ['E'] = 5,  ['F'] = 6,  ['G'] = 7,  ['H'] = 8,
    ['I'] = 9,  ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16,
    ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22, ['W'] = 23, ['X'] = 24,
    ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, ['f'] = 32,
    ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, ['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40,
    ['o'] = 41, ['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48,
    ['w'] = 49, ['x'] = 50, ['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56,
    ['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
    ['-'] = 63, ['_'] = 64, /* value + 1; the URL-safe alphabet tolerated */
};

/* B64 shifted into place for a whole quad: the four lookups OR-ed give
 * the 24 bits, or B64_BAD when any of the four is outside the alphabet
 * (white space, line breaks, '=', junk). Filled once from B64. */
#define B64_BAD 0x80000000u
static uint32_t b64_q[4][256];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_fill(void)
{
    for (unsigned c = 0; c < 256; c++)
        for (unsigned k = 0; k < 4; k++)
            b64_q[k][c] = B64[c] > 0 ? (uint32_t)(B64[c] - 1) << (18 - 6 * k) : B64_BAD;
}

void email_b64_decode(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    /* at most 3 bytes per 4 characters: written straight into out */
    size_t most = n / 4 * 3 + 3;
    email_buf_reserve(out, most, flags);
    if (out->data == NULL || out->cap < out->len + most + 1)
        return; /* EMAIL_F_NOMEM is set */
    pthread_once(&b64_once, b64_fill);
    unsigned char *o = (unsigned char *)out->data + out->len;
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0;
    uint32_t acc = 0; /* the sextets of an unfinished quad */
    unsigned k = 0;   /* how many */
    while (i < n) {
        /* whole quads of alphabet characters: three bytes each */
        while (k == 0 && i + 4 <= n) {
            uint32_t w = b64_q[0][u[i]] | b64_q[1][u[i + 1]] | b64_q[2][u[i + 2]] |
                         b64_q[3][u[i + 3]];
            if (w & B64_BAD)
                break;
            o[0] = (unsigned char)(w >> 16);
            o[1] = (unsigned char)(w >> 8);
            o[2] = (unsigned char)w;
            o += 3;
            i += 4;
        }
        if (i >= n)
            break;
        unsigned char c = u[i++];
        if (c == '=')
            break;
        int v = B64[c];
        if (v == 0)
            continue; /* white space and junk are skipped */
        acc = acc << 6 | (uint32_t)(v - 1);
        if (++k == 4) {
            o[0] = (unsigned char)(acc >> 16);
            o[1] = (unsigned char)(acc >> 8);
            o[2] = (unsigned char)acc;
            o += 3;
            acc = 0;
            k = 0;
        }
    }
    /* a last, short quad: whole bytes of its bits (2 sextets: 1, 3: 2) */
    if (k == 2) {
        *o++ = (unsigned char)(acc >> 4);
    } else if (k == 3) {
        *o++ = (unsigned char)(acc >> 10);
        *o++ = (unsigned char)(acc >> 2);
    }
    out->len = (size_t)((char *)o - out->data);
    out->data[out->len] = '\0';
}

/* Hex digit value + 1 (either case), 0 for other bytes. */
static const unsigned char HEXV[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The bytes email_qp_decode looks at; every other byte is copied in runs. */
static const unsigned char QP_BODY[256] = {['='] = 1, [' '] = 1, ['\t'] = 1};
static const unsigned char QP_HEADER[256] = {['='] = 1, ['_'] = 1};

void email_qp_decode(const char *in, size_t n, bool header_q, mm_buf *out, unsigned *flags)
{
    /* never longer than the input: written straight into out */
    email_buf_reserve(out, n, flags);
    if (out->data == NULL || out->cap < out->len + n + 1)
        return; /* EMAIL_F_NOMEM is set */
    const unsigned char *special = header_q ? QP_HEADER : QP_BODY;
    char *o = out->data + out->len;
    size_t i = 0, run = 0; /* run: start of bytes not yet copied */
    while (i < n) {
        unsigned char c = (unsigned char)in[i];
        if (!special[c]) {
            i++;
            continue;
        }
        if (i > run) {
            memcpy(o, in + run, i - run);
            o += i - run;
            run = i;
        }
        if (c == '=') {
            /* "=XX" after "=XX" (encoded UTF-8 text) in one loop */
            size_t i0 = i;
            for (unsigned hi, lo; i + 2 < n && in[i] == '=' &&
                                  (hi = HEXV[(unsigned char)in[i + 1]]) != 0 &&
                                  (lo = HEXV[(unsigned char)in[i + 2]]) != 0;
                 i += 3)
                *o++ = (char)((hi - 1) << 4 | (lo - 1));
            if (i > i0) {
                run = i;
                continue;
            }
        }
        if (c == '_') {
            *o++ = ' ';
            run = ++i;
            continue;
        }
        if (c == ' ' || c == '\t') {
            /* trailing white space before a line break is padding */
            size_t j = i;
            while (j < n && (in[j] == ' ' || in[j] == '\t'))
                j++;
            if (j == n || in[j] == '\r' || in[j] == '\n')
                run = j; /* dropped */
            i = j;
            continue;
        }
        /* '=' not followed by two hex digits */
        if (!header_q) {
            /* soft line break: "=" [white space] CRLF / LF / end */
            size_t j = i + 1;
            while (j < n && (in[j] == ' ' || in[j] == '\t'))
                j++;
            if (j == n) {
                run = i = n;
                continue;
            }
            if (in[j] == '\r' || in[j] == '\n') {
                if (in[j] == '\r' && j + 1 < n && in[j + 1] == '\n')
                    j++;
                run = i = j + 1;
                continue;
            }
        }
        /* a lone '=': keep it */
        *o++ = '=';
        run = ++i;
    }
    if (n > run) {
        memcpy(o, in + run, n - run);
        o += n - run;
    }
    out->len = (size_t)(o - out->data);
    *o = '\0';
}

/* ---- UTF-8 ------------------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when invalid. */
static inline size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    /* kana and kanji first: a lead byte E1..EF but ED (E0: overlong
     * forms, ED: surrogates) with two continuation bytes is always valid */
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 &&
        (s[2] & 0xC0) == 0x80)
        return 3;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0;
        if (c == 0xF4 && s[1] >= 0x90)
            return 0;
        return 4;
    }
    return 0;
}

/* Lead bytes E1..EF but ED: with two continuation bytes always valid. */
static const bool LEAD3[256] = {
    [0xE1] = 1, [0xE2] = 1, [0xE3] = 1, [0xE4] = 1, [0xE5] = 1, [0xE6] = 1, [0xE7] = 1,
    [0xE8] = 1, [0xE9] = 1, [0xEA] = 1, [0xEB] = 1, [0xEC] = 1, [0xEE] = 1, [0xEF] = 1,
};

/* Length of the longest valid UTF-8 prefix of s[0..n): ASCII eight bytes
 * at a time, the 3-byte kana and kanji in a tight test, the rest through
 * utf8_seq. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            for (uint64_t w, m; i + 8 <= n; i += 8) {
                memcpy(&w, s + i, 8);
                if ((m = w & UINT64_C(0x8080808080808080)) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                    i += (size_t)__builtin_ctzll(m) / 8; /* the first 8-bit byte */
#endif
                    break;
                }
            }
            continue;
        }
        /* a run of 3-byte characters with lead E1..EF but ED (always valid
         * with two continuation bytes) */
        for (uint16_t t; n - i >= 3 && LEAD3[s[i]]; i += 3) {
            memcpy(&t, s + i + 1, 2); /* both bytes masked alike: any byte order */
            if ((t & 0xC0C0) != 0x8080)
                break;
        }
        if (i >= n || s[i] < 0x80)
            continue;
        size_t k = utf8_seq(s + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

static bool utf8_valid(const char *in, size_t n)
{
    return utf8_valid_prefix((const unsigned char *)in, n) == n;
}

void email_utf8_sanitize(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    email_buf_reserve(out, n, flags);
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    while (i < n) {
        size_t v = utf8_valid_prefix(s + i, n - i);
        if (v)
            PUT(out, in + i, v, flags);
        i += v;
        if (i < n) { /* an invalid sequence: its first byte replaced */
            put_replacement(out, flags);
            i++;
        }
    }
}

static bool is_7bit(const char *in, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)in[i] >= 0x80 || in[i] == 0x1B)
            return false;
    return true;
}

/* ---- iconv ------------------------------------------------------------------------ */

typedef enum lead_kind { LEAD_NONE, LEAD_SJIS, LEAD_EUC } lead_kind;

/* Bytes to skip after an invalid sequence at s: a whole double-byte
 * character when s starts with a lead byte, so its trail byte is not read
 * as ASCII. */
static size_t skip_invalid(const unsigned char *s, size_t n, lead_kind k)
{
    if (n >= 2 && k == LEAD_SJIS && ((s[0] >= 0x81 && s[0] <= 0x9F) || s[0] >= 0xE0) &&
        s[1] >= 0x40 && s[1] != 0x7F)
        return 2;
    if (n >= 2 && k == LEAD_EUC && (s[0] >= 0xA1 || s[0] == 0x8E) && s[1] >= 0xA1)
        return 2;
    if (n >= 3 && k == LEAD_EUC && s[0] == 0x8F && s[1] >= 0xA1 && s[2] >= 0xA1)
        return 3;
    return 1;
}

/* Convert with iconv from code. Returns false (nothing appended) when
 * iconv does not know code. strict: stop and return false at the first
 * invalid byte (for sniffing; out is then restored). */
static bool iconv_append(const char *code, lead_kind lead, const char *in, size_t n, bool strict,
                         mm_buf *out, unsigned *flags)
{
    iconv_t cd = iconv_open("UTF-8", code);
    if (cd == (iconv_t)-1)
        return false;
    size_t mark = out->len;
    email_buf_reserve(out, n + n / 2, flags);
    char tmp[4096];
    char *ip = (char *)in;
    size_t il = n;
    bool ok = true;
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (op > tmp)
            PUT(out, tmp, (size_t)(op - tmp), flags);
        if (r != (size_t)-1)
            break;
        if (errno == E2BIG)
            continue;
        /* EILSEQ, or EINVAL (truncated sequence at the end) */
        if (strict) {
            ok = false;
            break;
        }
        put_replacement(out, flags);
        size_t k = skip_invalid((const unsigned char *)ip, il, lead);
        ip += k;
        il -= k;
        iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
    }
    if (ok) {
        /* flush a stateful encoding's final state */
        char *op = tmp;
        size_t ol = sizeof tmp;
        iconv(cd, NULL, NULL, &op, &ol);
        if (op > tmp)
            PUT(out, tmp, (size_t)(op - tmp), flags);
    }
    iconv_close(cd);
    if (!ok) {
        out->len = mark;
        if (out->data)
            out->data[mark] = '\0';
    }
    return ok;
}

/* ---- ISO-2022-JP (with the CP50220/50221/50222 extensions) ------------------------ */

/* JIS X 0208 row/cell bytes (0x21–0x7E each) → Shift_JIS bytes. */
static void jis_to_sjis(unsigned char c1, unsigned char c2, unsigned char out[2])
{
    out[0] = (unsigned char)(((c1 + 1) >> 1) + (c1 <= 0x5E ? 0x70 : 0xB0));
    if (c1 & 1)
        out[1] = (unsigned char)(c2 + (c2 >= 0x60 ? 0x20 : 0x1F));
    else
        out[1] = (unsigned char)(c2 + 0x7E);
}

/* The six JIS X 0208 characters CP932 maps to other code points than the
 * JIS standard (and WHATWG, and every other ISO-2022-JP decoder) does:
 * 0x2141 is WAVE DASH, not FULLWIDTH TILDE, etc. */
static const char *jis_standard(unsigned char c1, unsigned char c2)
{
    unsigned code = (unsigned)c1 << 8 | c2;
    switch (code) {
    case 0x2141: return "\u301C";
    case 0x2142: return "\u2016";
    case 0x215D: return "\u2212";
    case 0x2171: return "\u00A2";
    case 0x2172: return "\u00A3";
    case 0x224C: return "\u00AC";
    }
    return NULL;
}

typedef enum jis_state { J_ASCII, J_KANA, J_0208, J_0212, J_OTHER2 } jis_state;

/* Convert the pending CP932 bytes sj[0..*n) and empty it. */
static void sjis_flush(const char *sj, size_t *n, mm_buf *out, unsigned *flags)
{
    if (*n == 0)
        return;
    if (!iconv_append("CP932", LEAD_SJIS, sj, *n, false, out, flags))
        email_utf8_sanitize(sj, *n, out, flags);
    *n = 0;
}

/* UTF-8 of one CP932 character as glibc's iconv converts it; len 0 when
 * iconv refuses it (or it does not fit). */
typedef struct u8seq {
    uint8_t len;
    char u[7];
} u8seq;

static u8seq cp932_byte[256];   /* single bytes (ASCII, half-width katakana) */
static u8seq cp932_jis[94][94]; /* JIS X 0208 row/cell, via jis_to_sjis */
static bool cp932_ok;           /* the tables are filled */
/* jis_run's copy of cp932_jis, indexed by the two input bytes as one
 * 16-bit load (jis_key), so a pair costs one lookup and no range tests: the
 * UTF-8 (at most 3 bytes) and its length in one 4-byte cell, written with
 * one 4-byte copy; length 0 for every pair it leaves to jis_decode (bytes
 * outside 0x21–0x7E, unmapped, longer, or one of the jis_standard six).
 * 256 KB, filled once. */
typedef struct u8cell {
    char u[3];
    uint8_t len;
} u8cell;
static u8cell cp932_cell[1 << 16];

static inline uint16_t jis_key(const unsigned char *p)
{
    uint16_t k;
    memcpy(&k, p, 2); /* the same bytes give the same key on any byte order */
    return k;
}
/* ASCII-state bytes jis_decode would send through the table one by one and
 * that the table maps to themselves (in glibc: all of 0x00–0x7F but ESC,
 * SO and SI, which switch state): jis_run copies runs of them at once. */
static bool cp932_ascii_pass[256];
static pthread_once_t cp932_once = PTHREAD_ONCE_INIT;

static void convert_one(iconv_t cd, const unsigned char *p, size_t k, u8seq *e)
{
    char *ip = (char *)p, *op = e->u;
    size_t il = k, ol = sizeof e->u;
    e->len = 0;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0)
        return;
    if (iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1)
        return;
    e->len = (uint8_t)(op - e->u);
}

static void cp932_fill(void)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1)
        return;
    for (unsigned b = 0; b < 256; b++)
        if (b < 0x80 || (b >= 0xA1 && b <= 0xDF)) {
            unsigned char c = (unsigned char)b;
            convert_one(cd, &c, 1, &cp932_byte[b]);
        }
    for (unsigned c1 = 0; c1 < 94; c1++)
        for (unsigned c2 = 0; c2 < 94; c2++) {
            unsigned char sj[2];
            jis_to_sjis((unsigned char)(c1 + 0x21), (unsigned char)(c2 + 0x21), sj);
            convert_one(cd, sj, 2, &cp932_jis[c1][c2]);
            const u8seq *e = &cp932_jis[c1][c2];
            unsigned char pair[2] = {(unsigned char)(c1 + 0x21), (unsigned char)(c2 + 0x21)};
            u8cell *cell = &cp932_cell[jis_key(pair)];
            if (e->len >= 1 && e->len <= 3 &&
                jis_standard((unsigned char)(c1 + 0x21), (unsigned char)(c2 + 0x21)) == NULL) {
                memcpy(cell->u, e->u, e->len);
                cell->len = e->len;
            }
        }
    iconv_close(cd);
    for (unsigned b = 0; b < 0x80; b++)
        cp932_ascii_pass[b] = b != 0x1B && b != 0x0E && b != 0x0F && cp932_byte[b].len == 1 &&
                              (unsigned char)cp932_byte[b].u[0] == b;
    cp932_ok = true;
}

/* Append CP932 bytes p[0..k) (one character: a single byte, or the
 * Shift_JIS pair of a JIS X 0208 code c1 c2): straight from the table when
 * direct, else (or when the table has no answer) through the pending run,
 * converted at once so the order of the output stays. */
static inline void sj_put(const unsigned char *p, size_t k, unsigned char c1, unsigned char c2,
                          char *sj, size_t *sjn, bool direct, mm_buf *out, unsigned *flags)
{
    if (direct) {
        const u8seq *e = k == 1 ? &cp932_byte[p[0]] : &cp932_jis[c1 - 0x21][c2 - 0x21];
        if (e->len && out->data && out->len + sizeof e->u + 1 <= out->cap) {
            /* room for the whole u[]: copy it, keep len bytes (mm_buf_append's
             * result, NUL included, without a call per character) */
            memcpy(out->data + out->len, e->u, sizeof e->u);
            out->len += e->len;
            out->data[out->len] = '\0';
            return;
        }
        if (e->len) {
            PUT(out, e->u, e->len, flags);
            return;
        }
    }
    memcpy(sj + *sjn, p, k);
    *sjn += k;
    if (direct)
        sjis_flush(sj, sjn, out, flags);
}

/* From s[i], copy the table's UTF-8 of ASCII bytes (kanji: of JIS X 0208
 * pairs) while they fit in out's allocation; returns where it stopped: at
 * anything else (escape, SO/SI, 8-bit byte, a kanji-state line break or
 * control, an unmapped cell, one of the six jis_standard cells), which
 * jis_decode handles as before.
 * Kanji: one 4-byte cell copy per pair; ASCII: the run of bytes CP932
 * maps to themselves (line breaks and controls included) at once. The NUL
 * goes after the run, not after each character. */
static size_t jis_run(const unsigned char *s, size_t n, size_t i, jis_state *st, mm_buf *out)
{
    if (out->data == NULL)
        return i;
    char *o = out->data + out->len;
    const char *lim = out->data + out->cap; /* one past the allocation */
    for (;;) {
        if (*st == J_0208) {
            /* pairs that fit: each writes 4 bytes and keeps at most 3 */
            size_t fit = (size_t)(lim - o) >= 4 ? ((size_t)(lim - o) - 1) / 3 : 0;
            size_t end = (n - i) / 2 < fit ? i + (n - i) / 2 * 2 : i + fit * 2;
            while (i < end) {
                const u8cell *e = &cp932_cell[jis_key(s + i)];
                if (e->len == 0)
                    break;
                memcpy(o, e, 4); /* u[] plus one byte that the next write or the NUL covers */
                o += e->len;
                i += 2;
            }
            /* what jis_decode does next, for the two usual stops: ESC ( B
             * (or J, H) back to ASCII, and a line break, which ends the
             * kanji run and is then copied as ASCII */
            if (n - i >= 3 && s[i] == 0x1B && s[i + 1] == '(' &&
                (s[i + 2] == 'B' || s[i + 2] == 'J' || s[i + 2] == 'H')) {
                *st = J_ASCII;
                i += 3;
                continue;
            }
            if (i < n && (s[i] == '\r' || s[i] == '\n') && cp932_ascii_pass[s[i]]) {
                *st = J_ASCII;
                continue;
            }
            break;
        }
        size_t j = i;
        size_t room = (size_t)(lim - o) - 1; /* the NUL's byte kept */
        size_t stop = n - i < room ? n : i + room;
        while (j < stop && cp932_ascii_pass[s[j]])
            j++;
        memcpy(o, s + i, j - i);
        o += j - i;
        i = j;
        /* ESC $ B (or @): a kanji run follows */
        if (n - i >= 3 && s[i] == 0x1B && s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@')) {
            *st = J_0208;
            i += 3;
            continue;
        }
        break;
    }
    out->len = (size_t)(o - out->data);
    *o = '\0';
    return i;
}

static void jis_decode(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    pthread_once(&cp932_once, cp932_fill);
    bool direct = cp932_ok;
    const unsigned char *s = (const unsigned char *)in;
    /* the run so far, as CP932 bytes: never longer than the input; with
     * the tables (direct) it never holds more than one character */
    char sj_small[8];
    char *sj = direct ? sj_small : malloc(n + 1);
    size_t sjn = 0;
    if (sj == NULL) {
        *flags |= EMAIL_F_NOMEM;
        return;
    }
    /* room for the common output (a pair's 2 bytes become 3) at once */
    email_buf_reserve(out, n + n / 2 + 8, flags);
    jis_state st = J_ASCII, before_so = J_ASCII;
    size_t i = 0;
#define SJ(p, k) sj_put((const unsigned char *)(p), (k), 0, 0, sj, &sjn, direct, out, flags)
    while (i < n) {
        /* runs of plain ASCII or JIS X 0208 pairs straight from the table:
         * what the switch below does for them, without its tests per byte */
        if (direct && (st == J_ASCII || st == J_0208))
            i = jis_run(s, n, i, &st, out);
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c == 0x1B) {
            size_t r = n - i;
            if (r >= 3 && s[i + 1] == '(' &&
                (s[i + 2] == 'B' || s[i + 2] == 'J' || s[i + 2] == 'H')) {
                st = J_ASCII; /* JIS-Roman read as ASCII: URLs keep their '\\' and '~' */
                i += 3;
            } else if (r >= 3 && s[i + 1] == '(' && s[i + 2] == 'I') {
                st = J_KANA;
                i += 3;
            } else if (r >= 3 && s[i + 1] == '$' && (s[i + 2] == '@' || s[i + 2] == 'B')) {
                st = J_0208;
                i += 3;
            } else if (r >= 4 && s[i + 1] == '$' && s[i + 2] == '(' &&
                       (s[i + 3] == 'B' || s[i + 3] == '@' || s[i + 3] == 'Q' || s[i + 3] == 'O')) {
                st = J_0208; /* JIS X 0213 plane 1 is a superset of 0208 */
                i += 4;
            } else if (r >= 4 && s[i + 1] == '$' && s[i + 2] == '(' && s[i + 3] == 'D') {
                st = J_0212;
                i += 4;
            } else if (r >= 3 && s[i + 1] == '&' && s[i + 2] == '@') {
                i += 3; /* JIS X 0208-1990 announcer before ESC $ B */
            } else if (r >= 3 && s[i + 1] == '$' && (s[i + 2] == 'A')) {
                st = J_OTHER2; /* ISO-2022-JP-2 GB 2312: not decoded */
                i += 3;
            } else if (r >= 4 && s[i + 1] == '$' && s[i + 2] == '(') {
                st = J_OTHER2; /* KS C 5601, JIS X 0213 plane 2, ... */
                i += 4;
            } else if (r >= 3 && s[i + 1] == '.') {
                i += 3; /* G2 designation (ISO-2022-JP-2): ignored */
            } else if (r >= 2 && s[i + 1] == 'N') {
                i += r >= 3 ? 3 : 2; /* single shift 2 + one byte: replaced */
                SJ("?", 1);
            } else {
                sjis_flush(sj, &sjn, out, flags);
                put_replacement(out, flags);
                i++;
            }
            continue;
        }
        if (c == 0x0E) { /* SO: half-width katakana (CP50222) */
            before_so = st == J_KANA ? J_ASCII : st;
            st = J_KANA;
            i++;
            continue;
        }
        if (c == 0x0F) { /* SI */
            st = before_so;
            i++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            /* a line must end in ASCII; senders that forget get reset */
            if (st != J_KANA)
                st = st == J_0208 || st == J_0212 || st == J_OTHER2 ? J_ASCII : st;
            SJ(&c, 1);
            i++;
            continue;
        }
        if (c >= 0x80) {
            if (c >= 0xA1 && c <= 0xDF) { /* 8-bit half-width katakana ("8-bit JIS") */
                SJ(&c, 1);
            } else {
                sjis_flush(sj, &sjn, out, flags);
                put_replacement(out, flags);
            }
            i++;
            continue;
        }
        switch (st) {
        case J_ASCII:
            SJ(&c, 1);
            i++;
            break;
        case J_KANA:
            if (c >= 0x21 && c <= 0x5F) {
                unsigned char k = (unsigned char)(c + 0x80);
                SJ(&k, 1);
            } else {
                SJ(&c, 1);
            }
            i++;
            break;
        case J_0208:
        case J_0212:
        case J_OTHER2: {
            const char *u;
            if (c < 0x21 || c == 0x7F) { /* space or control inside a kanji run */
                SJ(&c, 1);
                i++;
                break;
            }
            if (i + 1 >= n || s[i + 1] < 0x21 || s[i + 1] > 0x7E) {
                sjis_flush(sj, &sjn, out, flags);
                put_replacement(out, flags);
                i++;
                break;
            }
            if (st == J_0208 && (u = jis_standard(c, s[i + 1])) != NULL) {
                sjis_flush(sj, &sjn, out, flags);
                PUT(out, u, strlen(u), flags);
            } else if (st == J_0208) {
                unsigned char b[2];
                jis_to_sjis(c, s[i + 1], b);
                sj_put(b, 2, c, s[i + 1], sj, &sjn, direct, out, flags);
            } else if (st == J_0212) {
                sjis_flush(sj, &sjn, out, flags);
                unsigned char e[3] = {0x8F, (unsigned char)(c | 0x80),
                                      (unsigned char)(s[i + 1] | 0x80)};
                if (!iconv_append("EUC-JP-MS", LEAD_EUC, (const char *)e, 3, false, out, flags))
                    put_replacement(out, flags);
            } else {
                sjis_flush(sj, &sjn, out, flags);
                put_replacement(out, flags);
            }
            i += 2;
            break;
        }
        }
    }
#undef SJ
    sjis_flush(sj, &sjn, out, flags);
    if (sj != sj_small)
        free(sj);
}

/* ---- Windows-1252 (for ISO-8859-1 labels, as browsers do) ------------------------- */

static const uint16_t CP1252_80[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void cp1252_decode(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x80)
            continue;
        if (i > run)
            PUT(out, in + run, i - run, flags);
        unsigned cp = c < 0xA0 ? CP1252_80[c - 0x80] : c;
        char u[4];
        PUT(out, u, mm_utf8_put(cp, u), flags);
        run = i + 1;
    }
    if (n > run)
        PUT(out, in + run, n - run, flags);
}

/* ---- label → decoder ------------------------------------------------------------------ */

typedef enum cs_kind { CS_SNIFF, CS_UTF8, CS_JIS, CS_SJIS, CS_EUC, CS_LATIN, CS_ICONV } cs_kind;

static const struct {
    const char *label;
    cs_kind kind;
} LABELS[] = {
    {"us-ascii", CS_SNIFF},
    {"ascii", CS_SNIFF},
    {"ansi_x3.4-1968", CS_SNIFF},
    {"unknown-8bit", CS_SNIFF},
    {"x-unknown", CS_SNIFF},
    {"default", CS_SNIFF},
    {"utf-8", CS_UTF8},
    {"utf8", CS_UTF8},
    {"unicode-1-1-utf-8", CS_UTF8},
    {"iso-2022-jp", CS_JIS},
    {"csiso2022jp", CS_JIS},
    {"iso-2022-jp-1", CS_JIS},
    {"iso-2022-jp-2", CS_JIS},
    {"iso-2022-jp-3", CS_JIS},
    {"iso-2022-jp-ms", CS_JIS},
    {"cp50220", CS_JIS},
    {"cp50221", CS_JIS},
    {"cp50222", CS_JIS},
    {"jis", CS_JIS},
    {"x-jis", CS_JIS},
    {"shift_jis", CS_SJIS},
    {"shift-jis", CS_SJIS},
    {"sjis", CS_SJIS},
    {"x-sjis", CS_SJIS},
    {"ms_kanji", CS_SJIS},
    {"csshiftjis", CS_SJIS},
    {"windows-31j", CS_SJIS},
    {"cp932", CS_SJIS},
    {"ms932", CS_SJIS},
    {"x-ms-cp932", CS_SJIS},
    {"shift_jisx0213", CS_SJIS},
    {"euc-jp", CS_EUC},
    {"x-euc-jp", CS_EUC},
    {"eucjp", CS_EUC},
    {"euc_jp", CS_EUC},
    {"cseucpkdfmtjapanese", CS_EUC},
    {"euc-jp-ms", CS_EUC},
    {"eucjp-ms", CS_EUC},
    {"eucjp-win", CS_EUC},
    {"euc-jisx0213", CS_EUC},
    {"iso-8859-1", CS_LATIN},
    {"iso8859-1", CS_LATIN},
    {"iso_8859-1", CS_LATIN},
    {"latin1", CS_LATIN},
    {"l1", CS_LATIN},
    {"windows-1252", CS_LATIN},
    {"cp1252", CS_LATIN},
    {"x-cp1252", CS_LATIN},
};

/* Shift_JIS or EUC-JP? Lead bytes 0x81–0x9F (other than EUC's single
 * shifts 0x8E/0x8F) occur only in Shift_JIS; otherwise EUC-JP decodes
 * cleanly or it does not. */
static void sniff_8bit(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    bool sjis_lead = false;
    for (size_t i = 0; i < n && !sjis_lead; i++) {
        unsigned char c = (unsigned char)in[i];
        sjis_lead = c >= 0x81 && c <= 0x9F && c != 0x8E && c != 0x8F;
    }
    if (!sjis_lead && iconv_append("EUC-JP-MS", LEAD_EUC, in, n, true, out, flags))
        return;
    if (iconv_append("CP932", LEAD_SJIS, in, n, true, out, flags))
        return;
    /* neither decodes cleanly: Windows-1252 always does */
    cp1252_decode(in, n, out, flags);
}

static void sniff(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    if (memmem(in, n, "\x1B$B", 3) || memmem(in, n, "\x1B$@", 3) || memmem(in, n, "\x1B(I", 3)) {
        jis_decode(in, n, out, flags);
        return;
    }
    if (utf8_valid(in, n)) {
        PUT(out, in, n, flags);
        return;
    }
    sniff_8bit(in, n, out, flags);
}

/* The decoder for a MIME charset label: label[] gets it trimmed and in
 * lower case (*l its length). */
static cs_kind charset_kind(const char *charset, char label[48], size_t *lp)
{
    size_t l = 0;
    if (charset) {
        const char *p = charset;
        while (*p == ' ' || *p == '\t' || *p == '"' || *p == '\'')
            p++;
        while (*p && *p != '"' && *p != '\'' && *p != ' ' && *p != ';' && *p != '*' && l + 1 < 48) {
            char c = *p++;
            label[l++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
    }
    label[l] = '\0';
    *lp = l;
    cs_kind kind = l == 0 ? CS_SNIFF : CS_ICONV;
    for (size_t k = 0; l && k < sizeof LABELS / sizeof LABELS[0]; k++)
        if (LABELS[k].label[0] == label[0] && strcmp(LABELS[k].label, label) == 0) {
            kind = LABELS[k].kind;
            break;
        }
    return kind;
}

bool email_utf8_valid(const char *in, size_t n)
{
    return utf8_valid(in, n);
}

bool email_charset_identity(const char *charset, const char *in, size_t n)
{
    char label[48];
    size_t l;
    cs_kind kind = charset_kind(charset, label, &l);
    if (kind == CS_JIS || kind == CS_ICONV)
        return false;
    if (is_7bit(in, n))
        return true;
    if (kind == CS_UTF8)
        return utf8_valid(in, n);
    if (kind == CS_SNIFF) /* what sniff() copies as is */
        return !memmem(in, n, "\x1B$B", 3) && !memmem(in, n, "\x1B$@", 3) &&
               !memmem(in, n, "\x1B(I", 3) && utf8_valid(in, n);
    return false;
}

void email_charset_decode(const char *charset, const char *in, size_t n, mm_buf *out,
                          unsigned *flags)
{
    char label[48];
    size_t l;
    cs_kind kind = charset_kind(charset, label, &l);
    if (kind != CS_JIS && kind != CS_ICONV && is_7bit(in, n)) {
        PUT(out, in, n, flags); /* plain ASCII: every one of these decodes it as is */
        return;
    }
    switch (kind) {
    case CS_SNIFF: sniff(in, n, out, flags); return;
    case CS_UTF8: email_utf8_sanitize(in, n, out, flags); return;
    case CS_JIS: jis_decode(in, n, out, flags); return;
    case CS_SJIS:
        if (!iconv_append("CP932", LEAD_SJIS, in, n, false, out, flags))
            email_utf8_sanitize(in, n, out, flags);
        return;
    case CS_EUC:
        if (!iconv_append("EUC-JP-MS", LEAD_EUC, in, n, false, out, flags))
            email_utf8_sanitize(in, n, out, flags);
        return;
    case CS_LATIN: cp1252_decode(in, n, out, flags); return;
    case CS_ICONV: break;
    }
    /* iconv takes the label as is (any case); refuse labels with odd bytes */
    bool sane = true;
    for (size_t k = 0; k < l; k++)
        if (!((label[k] >= 'a' && label[k] <= 'z') || (label[k] >= '0' && label[k] <= '9') ||
              strchr("-_.:", label[k])))
            sane = false;
    if (sane && iconv_append(label, LEAD_NONE, in, n, false, out, flags))
        return;
    *flags |= MM_EMAIL_F_BAD_CHARSET;
    sniff(in, n, out, flags);
}

/* ---- RFC 2047 encoded words ---------------------------------------------------------------- */

/* The bytes that end the text of an encoded word ('?') or spoil it (white
 * space). */
static const bool WORD_STOP[256] = {['?'] = 1, [' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1};

/* Parse "=?charset?E?text?=" at s[0..n). On success fills the parts and
 * returns the word's length, else 0. */
static size_t encoded_word(const char *s, size_t n, const char **cs, size_t *cs_len, char *enc,
                           const char **txt, size_t *txt_len)
{
    if (n < 8 || s[0] != '=' || s[1] != '?')
        return 0;
    size_t i = 2;
    while (i < n && s[i] != '?' && s[i] != ' ' && s[i] != '\t' && i < 2 + 40)
        i++;
    if (i >= n || s[i] != '?' || i == 2)
        return 0;
    *cs = s + 2;
    *cs_len = i - 2;
    if (i + 2 >= n || s[i + 2] != '?')
        return 0;
    char e = (char)(s[i + 1] | 0x20);
    if (e != 'b' && e != 'q')
        return 0;
    *enc = e;
    size_t t = i + 3, j = t;
    for (;;) {
        while (j + 1 < n && !WORD_STOP[(unsigned char)s[j]])
            j++; /* the encoded text: no '?' nor white space */
        if (j + 1 >= n || (s[j] == '?' && s[j + 1] == '='))
            break;
        if (s[j] != '?')
            return 0; /* white space inside the word */
        j++;
    }
    if (j + 1 >= n)
        return 0;
    *txt = s + t;
    *txt_len = j - t;
    return j + 2;
}

/* Raw (not encoded) header text: ASCII as is, anything else sniffed. */
static void raw_header_text(const char *s, size_t n, mm_buf *out, unsigned *flags)
{
    if (is_7bit(s, n))
        PUT(out, s, n, flags);
    else
        sniff(s, n, out, flags);
}

void email_header_decode(const char *in, size_t n, mm_buf *out, unsigned *flags)
{
    size_t start = out->len;
    mm_buf pend = {0}; /* decoded bytes of adjacent words in one charset */
    char pend_cs[48] = "";
    size_t i = 0, run = 0;
    bool last_was_word = false;
    while (i < n) {
        if (!(in[i] == '=' && i + 1 < n && in[i + 1] == '?')) {
            i++;
            continue;
        }
        const char *cs, *txt;
        size_t cs_len, txt_len;
        char enc;
        size_t wl = encoded_word(in + i, n - i, &cs, &cs_len, &enc, &txt, &txt_len);
        if (wl == 0) {
            i++;
            continue;
        }
        /* the text since the last word: dropped when it is only white space
         * between two words, else flushed */
        bool ws_only = true;
        for (size_t k = run; k < i; k++)
            if (in[k] != ' ' && in[k] != '\t' && in[k] != '\r' && in[k] != '\n')
                ws_only = false;
        char csl[48];
        size_t cl = cs_len < sizeof csl - 1 ? cs_len : sizeof csl - 1;
        for (size_t k = 0; k < cl; k++)
            csl[k] = (char)(cs[k] >= 'A' && cs[k] <= 'Z' ? cs[k] + 32 : cs[k]);
        csl[cl] = '\0';
        char *star = strchr(csl, '*'); /* RFC 2231 language suffix */
        if (star)
            *star = '\0';
        bool join = last_was_word && ws_only && strcmp(csl, pend_cs) == 0;
        if (!join) {
            if (pend.len) {
                email_charset_decode(pend_cs, pend.data, pend.len, out, flags);
                pend.len = 0;
            }
            if (i > run && !(last_was_word && ws_only))
                raw_header_text(in + run, i - run, out, flags);
            memcpy(pend_cs, csl, cl + 1);
        }
        if (enc == 'b')
            email_b64_decode(txt, txt_len, &pend, flags);
        else
            email_qp_decode(txt, txt_len, true, &pend, flags);
        i += wl;
        run = i;
        last_was_word = true;
    }
    if (pend.len)
        email_charset_decode(pend_cs, pend.data, pend.len, out, flags);
    mm_buf_free(&pend);
    if (n > run)
        raw_header_text(in + run, n - run, out, flags);
    /* control characters (folds, tabs, NUL from a decoded word) become
     * spaces; eight bytes at a time skipped while none is below 0x20 or
     * DEL (SWAR "has less than" and "has zero" of the word XOR 0x7F..) */
    for (size_t k = start; k < out->len; k++) {
        for (uint64_t w, x; k + 8 <= out->len; k += 8) {
            memcpy(&w, out->data + k, 8);
            x = w ^ UINT64_C(0x7F7F7F7F7F7F7F7F);
            if (((w - UINT64_C(0x2020202020202020)) & ~w & UINT64_C(0x8080808080808080)) |
                ((x - UINT64_C(0x0101010101010101)) & ~x & UINT64_C(0x8080808080808080)))
                break;
        }
        if (k >= out->len)
            break;
        if ((unsigned char)out->data[k] < 0x20 || out->data[k] == 0x7F)
            out->data[k] = ' ';
    }
}
