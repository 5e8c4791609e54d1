/*
 * bank.c — Japanese bank accounts: the Zengin bank/branch code list and the
 * normaliser that turns "0001-001-1-1234567", "0001 001 普通 1234567 ﾔﾏﾀﾞ ﾀﾛｳ",
 * "bank=… branch=… type=… number=… holder=…" or a ゆうちょ 記号-番号 into
 * one canonical "bank-branch-type-number" plus a comparable holder name.
 *
 * Why self-contained: mule accounts are reported in every writing (half-width
 * kana from transfer files, full-width from DIC notices, hiragana from
 * victims), and the holder form must match what the Zengin rules produce
 * (small kana full-size, ｶ)/ﾕ)/ﾄﾞ) entity markers). The few tables needed —
 * half-width kana, voicing, small kana — are short, so a local UTF-8 decoder
 * keeps this file free of other normalisers. The code list is parsed from
 * TSV text the caller read (no I/O here) into sorted arrays searched by
 * bsearch. Pure apart from mm_zengin_parse's heap allocation.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mamoru/norm.h"

#define FIELD "bank_account"

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decode one code point at s (NUL-terminated); returns its byte length or 0
 * on malformed input. */
static int utf8_next(const unsigned char *s, unsigned *cp)
{
    unsigned c = s[0];
    int len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, min = 0x10000, c &= 0x07;
    } else {
        return 0;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Quote at most ~60 bytes of s (cut at a character boundary) into buf. */
static const char *quote(const char *s, char *buf, size_t cap)
{
    size_t len = strlen(s), max = cap > 4 ? cap - 4 : 0;
    if (max > 60)
        max = 60;
    if (len <= max) {
        memcpy(buf, s, len + 1);
        return buf;
    }
    size_t cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    memcpy(buf, s, cut);
    memcpy(buf + cut, "...", 4);
    return buf;
}

/* ---- Zengin code list ------------------------------------------------------ */

typedef struct zbank {
    char code[5];
    const char *name;
} zbank;

typedef struct zbranch {
    char key[8]; /* "0001001": bank + branch, so one strcmp orders both */
    const char *name;
} zbranch;

struct mm_zengin {
    zbank *banks;
    size_t nbanks;
    zbranch *branches;
    size_t nbranches;
    char *pool; /* copies of both TSV texts, cut into NUL-terminated fields */
};

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static int cmp_bank(const void *a, const void *b)
{
    return strcmp(((const zbank *)a)->code, ((const zbank *)b)->code);
}

static int cmp_branch(const void *a, const void *b)
{
    return strcmp(((const zbranch *)a)->key, ((const zbranch *)b)->key);
}

/* Cut text (already copied into the pool) into lines and tab-separated
 * fields in place. Calls row(fields, nfields, lineno, ctx) per data line;
 * a header line whose first field is "bank_code" is skipped. */
typedef mm_status (*row_fn)(char **f, int nf, size_t lineno, void *ctx, mm_error *err);

static mm_status split_tsv(char *text, row_fn row, void *ctx, mm_error *err)
{
    size_t lineno = 0;
    char *line = text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        size_t ll = strlen(line);
        if (ll && line[ll - 1] == '\r')
            line[--ll] = '\0';
        if (ll > 0) {
            char *f[8];
            int nf = 0;
            char *p = line;
            while (nf < 8) {
                f[nf++] = p;
                char *t = strchr(p, '\t');
                if (!t)
                    break;
                *t = '\0';
                p = t + 1;
            }
            if (strcmp(f[0], "bank_code") != 0) {
                mm_status st = row(f, nf, lineno, ctx, err);
                if (st != MM_OK)
                    return st;
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    return MM_OK;
}

static mm_status bank_row(char **f, int nf, size_t lineno, void *ctx, mm_error *err)
{
    mm_zengin *z = ctx;
    char q[80];
    if (nf < 2 || strlen(f[0]) != 4 || !all_digits(f[0], 4))
        return mm_error_set(err, MM_EINVAL, "banks_tsv",
                            "line %zu: '%s' is not 'bank_code<TAB>name…' with a 4-digit code",
                            lineno, quote(f[0], q, sizeof q));
    zbank *b = &z->banks[z->nbanks++];
    memcpy(b->code, f[0], 5);
    b->name = f[1];
    return MM_OK;
}

static mm_status branch_row(char **f, int nf, size_t lineno, void *ctx, mm_error *err)
{
    mm_zengin *z = ctx;
    char q[80];
    if (nf < 4 || strlen(f[0]) != 4 || !all_digits(f[0], 4) || strlen(f[1]) != 3 ||
        !all_digits(f[1], 3))
        return mm_error_set(err, MM_EINVAL, "branches_tsv",
                            "line %zu: '%s' is not 'bank_code<TAB>branch_code<TAB>bank_name"
                            "<TAB>branch_name…' with 4- and 3-digit codes",
                            lineno, quote(f[0], q, sizeof q));
    zbranch *b = &z->branches[z->nbranches++];
    memcpy(b->key, f[0], 4);
    memcpy(b->key + 4, f[1], 4);
    b->name = f[3];
    return MM_OK;
}

static size_t count_lines(const char *s, size_t n)
{
    size_t c = 1;
    for (size_t i = 0; i < n; i++)
        c += s[i] == '\n';
    return c;
}

mm_status mm_zengin_parse(const char *banks_tsv, size_t banks_len, const char *branches_tsv,
                          size_t branches_len, mm_zengin **out, mm_error *err)
{
    *out = NULL;
    if (banks_tsv == NULL || banks_len == 0)
        return mm_error_set(err, MM_EINVAL, "banks_tsv", "the bank list is empty");
    if (branches_tsv == NULL)
        branches_len = 0;
    if (memchr(banks_tsv, '\0', banks_len) ||
        (branches_len && memchr(branches_tsv, '\0', branches_len)))
        return mm_error_set(err, MM_EINVAL, "banks_tsv", "the code list contains NUL bytes");
    mm_zengin *z = calloc(1, sizeof *z);
    if (z == NULL)
        return mm_error_set(err, MM_ENOMEM, "banks_tsv", "out of memory");
    z->pool = malloc(banks_len + branches_len + 2);
    z->banks = calloc(count_lines(banks_tsv, banks_len), sizeof *z->banks);
    z->branches =
        calloc(count_lines(branches_tsv ? branches_tsv : "", branches_len), sizeof *z->branches);
    if (!z->pool || !z->banks || !z->branches) {
        mm_zengin_free(z);
        return mm_error_set(err, MM_ENOMEM, "banks_tsv", "out of memory");
    }
    char *bt = z->pool, *rt = z->pool + banks_len + 1;
    memcpy(bt, banks_tsv, banks_len);
    bt[banks_len] = '\0';
    if (branches_len)
        memcpy(rt, branches_tsv, branches_len);
    rt[branches_len] = '\0';
    mm_status st = split_tsv(bt, bank_row, z, err);
    if (st == MM_OK)
        st = split_tsv(rt, branch_row, z, err);
    if (st != MM_OK) {
        mm_zengin_free(z);
        return st;
    }
    if (z->nbanks == 0) {
        mm_zengin_free(z);
        return mm_error_set(err, MM_EINVAL, "banks_tsv", "the bank list has no rows");
    }
    qsort(z->banks, z->nbanks, sizeof *z->banks, cmp_bank);
    qsort(z->branches, z->nbranches, sizeof *z->branches, cmp_branch);
    *out = z;
    return MM_OK;
}

void mm_zengin_free(mm_zengin *z)
{
    if (z == NULL)
        return;
    free(z->banks);
    free(z->branches);
    free(z->pool);
    free(z);
}

const char *mm_zengin_bank_name(const mm_zengin *z, const char *bank4)
{
    if (z == NULL || bank4 == NULL || strlen(bank4) != 4 || z->nbanks == 0)
        return NULL;
    zbank key;
    memcpy(key.code, bank4, 5);
    const zbank *b = bsearch(&key, z->banks, z->nbanks, sizeof *z->banks, cmp_bank);
    return b ? b->name : NULL;
}

const char *mm_zengin_branch_name(const mm_zengin *z, const char *bank4, const char *branch3)
{
    if (z == NULL || bank4 == NULL || branch3 == NULL || strlen(bank4) != 4 ||
        strlen(branch3) != 3 || z->nbranches == 0)
        return NULL;
    zbranch key;
    memcpy(key.key, bank4, 4);
    memcpy(key.key + 4, branch3, 4);
    const zbranch *b = bsearch(&key, z->branches, z->nbranches, sizeof *z->branches, cmp_branch);
    return b ? b->name : NULL;
}

/* callburst: iteration, so screening can index branches by name */
size_t mm_zengin_branch_count(const mm_zengin *z)
{
    return z ? z->nbranches : 0;
}

const char *mm_zengin_branch_at(const mm_zengin *z, size_t i, char bank4[5], char branch3[4])
{
    if (z == NULL || i >= z->nbranches)
        return NULL;
    memcpy(bank4, z->branches[i].key, 4);
    bank4[4] = 0;
    memcpy(branch3, z->branches[i].key + 4, 4);
    return z->branches[i].name;
}

/* ---- kana tables ----------------------------------------------------------- */

/* Half-width katakana U+FF61..U+FF9D → full-width (JIS X 0201 order). */
static const unsigned short halfwidth_kana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB,
    0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, /* ｡..ｧ..ｫ */
    0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3,
    0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, /* ..ｯ ｰ ｱ..ｴ */
    0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1,
    0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, /* ｵ ｶ..ｺ ｻ..ｾ */
    0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6,
    0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, /* ｿ ﾀ..ﾄ ﾅ..ﾈ */
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8,
    0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, /* ﾉ ﾊ..ﾎ ﾏ..ﾒ */
    0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
    0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, /* ﾓ ﾔﾕﾖ ﾗ..ﾛ ﾜ */
    0x30F3,                                 /* ﾝ */
};

/* Small katakana → full size (Zengin names have no small kana). */
static unsigned fold_small(unsigned cp)
{
    static const unsigned short small[] = {0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, /* ァィゥェォ */
                                           0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE}; /* ッャュョヮ */
    for (size_t i = 0; i < sizeof small / sizeof *small; i++)
        if (cp == small[i])
            return cp + 1;
    if (cp == 0x30F5)
        return 0x30AB; /* ヵ → カ */
    if (cp == 0x30F6)
        return 0x30B1; /* ヶ → ケ */
    return cp;
}

/* Voiced (dakuten) / semi-voiced (handakuten) form of a katakana, or 0. */
static unsigned voiced(unsigned cp, bool semi)
{
    bool ka_to =
        (cp >= 0x30AB && cp <= 0x30C8 && cp != 0x30C3 &&
         ((cp <= 0x30C1 && (cp - 0x30AB) % 2 == 0) || (cp >= 0x30C4 && (cp - 0x30C4) % 2 == 0)));
    bool ha_ho = cp >= 0x30CF && cp <= 0x30DB && (cp - 0x30CF) % 3 == 0;
    if (semi)
        return ha_ho ? cp + 2 : 0;
    if (ka_to || ha_ho)
        return cp + 1;
    if (cp == 0x30A6)
        return 0x30F4; /* ウ → ヴ */
    return 0;
}

static bool is_katakana(unsigned cp)
{
    return (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC;
}

static bool is_dash(unsigned cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x2500 ||
           cp == 0x2501 || cp == 0x30FC || cp == 0xFE63 || cp == 0xFF0D || cp == 0xFF70;
}

/* ---- input pre-normalisation ------------------------------------------------ */

/* Full-width ASCII → ASCII, every white space → ' ', every dash → '-'.
 * Kana and kanji pass unchanged. *out is an arena string. */
static mm_status prenorm(const char *in, mm_arena *a, char **out, mm_error *err)
{
    char q[80];
    size_t n = strlen(in);
    char *o = mm_arena_alloc(a, n + 1);
    if (o == NULL)
        return mm_error_set(err, MM_ENOMEM, FIELD, "out of memory");
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        unsigned cp;
        int l = utf8_next(p, &cp);
        if (l == 0)
            return mm_error_set(err, MM_EINVAL, FIELD, "'%s' is not valid UTF-8 (byte %zu)",
                                quote(in, q, sizeof q), (size_t)(p - (const unsigned char *)in));
        if (cp >= 0xFF01 && cp <= 0xFF5E && cp != 0xFF0D)
            cp -= 0xFEE0;
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0x00A0)
            cp = ' ';
        else if (is_dash(cp))
            cp = '-';
        k += mm_utf8_put(cp, o + k); /* never longer than the input */
        p += l;
    }
    o[k] = '\0';
    *out = o;
    return MM_OK;
}

/* ---- holder names ------------------------------------------------------------ */

/* Entity markers: every writing of the three common legal forms becomes the
 * Zengin prefix ("カ)", "ユ)", "ド)"). Bracketed and long forms may appear
 * anywhere; the trailing Zengin form "(カ" only at the end. */
static const struct {
    const char *marker;
    const char *forms[5];
    const char *trailing;
} entities[] = {
    {"カ)", {"株式会社", "(株)", "(カ)", NULL}, "(カ"},
    {"ユ)", {"有限会社", "(有)", "(ユ)", NULL}, "(ユ"},
    {"ド)", {"合同会社", "(同)", "(ド)", NULL}, "(ド"},
};

/* Remove n bytes at at (inside a NUL-terminated string). */
static void cut(char *at, size_t n)
{
    memmove(at, at + n, strlen(at + n) + 1);
}

/* Normalise a holder name; returns an arena string, or NULL for empty. */
static char *holder_norm(const char *in, mm_arena *a)
{
    size_t n = strlen(in);
    /* worst case: a 1-byte '-' after kana becomes 'ー' (3 bytes) */
    char *o = mm_arena_alloc(a, n * 3 + 16);
    if (o == NULL)
        return NULL;
    size_t k = 0;
    unsigned prev = 0; /* last code point written */
    const unsigned char *p = (const unsigned char *)in;
    while (*p) {
        unsigned cp;
        int l = utf8_next(p, &cp); /* input was validated by prenorm */
        if (l == 0)
            break;
        p += l;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (cp >= 0xFF61 && cp <= 0xFF9D)
            cp = halfwidth_kana[cp - 0xFF61];
        if (cp >= 0x3041 && cp <= 0x3096)
            cp += 0x60; /* hiragana → katakana */
        else if (cp == 0x309D || cp == 0x309E)
            cp += 0x60; /* ゝゞ → ヽヾ */
        /* (semi-)voicing marks combine with the kana before them */
        if (cp == 0xFF9E || cp == 0xFF9F || cp == 0x3099 || cp == 0x309A || cp == 0x309B ||
            cp == 0x309C) {
            bool semi = cp == 0xFF9F || cp == 0x309A || cp == 0x309C;
            unsigned v = voiced(prev, semi);
            if (v) {
                k -= 3; /* katakana are 3 bytes in UTF-8 */
                k += mm_utf8_put(v, o + k);
                prev = v;
            }
            continue;
        }
        cp = fold_small(cp);
        if (cp == 0x3231 || cp == 0x3232) { /* ㈱ ㈲ */
            k += mm_utf8_put('(', o + k);
            k += mm_utf8_put(cp == 0x3231 ? 0x682A : 0x6709, o + k);
            k += mm_utf8_put(')', o + k);
            prev = ')';
            continue;
        }
        if (cp == 0x30FB || cp == ' ' || cp == 0x3000 || cp == '\t') {
            cp = ' '; /* '・' is not a Zengin character; it separates words */
        } else if (is_dash(cp)) {
            cp = is_katakana(prev) ? 0x30FC : '-';
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
                   (cp >= 0x200B && cp <= 0x200F) || cp == 0xFEFF) {
            continue; /* control and zero-width characters */
        } else if (cp >= 'a' && cp <= 'z') {
            cp -= 32; /* Zengin names are upper case */
        }
        k += mm_utf8_put(cp, o + k);
        prev = cp;
    }
    o[k] = '\0';
    while (o[0] == ' ')
        cut(o, 1);

    /* entity markers */
    const char *marker = NULL;
    for (size_t e = 0; e < sizeof entities / sizeof *entities && !marker; e++) {
        size_t tl = strlen(entities[e].trailing), ol = strlen(o);
        for (int f = 0; entities[e].forms[f] && !marker; f++) {
            char *at = strstr(o, entities[e].forms[f]);
            if (at) {
                cut(at, strlen(entities[e].forms[f]));
                marker = entities[e].marker;
            }
        }
        if (!marker && strncmp(o, entities[e].marker, strlen(entities[e].marker)) == 0) {
            cut(o, strlen(entities[e].marker));
            marker = entities[e].marker;
        }
        if (!marker) {
            while (ol > 0 && o[ol - 1] == ' ')
                o[--ol] = '\0';
            if (ol > tl && strcmp(o + ol - tl, entities[e].trailing) == 0) {
                o[ol - tl] = '\0';
                marker = entities[e].marker;
            }
        }
    }

    /* collapse spaces; no space after the marker */
    char *r = mm_arena_alloc(a, strlen(o) + 8);
    if (r == NULL)
        return NULL;
    size_t m = 0;
    if (marker) {
        memcpy(r, marker, strlen(marker));
        m = strlen(marker);
    }
    size_t start = m;
    for (const char *s = o; *s; s++) {
        if (*s == ' ') {
            if (m > start && r[m - 1] != ' ')
                r[m++] = ' ';
        } else {
            r[m++] = *s;
        }
    }
    while (m > start && r[m - 1] == ' ')
        m--;
    r[m] = '\0';
    return m > 0 ? r : NULL;
}

/* ---- account parsing ----------------------------------------------------------- */

static const struct {
    const char *word;
    int type;
} type_words[] = {
    /* longest first, so "普通預金" is not read as "普通" + "預金" */
    {"普通預金", 1}, {"当座預金", 2}, {"貯蓄預金", 4}, {"総合口座", 1}, {"普通", 1},
    {"当座", 2},     {"貯蓄", 4},     {"総合", 1},     {"その他", 9},   {"普", 1},
    {"当", 2},       {"貯", 4},       {"他", 9},       {"futsuu", 1},   {"futsu", 1},
    {"futu", 1},     {"ordinary", 1}, {"touza", 2},    {"toza", 2},     {"current", 2},
    {"checking", 2}, {"chochiku", 4}, {"sonota", 9},   {"other", 9},
};

/* Length of the type word at the start of s, and its code; 0 if none. */
static size_t type_prefix(const char *s, int *type)
{
    for (size_t i = 0; i < sizeof type_words / sizeof *type_words; i++) {
        size_t l = strlen(type_words[i].word);
        if (strncasecmp(s, type_words[i].word, l) == 0) {
            *type = type_words[i].type;
            return l;
        }
    }
    return 0;
}

/* A cursor over "parts": the words of the input, each further split at '-'
 * and where a type word runs into digits ("普通1234567"). */
typedef struct parts {
    const char *s; /* pre-normalised input */
    const char *p; /* current position */
} parts;

static bool part_next(parts *c, const char **start, size_t *len)
{
    while (*c->p == ' ' || *c->p == '-')
        c->p++;
    if (*c->p == '\0')
        return false;
    *start = c->p;
    int type;
    size_t tl = type_prefix(c->p, &type);
    if (tl > 0 && (c->p[tl] == '\0' || c->p[tl] == ' ' || c->p[tl] == '-' ||
                   (c->p[tl] >= '0' && c->p[tl] <= '9'))) {
        *len = tl;
    } else {
        size_t l = 0;
        while (c->p[l] && c->p[l] != ' ' && c->p[l] != '-')
            l++;
        *len = l;
    }
    c->p += *len;
    return true;
}

/* Peek: is there another part, and is it all digits? */
static bool part_peek_digits(const parts *c)
{
    parts t = *c;
    const char *s;
    size_t l;
    return part_next(&t, &s, &l) && all_digits(s, l);
}

static mm_status parse_type(const char *s, size_t l, int *type, mm_error *err)
{
    char v[64];
    snprintf(v, sizeof v, "%.*s", (int)(l < 60 ? l : 60), s);
    if (l == 1 && (s[0] == '1' || s[0] == '2' || s[0] == '4' || s[0] == '9')) {
        *type = s[0] - '0';
        return MM_OK;
    }
    int t;
    if (type_prefix(s, &t) == l && l > 0) {
        *type = t;
        return MM_OK;
    }
    return mm_error_set(err, MM_EINVAL, "type",
                        "'%s' is not an account type (1 普通, 2 当座, 4 貯蓄, 9 その他)", v);
}

static mm_status set_number(mm_bank_account *out, const char *s, size_t l, mm_error *err)
{
    char v[64];
    snprintf(v, sizeof v, "%.*s", (int)(l < 60 ? l : 60), s);
    if (!all_digits(s, l))
        return mm_error_set(err, MM_EINVAL, "number", "'%s' is not an account number (digits)", v);
    if (l > 7)
        return mm_error_set(err, MM_EINVAL, "number",
                            "'%s' has %zu digits; account numbers have at most 7 (for ゆうちょ "
                            "write 記号-番号)",
                            v, l);
    memset(out->number, '0', 7);
    memcpy(out->number + 7 - l, s, l);
    out->number[7] = '\0';
    return MM_OK;
}

static mm_status set_code(char *dst, size_t want, const char *field, const char *s, size_t l,
                          mm_error *err)
{
    char v[64];
    snprintf(v, sizeof v, "%.*s", (int)(l < 60 ? l : 60), s);
    if (l != want || !all_digits(s, l))
        return mm_error_set(err, MM_EINVAL, field, "'%s' is not a %zu-digit %s code", v, want,
                            field);
    memcpy(dst, s, l);
    dst[l] = '\0';
    return MM_OK;
}

/* ゆうちょ 記号 (5 digits) [- check digit] - 番号 → 9900 / 店番 / number.
 * 記号 1xxxx (総合口座・通常貯金): 店番 = 記号[1..2] + '8', 普通, number =
 * 番号 without its final check digit '1'. 記号 0xxxx (振替口座): 店番 =
 * 記号[1..2] + '9', 当座, number = 番号. Both zero-padded to 7 digits. */
static mm_status parse_yucho(parts *c, const char *kigo, mm_bank_account *out, mm_error *err)
{
    const char *s;
    size_t l;
    if (kigo[0] != '0' && kigo[0] != '1')
        return mm_error_set(err, MM_EINVAL, "branch", "ゆうちょ 記号 '%.5s' must start with 0 or 1",
                            kigo);
    if (!part_next(c, &s, &l))
        return mm_error_set(err, MM_EINVAL, "number", "ゆうちょ 記号 '%.5s' has no 番号", kigo);
    if (l == 1 && part_peek_digits(c))
        part_next(c, &s, &l); /* the 1-digit check number between 記号 and 番号 is not used */
    char v[64];
    snprintf(v, sizeof v, "%.*s", (int)(l < 60 ? l : 60), s);
    if (!all_digits(s, l) || l > 8)
        return mm_error_set(err, MM_EINVAL, "number", "ゆうちょ 番号 '%s' is not 1-8 digits", v);
    memcpy(out->bank, "9900", 5);
    out->branch[0] = kigo[1];
    out->branch[1] = kigo[2];
    out->branch[2] = kigo[0] == '1' ? '8' : '9';
    out->branch[3] = '\0';
    if (kigo[0] == '1') {
        if (s[l - 1] != '1')
            return mm_error_set(err, MM_EINVAL, "number",
                                "ゆうちょ 番号 '%s' must end in 1 (記号 %.5s is a 総合口座)", v,
                                kigo);
        out->type = 1;
        if (l == 1)
            return mm_error_set(err, MM_EINVAL, "number", "ゆうちょ 番号 '%s' is too short", v);
        return set_number(out, s, l - 1, err);
    }
    out->type = 2;
    return set_number(out, s, l, err);
}

static const char *const yucho_words[] = {"ゆうちょ銀行", "ゆうちょ", "ゆうちよ",
                                          "ユウチョ",     "ﾕｳﾁｮ",     "ﾕｳﾁﾖ"};

/* Positional forms: [ゆうちょ] bank branch [type] number [holder…], or
 * ゆうちょ 記号-番号 [holder…]. Sets *holder_at to where the name starts. */
static mm_status parse_positional(const char *w, mm_bank_account *out, const char **holder_at,
                                  mm_error *err)
{
    parts c = {w, w};
    const char *s;
    size_t l;
    char q[80];
    while (*c.p == ' ')
        c.p++;
    for (size_t i = 0; i < sizeof yucho_words / sizeof *yucho_words; i++) {
        size_t yl = strlen(yucho_words[i]);
        if (strncmp(c.p, yucho_words[i], yl) == 0 && (c.p[yl] == ' ' || c.p[yl] == '\0')) {
            c.p += yl;
            break;
        }
    }
    if (!part_next(&c, &s, &l))
        return mm_error_set(err, MM_EINVAL, FIELD, "'%s' contains no account",
                            quote(w, q, sizeof q));
    mm_status st;
    if (l == 5 && all_digits(s, 5)) {
        char kigo[6];
        memcpy(kigo, s, 5);
        kigo[5] = '\0';
        st = parse_yucho(&c, kigo, out, err);
    } else {
        if ((st = set_code(out->bank, 4, "bank", s, l, err)) != MM_OK)
            return st;
        if (!part_next(&c, &s, &l))
            return mm_error_set(err, MM_EINVAL, "branch", "'%s' has no branch code",
                                quote(w, q, sizeof q));
        if ((st = set_code(out->branch, 3, "branch", s, l, err)) != MM_OK)
            return st;
        if (!part_next(&c, &s, &l))
            return mm_error_set(err, MM_EINVAL, "number", "'%s' has no account number",
                                quote(w, q, sizeof q));
        int t;
        bool is_word = !all_digits(s, l);
        if (is_word || (l == 1 && part_peek_digits(&c))) {
            if ((st = parse_type(s, l, &t, err)) != MM_OK)
                return st;
            out->type = t;
            if (!part_next(&c, &s, &l))
                return mm_error_set(err, MM_EINVAL, "number", "'%s' has no account number",
                                    quote(w, q, sizeof q));
        } else {
            out->type = 1; /* no type written: 普通, by far the most common */
        }
        st = set_number(out, s, l, err);
    }
    if (st != MM_OK)
        return st;
    /* the number must end its word; the holder starts at the next word */
    if (*c.p != '\0' && *c.p != ' ') {
        const char *e = c.p;
        while (*e && *e != ' ')
            e++;
        return mm_error_set(err, MM_EINVAL, FIELD, "unexpected '%.*s' after the account number",
                            (int)(e - c.p < 60 ? e - c.p : 60), c.p);
    }
    *holder_at = c.p;
    return MM_OK;
}

static const struct {
    const char *key;
    int slot; /* 0 bank, 1 branch, 2 type, 3 number, 4 holder */
} keys[] = {
    {"bank", 0},    {"branch", 1}, {"type", 2}, {"number", 3},
    {"account", 3}, {"holder", 4}, {"name", 4},
};

static int key_slot(const char *s, size_t *klen)
{
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        size_t l = strlen(keys[i].key);
        if (strncasecmp(s, keys[i].key, l) == 0 && s[l] == '=') {
            *klen = l + 1;
            return keys[i].slot;
        }
    }
    return -1;
}

