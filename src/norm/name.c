/*
 * name.c — person and company names in one comparable form.
 *
 * The same mule holder or shell company is written ﾔﾏﾀﾞ ﾀﾛｳ on a transfer,
 * やまだ たろう 様 in a report and ヤマダタロウ in a freeze notice; ｶ)ﾃｽﾄ,
 * テスト(株) and 株式会社テスト are one company. Both functions reduce such
 * variants to one string: NFKC (half-width kana → full width), hiragana →
 * katakana, small kana → full size for names without kanji (the Zengin rule),
 * dash variants → 'ー' after katakana, Latin letters upper case (as banks
 * print them), no space between Japanese characters. Company names also get
 * their legal-entity marker (株式会社 …) turned into the Zengin prefix "カ)".
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "mamoru/norm.h"

/* Legal-entity types and their Zengin abbreviations. */
static const struct entity {
    const char *kanji; /* 株式会社 */
    const char *abbr;  /* the 株 of (株) and ㈱ */
    const char *kana;  /* the カ of ｶ) and (ｶ */
} entities[] = {
    {"株式会社", "株", "カ"}, {"有限会社", "有", "ユ"}, {"合同会社", "同", "ド"},
    {"合名会社", "名", "メ"}, {"合資会社", "資", "シ"},
};

static const char *const person_honorifics[] = {"様", "さま", "さん", "殿"};
static const char *const company_honorifics[] = {"御中", "様", "殿"};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

static bool is_katakana(int32_t c)
{
    return (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF);
}

static bool is_ideograph(int32_t c)
{
    return (c >= 0x3005 && c <= 0x3007) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

static bool is_japanese(int32_t c)
{
    return is_ideograph(c) || (c >= 0x3041 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF);
}

static bool is_dash(int32_t c)
{
    return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0x2500 || c == 0x30FC ||
           c == 0xFE63;
}

/* Code point at s (valid UTF-8, or 0 at the end); *n gets its length. */
static int32_t peek(const char *s, size_t *n)
{
    int32_t c = 0;
    utf8proc_ssize_t k = *s ? utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c) : 0;
    *n = k > 0 ? (size_t)k : 1;
    return c;
}

static bool has_ideograph(const char *s)
{
    for (size_t n; *s; s += n)
        if (is_ideograph(peek(s, &n)))
            return true;
    return false;
}

/* Trim ASCII spaces in place (s is an arena string); returns the start. */
static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t len = strlen(s);
    while (len > 0 && s[len - 1] == ' ')
        s[--len] = '\0';
    return s;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Remove one trailing honorific from the list (and the spaces before it). */
static char *strip_honorific(char *s, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (ends_with(s, list[i]) && strlen(s) > strlen(list[i])) {
            s[strlen(s) - strlen(list[i])] = '\0';
            return trim(s);
        }
    }
    return s;
}

/* Kana, dash, case and space folding shared by both kinds of name. */
static char *fold_name(const char *s, mm_arena *a)
{
    char *k = mm_kana_fold(s, !has_ideograph(s), a);
    char *out = k ? mm_arena_alloc(a, 3 * strlen(k) + 1) : NULL;
    if (out == NULL)
        return NULL;
    size_t len = 0, n;
    int32_t prev = 0;
    for (const char *p = k; *p; p += n) {
        int32_t c = peek(p, &n);
        size_t next_n;
        if (c == ' ' && is_japanese(prev) && is_japanese(peek(p + n, &next_n)))
            continue;
        if (is_dash(c))
            c = is_katakana(prev) ? 0x30FC : '-';
        else if (c >= 'a' && c <= 'z')
            c -= 'a' - 'A';
        len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + len);
        prev = c;
    }
    out[len] = '\0';
    return out;
}

/* NFKC and trim; an error names field and quotes the input. */
static mm_status prepare(const char *in, const char *field, mm_arena *a, char **out, mm_error *err)
{
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, field, "no %s given (NULL)", field);
    mm_status st = mm_norm_nfkc(in, strlen(in), a, out, err);
    if (st != MM_OK && err)
        snprintf(err->field, sizeof err->field, "%s", field);
    if (st == MM_OK && **out == '\0')
        st = mm_error_set(err, MM_EINVAL, field, "'%s' is empty after normalisation", in);
    return st;
}

mm_status mm_norm_person_name(const char *in, mm_arena *a, char **out, mm_error *err)
{
    char *s;
    mm_status st = prepare(in, "name", a, &s, err);
    if (st != MM_OK)
        return st;
    s = strip_honorific(s, person_honorifics, COUNT(person_honorifics));
    *out = fold_name(s, a);
    if (*out == NULL)
        return mm_error_set(err, MM_ENOMEM, "name", "out of memory for '%s'", in);
    return MM_OK;
}

/* If s starts with an entity marker, remove it and return the kana code. */
static const char *take_prefix(char **s, mm_arena *a)
{
    for (size_t i = 0; i < COUNT(entities); i++) {
        const struct entity *e = &entities[i];
        const char *forms[] = {e->kanji, mm_arena_printf(a, "(%s)", e->abbr),
                               mm_arena_printf(a, "(%s)", e->kana),
                               mm_arena_printf(a, "%s)", e->kana)};
        for (size_t f = 0; f < COUNT(forms); f++) {
            if (forms[f] && strncmp(*s, forms[f], strlen(forms[f])) == 0) {
                *s += strlen(forms[f]);
                return e->kana;
            }
        }
    }
    return NULL;
}

/* If s ends with an entity marker, cut it off and return the kana code. */
static const char *take_suffix(char *s, mm_arena *a)
{
    for (size_t i = 0; i < COUNT(entities); i++) {
        const struct entity *e = &entities[i];
        const char *forms[] = {e->kanji, mm_arena_printf(a, "(%s)", e->abbr),
                               mm_arena_printf(a, "(%s)", e->kana),
                               mm_arena_printf(a, "(%s", e->kana)};
        for (size_t f = 0; f < COUNT(forms); f++) {
            if (forms[f] && ends_with(s, forms[f])) {
                s[strlen(s) - strlen(forms[f])] = '\0';
                return e->kana;
            }
        }
    }
    return NULL;
}

mm_status mm_norm_company_name(const char *in, mm_arena *a, char **out, mm_error *err)
{
    char *s;
    mm_status st = prepare(in, "company", a, &s, err);
    if (st != MM_OK)
        return st;
    s = strip_honorific(s, company_honorifics, COUNT(company_honorifics));
    s = mm_kana_fold(s, false, a); /* so (か and ｶ) read as (カ and カ) */
    if (s == NULL)
        return mm_error_set(err, MM_ENOMEM, "company", "out of memory for '%s'", in);
    const char *code = take_prefix(&s, a);
    if (code == NULL)
        code = take_suffix(s, a);
    s = trim(s);
    if (*s == '\0')
        return mm_error_set(err, MM_EINVAL, "company", "'%s' has a legal-entity type but no name",
                            in);
    char *name = fold_name(s, a);
    *out = name && code ? mm_arena_printf(a, "%s)%s", code, name) : name;
    if (*out == NULL)
        return mm_error_set(err, MM_ENOMEM, "company", "out of memory for '%s'", in);
    return MM_OK;
}
