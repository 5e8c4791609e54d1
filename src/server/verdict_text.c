/*
 * verdict_text.c — the verdict object of mm_server_verdict_json
 * (mm_verdict_to_json, src/ingest/verdict_json.c) written straight
 * to bytes, for the single-message screening routes (POST
 * /v1/screen/{email,message,call,post}), which answer thousands of times a
 * second with one connection each.
 *
 * Why: building a jansson tree (an allocation per value, a UTF-8 check per
 * string) and serialising it cost about a tenth of the server CPU of a
 * screened SMS-sized message; writing the same bytes directly costs a
 * fraction of that. The output is byte for byte what
 * json_dumpb(mm_server_verdict_json(v), JSON_COMPACT) gives — member order,
 * escapes (\" \\ \b \f \n \r \t, \u00XX for other control characters,
 * everything else raw UTF-8) and jansson's handling of a string it refuses
 * (not UTF-8: the member is left out; in the warning pair: the whole
 * "warning" is left out) — and tests/unit/server/test_verdict_text.c holds
 * the two to that. src/ingest/verdict_json.c stays the definition; change
 * both.
 */
#include <stdio.h>
#include <string.h>

#include "server/internal.h"

/* *good stays true while every append succeeds */
static void ok(bool *good, mm_status s)
{
    if (s != MM_OK)
        *good = false;
}

/* jansson's utf8_check: shortest form, no surrogates, at most U+10FFFF —
 * what mm_utf8_validate asks too, with its runs of ASCII and of kana and
 * kanji taken several bytes at a time (the warning texts are long). */
static bool utf8_ok(const char *s, size_t len)
{
    return mm_utf8_validate(s, len, NULL) == MM_OK;
}

/* Do the 8 bytes at p need no escape (none < 0x20, '"' or '\\')? The
 * usual "has a byte less than / equal to" tests on one word. */
static bool plain8(const char *p)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    uint64_t w, q, bs;
    memcpy(&w, p, 8);
    q = w ^ (ones * '"');
    bs = w ^ (ones * '\\');
    return ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((bs - ones) & ~bs)) & high) == 0;
}

/* "s" (len bytes) with JSON escapes; the caller has checked utf8_ok. */
static void put_str(mm_buf *b, const char *s, size_t len, bool *st)
{
    static const char hex[] = "0123456789ABCDEF";
    ok(st, mm_buf_putc(b, '"'));
    const char *run = s, *end = s + len;
    for (const char *p = s;; p++) {
        while (end - p >= 8 && plain8(p))
            p += 8;
        unsigned char c = p < end ? (unsigned char)*p : 0;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (p > run)
            ok(st, mm_buf_append(b, run, (size_t)(p - run)));
        if (p == end)
            break;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            n = 6;
        }
        ok(st, mm_buf_append(b, esc, n));
        run = p + 1;
    }
    ok(st, mm_buf_putc(b, '"'));
}

/* ,"key": — the comma unless first */
static void put_key(mm_buf *b, bool *first, const char *key, bool *st)
{
    if (!*first)
        ok(st, mm_buf_putc(b, ','));
    *first = false;
    ok(st, mm_buf_putc(b, '"'));
    ok(st, mm_buf_puts(b, key));
    ok(st, mm_buf_puts(b, "\":"));
}

/* A decimal integer, as jansson's "%" JSON_INTEGER_FORMAT prints it. */
static void put_int(mm_buf *b, long long value, bool *st)
{
    char d[24];
    size_t n = sizeof d;
    unsigned long long u = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
    do {
        d[--n] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (value < 0)
        d[--n] = '-';
    ok(st, mm_buf_append(b, d + n, sizeof d - n));
}

/* ,"key":"value" — left out when value is NULL or not UTF-8 (as
 * json_object_set_new(o, key, json_string(value)) does). */
static void member_str(mm_buf *b, bool *first, const char *key, const char *value, bool *st)
{
    size_t len = value ? strlen(value) : 0;
    if (value == NULL || !utf8_ok(value, len))
        return;
    put_key(b, first, key, st);
    put_str(b, value, len, st);
}

static void member_int(mm_buf *b, bool *first, const char *key, long long value, bool *st)
{
    put_key(b, first, key, st);
    put_int(b, value, st);
}

mm_status mm_server_json_string(mm_buf *b, const char *s)
{
    size_t len = strlen(s);
    if (!utf8_ok(s, len))
        return MM_EINVAL;
    bool st = true;
    put_str(b, s, len, &st);
    return st ? MM_OK : MM_ENOMEM;
}

mm_status mm_server_verdict_text(const mm_verdict *v, mm_buf *b)
{
    bool st = true;
    bool first = true;
    ok(&st, mm_buf_putc(b, '{'));
    member_str(b, &first, "action", mm_verdict_action_name(v->action), &st);
    member_int(b, &first, "score", v->score, &st);
    member_str(b, &first, "category", v->category ? v->category : "none", &st);
    put_key(b, &first, "reasons", &st);
    ok(&st, mm_buf_putc(b, '['));
    for (size_t i = 0; i < v->nreasons; i++) {
        const mm_reason *r = &v->reasons[i];
        bool f = true;
        ok(&st, mm_buf_puts(b, i ? ",{" : "{"));
        member_str(b, &f, "code", r->code, &st);
        member_str(b, &f, "category", r->category, &st);
        member_str(b, &f, "detail", r->detail, &st);
        member_int(b, &f, "weight", r->weight, &st);
        if (r->span_end > r->span_start) {
            put_key(b, &f, "span", &st);
            ok(&st, mm_buf_putc(b, '['));
            put_int(b, r->span_start, &st);
            ok(&st, mm_buf_putc(b, ','));
            put_int(b, r->span_end, &st);
            ok(&st, mm_buf_putc(b, ']'));
        }
        if (r->indicator_id)
            member_int(b, &f, "indicator", r->indicator_id, &st);
        member_str(b, &f, "brand", r->brand, &st);
        member_str(b, &f, "text_ja", r->text_ja, &st);
        member_str(b, &f, "audience", r->audience, &st);
        ok(&st, mm_buf_putc(b, '}'));
    }
    ok(&st, mm_buf_putc(b, ']'));
    /* json_pack("{s:s?,s:s?}") gives null for NULL and fails — leaving out
     * "warning" — when either string is not UTF-8 */
    size_t ja = v->warning_ja ? strlen(v->warning_ja) : 0;
    size_t en = v->warning_en ? strlen(v->warning_en) : 0;
    if ((v->warning_ja || v->warning_en) && (v->warning_ja == NULL || utf8_ok(v->warning_ja, ja)) &&
        (v->warning_en == NULL || utf8_ok(v->warning_en, en))) {
        ok(&st, mm_buf_puts(b, ",\"warning\":{\"ja\":"));
        if (v->warning_ja)
            put_str(b, v->warning_ja, ja, &st);
        else
            ok(&st, mm_buf_puts(b, "null"));
        ok(&st, mm_buf_puts(b, ",\"en\":"));
        if (v->warning_en)
            put_str(b, v->warning_en, en, &st);
        else
            ok(&st, mm_buf_puts(b, "null"));
        ok(&st, mm_buf_putc(b, '}'));
    }
    ok(&st, mm_buf_putc(b, '}'));
    return st ? MM_OK : MM_ENOMEM;
}
