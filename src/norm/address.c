/*
 * address.c — Japanese postal addresses in one comparable form.
 *
 * Delivery addresses used to collect cash and parcels are shared between
 * carriers and police, and one address arrives as 霞が関二丁目1番2号,
 * 霞が関2-1-2 or 霞が関２丁目１−２. This file reduces the block part
 * (丁目/番地/番/号/の, dashes, kanji numerals) to "2-1-2", keeps the postcode
 * as a "〒1234567 " prefix, removes spaces and drops 大字/字. Place names are
 * left alone on purpose (ヶ/ケ/が, 三番町, 千代田): rewriting them needs a
 * gazetteer and guessing would merge different places.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "mamoru/norm.h"

#define POSTAL_MARK 0x3012 /* 〒 */

/* Code points being rewritten; cap is fixed at allocation. */
typedef struct vec {
    int32_t *v;
    size_t n, cap;
} vec;

static bool is_digit(int32_t c)
{
    return c >= '0' && c <= '9';
}

static bool is_dash(int32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x2500 || c == 0x30FC ||
           c == 0xFE63;
}

/* Value of a kanji numeral digit, 10/100/1000 for 十百千, -1 otherwise. */
static int kanji_value(int32_t c)
{
    static const int32_t digits[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,  /* 〇一二三四 */
                                     0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D}; /* 五六七八九 */
    for (int d = 0; d < 10; d++)
        if (c == digits[d])
            return d;
    return c == 0x5341 ? 10 : c == 0x767E ? 100 : c == 0x5343 ? 1000 : -1;
}

static bool starts_number(const int32_t *c, size_t n, size_t i)
{
    return i < n && (is_digit(c[i]) || kanji_value(c[i]) >= 0);
}

/* Length of the number at c[i] (ASCII digits, or up to 8 kanji numerals
 * such as 二十三 or 二〇三); its value goes to *val. 0 when none. */
static size_t parse_number(const int32_t *c, size_t n, size_t i, unsigned long *val)
{
    size_t j = i;
    unsigned long total = 0, cur = 0;
    if (i < n && is_digit(c[i])) {
        while (j < n && is_digit(c[j]) && j - i < 9)
            cur = cur * 10 + (unsigned long)(c[j++] - '0');
    } else {
        for (int k; j < n && j - i < 8 && (k = kanji_value(c[j])) >= 0; j++) {
            if (k < 10)
                cur = cur * 10 + (unsigned long)k;
            else
                total += (cur ? cur : 1) * (unsigned long)k, cur = 0;
        }
    }
    *val = total + cur;
    return j - i;
}

static bool at(const int32_t *c, size_t n, size_t i, int32_t x)
{
    return i < n && c[i] == x;
}

/* Length of the block marker after a number at c[i]: 丁目, 番地, 番 (not
 * 番町/番丁/番館/番街), 号 (not 号室/号館/号棟/号線), each optionally followed by
 * 'の' or a dash that leads to another number; or that connector alone. */
static size_t marker_len(const int32_t *c, size_t n, size_t i)
{
    size_t m = 0;
    if (at(c, n, i, 0x4E01) && at(c, n, i + 1, 0x76EE)) /* 丁目 */
        m = 2;
    else if (at(c, n, i, 0x756A) && at(c, n, i + 1, 0x5730)) /* 番地 */
        m = 2;
    else if (at(c, n, i, 0x756A) && !at(c, n, i + 1, 0x753A) && !at(c, n, i + 1, 0x4E01) &&
             !at(c, n, i + 1, 0x9928) && !at(c, n, i + 1, 0x8857))
        m = 1;
    else if (at(c, n, i, 0x53F7) && !at(c, n, i + 1, 0x5BA4) && !at(c, n, i + 1, 0x9928) &&
             !at(c, n, i + 1, 0x68DF) && !at(c, n, i + 1, 0x7DDA))
        m = 1;
    size_t k = i + m;
    if (k < n && (c[k] == 0x306E || is_dash(c[k])) && starts_number(c, n, k + 1))
        m++;
    return m;
}

static void put(vec *o, int32_t c)
{
    if (o->n < o->cap)
        o->v[o->n++] = c;
}

static void put_decimal(vec *o, unsigned long v)
{
    char d[24];
    int k = snprintf(d, sizeof d, "%lu", v);
    for (int i = 0; i < k; i++)
        put(o, d[i]);
}

/* Drop 大字 always, and 字 right after 町/村/市/区/郡 or once 大字 was seen. */
static size_t drop_aza(const int32_t *c, size_t n, size_t i, bool *rural)
{
    if (at(c, n, i, 0x5927) && at(c, n, i + 1, 0x5B57))
        return *rural = true, 2;
    if (!at(c, n, i, 0x5B57) || i == 0)
        return 0;
    int32_t p = c[i - 1];
    bool after_area = p == 0x753A || p == 0x6751 || p == 0x5E02 || p == 0x533A || p == 0x90E1;
    return after_area || *rural ? 1 : 0;
}