/* "bank=0001 branch=001 type=当座 number=123 holder=カ）テスト": words
 * without a known key continue the previous value (holder names). */
static mm_status parse_keyed(char *w, mm_arena *a, mm_bank_account *out, char **holder_raw,
                             mm_error *err)
{
    char *val[5] = {0};
    int cur = -1;
    char *p = w;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        size_t wl = (size_t)(e - p), kl = 0;
        int slot = key_slot(p, &kl);
        if (slot >= 0) {
            cur = slot;
            val[cur] = mm_arena_strndup(a, p + kl, wl - kl);
        } else if (cur >= 0 && memchr(p, '=', wl) == NULL) {
            val[cur] = mm_arena_printf(a, "%s%s%.*s", val[cur], *val[cur] ? " " : "", (int)wl, p);
        } else {
            return mm_error_set(err, MM_EINVAL, FIELD,
                                "'%.*s' is not one of bank=, branch=, type=, number=, holder=",
                                (int)(wl < 60 ? wl : 60), p);
        }
        if (cur >= 0 && val[cur] == NULL)
            return mm_error_set(err, MM_ENOMEM, FIELD, "out of memory");
        p = e;
    }
    static const char *const names[] = {"bank", "branch", "type", "number"};
    for (int i = 0; i < 4; i++)
        if (i != 2 && (val[i] == NULL || *val[i] == '\0'))
            return mm_error_set(err, MM_EINVAL, names[i], "%s= is missing", names[i]);
    mm_status st;
    if ((st = set_code(out->bank, 4, "bank", val[0], strlen(val[0]), err)) != MM_OK ||
        (st = set_code(out->branch, 3, "branch", val[1], strlen(val[1]), err)) != MM_OK)
        return st;
    out->type = 1;
    if (val[2] && *val[2] && (st = parse_type(val[2], strlen(val[2]), &out->type, err)) != MM_OK)
        return st;
    if ((st = set_number(out, val[3], strlen(val[3]), err)) != MM_OK)
        return st;
    *holder_raw = val[4];
    return MM_OK;
}

mm_status mm_norm_bank_account(const char *in, const mm_zengin *codes, mm_arena *a,
                               mm_bank_account *out, mm_error *err)
{
    memset(out, 0, sizeof *out);
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, FIELD, "no account given");
    char *w = NULL;
    mm_status st = prenorm(in, a, &w, err);
    if (st != MM_OK)
        return st;

    bool keyed = false;
    for (const char *p = w; *p; p++) {
        size_t kl;
        if ((p == w || p[-1] == ' ') && key_slot(p, &kl) >= 0) {
            keyed = true;
            break;
        }
    }
    char *holder_raw = NULL;
    if (keyed) {
        st = parse_keyed(w, a, out, &holder_raw, err);
    } else {
        const char *at = NULL;
        st = parse_positional(w, out, &at, err);
        holder_raw = (char *)at;
    }
    if (st == MM_OK && codes != NULL) {
        out->bank_name = mm_zengin_bank_name(codes, out->bank);
        if (out->bank_name == NULL)
            st = mm_error_set(err, MM_EINVAL, "bank", "bank code '%s' is not in the Zengin list",
                              out->bank);
        else if ((out->branch_name = mm_zengin_branch_name(codes, out->bank, out->branch)) == NULL)
            st = mm_error_set(err, MM_EINVAL, "branch",
                              "branch code '%s' is not a branch of bank %s (%s)", out->branch,
                              out->bank, out->bank_name);
    }
    if (st == MM_OK && holder_raw != NULL)
        out->holder = holder_norm(holder_raw, a);
    if (st != MM_OK) {
        memset(out, 0, sizeof *out);
        return st;
    }
    snprintf(out->canonical, sizeof out->canonical, "%s-%s-%d-%s", out->bank, out->branch,
             out->type, out->number);
    return MM_OK;
}