/* Does a number without its own marker continue the block? Digits do after
 * a marker ("1番2" → 1-2); kanji numerals only when nothing follows them,
 * so "1番地三田ビル" keeps 三田. */
static bool owed(const int32_t *c, size_t n, size_t i, size_t len, bool pending)
{
    return pending && (is_digit(c[i]) || i + len == n || c[i + len] == ' ');
}

/* Rewrite block numbers, drop 大字/字 and spaces (a space between two digits
 * becomes '-': "2-1-2 101" → "2-1-2-101"). */
static void rewrite(const int32_t *c, size_t n, vec *o)
{
    bool pending = false, rural = false; /* pending: a block separator is owed */
    for (size_t i = 0; i < n;) {
        unsigned long val;
        size_t len = parse_number(c, n, i, &val), skip, m;
        if (len > 0 && ((m = marker_len(c, n, i + len)) > 0 || owed(c, n, i, len, pending))) {
            if (pending)
                put(o, '-');
            put_decimal(o, val);
            pending = m > 0;
            i += len + m;
        } else if (len > 0) {
            for (size_t k = 0; k < len; k++)
                put(o, c[i + k]);
            i += len;
        } else if ((skip = drop_aza(c, n, i, &rural)) > 0) {
            i += skip;
        } else if (c[i] == ' ') {
            if (!pending && o->n > 0 && is_digit(o->v[o->n - 1]) && i + 1 < n && is_digit(c[i + 1]))
                put(o, '-');
            i++;
        } else {
            pending = false;
            put(o, c[i++]);
        }
    }
}

/* Parse "〒123-4567", "〒 1234567" or a bare "123-4567 " at the start of c;
 * returns the code points consumed (0: none) and the digits in code.
 * A 〒 not followed by a postcode is an error (returns SIZE_MAX). */
static size_t parse_postcode(const int32_t *c, size_t n, char code[8])
{
    size_t i = 0, k = 0;
    bool mark = at(c, n, 0, POSTAL_MARK);
    i += mark;
    while (at(c, n, i, ' '))
        i++;
    for (; k < 7 && i < n; i++) {
        if (k == 3 && is_dash(c[i]))
            continue;
        if (!is_digit(c[i]))
            break;
        code[k++] = (char)c[i];
    }
    code[k] = '\0';
    bool ok = k == 7 && (i == n || !is_digit(c[i]));
    if (!ok)
        return mark ? SIZE_MAX : 0;
    if (!mark && !(i == n || c[i] == ' ' || c[i] > 0x3000))
        return 0;
    return i;
}

static mm_status decode(const char *s, mm_arena *a, vec *out)
{
    size_t len = strlen(s), n = 0;
    out->v = mm_arena_calloc(a, len + 1, sizeof(int32_t));
    if (out->v == NULL)
        return MM_ENOMEM;
    for (size_t i = 0; i < len;) {
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &out->v[n]);
        i += k > 0 ? (size_t)k : 1;
        n += k > 0;
    }
    out->n = n;
    return MM_OK;
}

static char *encode(const vec *o, const char *prefix, mm_arena *a)
{
    size_t plen = strlen(prefix);
    char *s = mm_arena_alloc(a, plen + 4 * o->n + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, prefix, plen);
    for (size_t i = 0; i < o->n; i++)
        plen += (size_t)utf8proc_encode_char(o->v[i], (utf8proc_uint8_t *)s + plen);
    s[plen] = '\0';
    return s;
}

mm_status mm_norm_postal_address(const char *in, mm_arena *a, char **out, mm_error *err)
{
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "address", "no address given (NULL)");
    char *s;
    mm_status st = mm_norm_nfkc(in, strlen(in), a, &s, err);
    if (st != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "address");
        return st;
    }
    vec c, o;
    if (decode(s, a, &c) != MM_OK)
        return mm_error_set(err, MM_ENOMEM, "address", "out of memory for '%s'", in);
    char code[8], prefix[16] = "";
    size_t start = parse_postcode(c.v, c.n, code);
    if (start == SIZE_MAX)
        return mm_error_set(err, MM_EINVAL, "address",
                            "'%s': 〒 must be followed by a 7-digit postcode (123-4567)", in);
    if (start > 0)
        snprintf(prefix, sizeof prefix, "〒%s ", code);
    o.cap = 5 * c.n + 8, o.n = 0;
    o.v = mm_arena_calloc(a, o.cap, sizeof(int32_t));
    if (o.v == NULL)
        return mm_error_set(err, MM_ENOMEM, "address", "out of memory for '%s'", in);
    rewrite(c.v + start, c.n - start, &o);
    if (o.n == 0)
        return mm_error_set(err, MM_EINVAL, "address", "'%s' has no address after normalisation",
                            in);
    *out = encode(&o, prefix, a);
    return *out ? MM_OK : mm_error_set(err, MM_ENOMEM, "address", "out of memory for '%s'", in);
}
