/*
 * text.c — UTF-8 validation and the text normaliser used for matching.
 *
 * Fraud posts hide their words: ＵＤ, ﾎﾜｲﾄ案件, うけだし, 闇・バ・イ・ト,
 * zero-width characters inside words. mm_norm_text undoes these so a plain
 * term list can match, and keeps a byte map back to the input so a match
 * can be highlighted in the original message.
 *
 * Unicode work (NFKC, case folding, grapheme clusters) is utf8proc's. To keep
 * the map, the input is normalised one grapheme cluster at a time: every
 * code point a cluster produces is tagged with the cluster's input offset.
 * Composition never crosses a cluster boundary in practice (ｶ + ﾞ is one
 * cluster), so ﾎﾜｲﾄ still becomes ホワイト. Kana are folded and white space
 * squeezed as code points are appended; the later steps (dash folding,
 * separators) work on that tagged array, visiting only the separators and
 * dashes listed while it was built.
 */
#include <assert.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "mamoru/norm.h"
#include "norm/text_internal.h"

/* One output code point and the input byte offset it came from. */
typedef struct cp {
    int32_t c;
    uint32_t off;
} cp;

enum { F_CASEFOLD = 1, F_KANA = 2, F_DASH = 4, F_JOIN = 8, F_VALID = 16 /* already validated */ };

/* Deleted code points are marked with 0 (NUL never survives the filter). */
#define DELETED 0

/* ---- validation ---------------------------------------------------------- */

/* Fill err for invalid UTF-8 at s[at], quoting up to four bytes in hex. */
static mm_status bad_utf8(const char *s, size_t len, size_t at, mm_error *err)
{
    char hex[16] = "";
    size_t end = at + 4 < len ? at + 4 : len, k = 0;
    for (size_t i = at; i < end; i++)
        k += (size_t)snprintf(hex + k, sizeof hex - k, &" %02X"[i == at], (unsigned char)s[i]);
    return mm_error_set(err, MM_EINVAL, "text",
                        "invalid UTF-8 at byte offset %zu (bytes %s): overlong, surrogate, "
                        "truncated or out-of-range sequence",
                        at, hex);
}

/* Does the 8-byte word at p hold only ASCII? */
static bool ascii8(const utf8proc_uint8_t *p)
{
    uint64_t w;
    memcpy(&w, p, sizeof w);
    return (w & UINT64_C(0x8080808080808080)) == 0;
}

/* Length of the valid UTF-8 sequence at u[0..left), or 0: the rules of
 * utf8proc_iterate (Unicode Table 3-7: no overlongs, no surrogates, nothing
 * above U+10FFFF), inline because Japanese text is all multi-byte. */
static size_t utf8_seq(const utf8proc_uint8_t *u, size_t left)
{
    unsigned b = u[0];
    if (b < 0x80)
        return 1;
    if (b < 0xC2 || b > 0xF4)
        return 0;
    if (b < 0xE0)
        return left >= 2 && (u[1] & 0xC0) == 0x80 ? 2 : 0;
    if (b < 0xF0) {
        if (left < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
            return 0;
        if ((b == 0xE0 && u[1] < 0xA0) || (b == 0xED && u[1] > 0x9F))
            return 0; /* overlong, surrogate */
        return 3;
    }
    if (left < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 || (u[3] & 0xC0) != 0x80)
        return 0;
    if ((b == 0xF0 && u[1] < 0x90) || (b == 0xF4 && u[1] > 0x8F))
        return 0; /* overlong, above U+10FFFF */
    return 4;
}

size_t mm_utf8_put(uint32_t cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

mm_status mm_utf8_validate(const char *s, size_t len, mm_error *err)
{
    if (s == NULL && len > 0)
        return mm_error_set(err, MM_EINVAL, "text", "NULL string with length %zu", len);
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) { /* ASCII runs 8 bytes at a time */
            i += i + 8 <= len && ascii8(u + i) ? 8 : 1;
            continue;
        }
        /* kana and kanji: E1..EC lead bytes have no overlong or surrogate
         * case, two continuation bytes make them valid (nor do EE, EF);
         * two characters at a time, then one */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if ((w & UINT64_C(0xC0C0F0C0C0F0)) != UINT64_C(0x8080E08080E0) || u[i] == 0xE0 ||
                u[i] == 0xED || u[i + 3] == 0xE0 || u[i + 3] == 0xED)
                break;
            i += 6;
        }
        while (i + 3 <= len && u[i] >= 0xE1 && u[i] <= 0xEC && (u[i + 1] & 0xC0) == 0x80 &&
               (u[i + 2] & 0xC0) == 0x80)
            i += 3;
        if (i >= len)
            break;
        if (u[i] < 0x80)
            continue;
        size_t n = utf8_seq(u + i, len - i);
        if (n == 0)
            return bad_utf8(s, len, i, err);
        i += n;
    }
    return MM_OK;
}

/* ---- character classes --------------------------------------------------- */

static bool is_katakana(int32_t c)
{
    return (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF);
}

/* Japanese script characters between which a space carries no meaning. */
static bool is_cjk(int32_t c)
{
    if (c < 0x3005)
        return false; /* ASCII and the rest below the first range: most asked */
    return (c >= 0x3041 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3005 && c <= 0x3007) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static bool is_letter(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* Dash and long-vowel look-alikes (cf. the 20+ variants sagikoza folds). */
static bool is_dash(int32_t c)
{
    /* every character is asked: answer ASCII, kana and kanji before the
     * switch (nothing below is under U+02D7 but '-', nor in U+3000..U+30FB
     * or U+31D1..U+FE57) */
    if (c < 0x02D7)
        return c == 0x002D;
    if ((c >= 0x3000 && c < 0x30FC) || (c > 0x31D0 && c < 0xFE58))
        return false;
    switch (c) {
    case 0x002D:
    case 0x02D7:
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2043:
    case 0x2212:
    case 0x23AF:
    case 0x23E4:
    case 0x2500:
    case 0x2501:
    case 0x2E3A:
    case 0x2E3B:
    case 0x30FC:
    case 0x31D0:
    case 0xFE58:
    case 0xFE63:
    case 0xFF0D:
    case 0xFF70: return true;
    default: return false;
    }
}

/* Separators people insert between the letters of a word. */
static bool is_sep(int32_t c)
{
    /* ' ' '.' '/' are bits 32, 46 and 47 of one word (negative c: no) */
    if ((uint32_t)c < 64)
        return (UINT64_C(0x0000C00100000000) >> c) & 1;
    return c == '_' || c == 0x30FB;
}

static int32_t hira_to_kata(int32_t c)
{
    if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)
        return c + 0x60;
    return c;
}

/* Small katakana → full size, as Zengin account names require. */
static int32_t small_to_full(int32_t c)
{
    static const int32_t ext[16] = {0x30AF, 0x30B7, 0x30B9, 0x30C8, 0x30CC, 0x30CF, 0x30D2, 0x30D5,
                                    0x30D8, 0x30DB, 0x30E0, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED};
    switch (c) {
    case 0x30A1:
    case 0x30A3:
    case 0x30A5:
    case 0x30A7:
    case 0x30A9: /* ァィゥェォ */
    case 0x30C3:
    case 0x30E3:
    case 0x30E5:
    case 0x30E7:
    case 0x30EE: /* ッャュョヮ */ return c + 1;
    case 0x30F5: return 0x30AB; /* ヵ → カ */
    case 0x30F6: return 0x30B1; /* ヶ → ケ */
    default: break;
    }
    if (c >= 0x31F0 && c <= 0x31FF)
        return ext[c - 0x31F0];
    return c;
}

/* ---- building the tagged code point array -------------------------------- */

/* The growing array of tagged code points, in the caller's arena (no
 * malloc per call). Sized for one code point per input byte, which only
 * NFKC expansions (㈱ → (株)) can outgrow. Beside it: where the separators
 * (is_sep) and the dashes (is_dash) are, ascending, so the passes below
 * visit those and not every character (most texts have few of either),
 * and the UTF-8 length of the array, so encode() needs no counting pass. */
typedef struct cpvec {
    cp *v;
    size_t n, cap;
    mm_arena *a;
    uint32_t *sep, *dash;
    size_t nsep, capsep, ndash, capdash;
    size_t bytes;
    bool kana; /* fold hiragana to katakana as code points are appended */
} cpvec;

static mm_status cpvec_grow(cpvec *b)
{
    size_t cap = b->cap * 2 + 16;
    cp *v = mm_arena_alloc(b->a, cap * sizeof *v);
    if (v == NULL)
        return MM_ENOMEM;
    if (b->n)
        memcpy(v, b->v, b->n * sizeof *v);
    b->v = v;
    b->cap = cap;
    return MM_OK;
}

/* Append x to the index list *l (n entries, capacity *cap) in the arena. */
static mm_status list_push(mm_arena *a, uint32_t **l, size_t *n, size_t *cap, uint32_t x)
{
    if (*n == *cap) {
        size_t c = *cap * 2 + 16;
        uint32_t *v = mm_arena_alloc(a, c * sizeof *v);
        if (v == NULL)
            return MM_ENOMEM;
        if (*n)
            memcpy(v, *l, *n * sizeof *v);
        *l = v;
        *cap = c;
    }
    (*l)[(*n)++] = x;
    return MM_OK;
}

static size_t utf8_len(int32_t c)
{
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* Class bits of an appended code point (also kept in the fast table). */
enum { C_SEP = 1, C_DASH = 2 };

static unsigned class_of(int32_t c)
{
    return (is_sep(c) ? C_SEP : 0) | (is_dash(c) ? C_DASH : 0);
}

/* Append (c, off); cls is class_of(c), len utf8_len(c). White space is
 * squeezed here rather than in a pass of its own: a space is not appended
 * at the start nor after another space, and build() drops one left at the
 * end (the later folds never make or unmake a space, so squeezing first
 * gives the same array). */
static inline mm_status cpvec_push(cpvec *b, int32_t c, uint32_t off, unsigned cls, size_t len)
{
    if (cls) {
        if (c == ' ' && (b->n == 0 || b->v[b->n - 1].c == ' '))
            return MM_OK;
        if ((cls & C_SEP) && list_push(b->a, &b->sep, &b->nsep, &b->capsep, (uint32_t)b->n))
            return MM_ENOMEM;
        if ((cls & C_DASH) && list_push(b->a, &b->dash, &b->ndash, &b->capdash, (uint32_t)b->n))
            return MM_ENOMEM;
    }
    if (b->n == b->cap && cpvec_grow(b) != MM_OK)
        return MM_ENOMEM;
    b->v[b->n++] = (cp){c, off};
    b->bytes += len;
    return MM_OK;
}

/* Spacing ゛゜ (U+309B/C) become combining marks so ｶ゛ composes to ガ. */
static utf8proc_int32_t spacing_marks(utf8proc_int32_t c, void *data)
{
    (void)data;
    if (c == 0x309B || c == 0x309C)
        return c - 2;
    return c;
}

/* What push_cp keeps of c: -1 for a dropped control or format character,
 * ' ' for white space and line breaks, else c. */
static int32_t kept(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    if (k == UTF8PROC_CATEGORY_CC && !(c >= 0x09 && c <= 0x0D) && c != 0x85)
        return -1;
    /* format characters, and the keycap mark that turns 5 into 5️⃣
     * ("報酬 5️⃣0️⃣0️⃣0️⃣0️⃣円" is 50000円) */
    if (k == UTF8PROC_CATEGORY_CF || c == 0x20E3)
        return -1;
    if (k == UTF8PROC_CATEGORY_CC || k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_ZL ||
        k == UTF8PROC_CATEGORY_ZP)
        return ' ';
    return c;
}

/* Append c unless it is a control or format character; white space and
 * line breaks become one ASCII space; hiragana become katakana when the
 * vector folds kana. */
static mm_status push_cp(cpvec *b, int32_t c, uint32_t off)
{
    int32_t k = kept(c);
    if (k < 0)
        return MM_OK;
    if (b->kana)
        k = hira_to_kata(k);
    return cpvec_push(b, k, off, class_of(k), utf8_len(k));
}

/* Length in bytes of the grapheme cluster at s[i] (s is valid UTF-8). */
static size_t cluster_len(const utf8proc_uint8_t *s, size_t len, size_t i)
{
    int32_t prev, c;
    int state = 0;
    size_t j = i + (size_t)utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &prev);
    while (j < len) {
        utf8proc_ssize_t n = utf8proc_iterate(s + j, (utf8proc_ssize_t)(len - j), &c);
        bool joins = c == 0x309B || c == 0x309C;
        if (!joins && utf8proc_grapheme_break_stateful(prev, c, &state))
            break;
        prev = c;
        j += (size_t)n;
    }
    return j - i;
}

static utf8proc_option_t nfkc_options(int flags)
{
    utf8proc_option_t o = UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE | UTF8PROC_STABLE;
    if (flags & F_CASEFOLD)
        o |= UTF8PROC_CASEFOLD;
    return o;
}

/* NFKC (and case fold) one cluster and append its code points tagged off. */
static mm_status push_cluster(cpvec *b, const utf8proc_uint8_t *s, size_t n, uint32_t off,
                              int flags)
{
    utf8proc_int32_t local[32], *buf = local;
    utf8proc_option_t o = nfkc_options(flags);
    utf8proc_ssize_t m =
        utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, buf, 32, o, spacing_marks, NULL);
    if (m > 32) {
        buf = malloc((size_t)m * sizeof *buf);
        if (buf == NULL)
            return MM_ENOMEM;
        m = utf8proc_decompose_custom(s, (utf8proc_ssize_t)n, buf, m, o, spacing_marks, NULL);
    }
    if (m >= 0)
        m = utf8proc_normalize_utf32(buf, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    mm_status st = m < 0 ? MM_EINVAL : MM_OK;
    for (utf8proc_ssize_t i = 0; st == MM_OK && i < m; i++)
        st = push_cp(b, buf[i], off);
    if (buf != local)
        free(buf);
    return st;
}

/* ---- the one-code-point fast path ------------------------------------------
 * Almost every character of a message (ASCII, kana, kanji, full-width
 * forms) is a grapheme cluster of its own whose NFKC form is one code
 * point. For those, push_cluster's work (grapheme segmentation, decompose,
 * compose, category) is a table look-up. A BMP code point's entry is worked
 * out by the slow path itself the first time it is met, so the two cannot
 * disagree: the entry records the code point push_cluster would append for
 * the character alone (SIMPLE; kana-folded when the table is for a kana-
 * folding call) with its class bits and UTF-8 length, and whether a
 * grapheme cluster always ends before it (ENDS_BEFORE: grapheme break
 * classes Other, CR, LF, Control; not ゛゜, which join the cluster before
 * them). A character is then handled alone when it is SIMPLE, its own class
 * ends its cluster at any ENDS_BEFORE character (Other, LF, Control: rules
 * GB4, GB5, GB999), and the next character is ENDS_BEFORE. Everything else
 * takes the slow path. tests/unit/norm/test_text.c compares the two on
 * every BMP code point in context (mm_norm_text_reference). */
enum {
    E_KNOWN = 1u << 31,
    E_SIMPLE = 1u << 30,
    E_ENDS_BEFORE = 1u << 29,
    E_CLS_SHIFT = 27, /* bits 27-28: C_SEP, C_DASH */
    E_LEN_SHIFT = 25, /* bits 25-26: UTF-8 length - 1 */
    E_CP = 0x1FFFFF
};

/* [casefold][kana]: only two of the four are used (mm_norm_text folds both,
 * mm_norm_nfkc neither) and untouched pages of the others cost nothing */
static _Atomic uint32_t fast_table[4][0x10000];

static uint32_t fast_entry_compute(int32_t c, int flags)
{
    uint32_t e = E_KNOWN;
    const utf8proc_property_t *p = utf8proc_get_property(c);
    int bc = p->boundclass;
    bool other = bc == UTF8PROC_BOUNDCLASS_OTHER;
    bool ctl = bc == UTF8PROC_BOUNDCLASS_LF || bc == UTF8PROC_BOUNDCLASS_CONTROL;
    bool joiner = c == 0x309B || c == 0x309C;
    if ((other || ctl || bc == UTF8PROC_BOUNDCLASS_CR) && !joiner)
        e |= E_ENDS_BEFORE;
    if ((other || ctl) && !joiner && !(c >= 0xD800 && c <= 0xDFFF)) {
        utf8proc_uint8_t u[4];
        utf8proc_ssize_t n = utf8proc_encode_char(c, u);
        utf8proc_int32_t buf[32];
        utf8proc_ssize_t m =
            utf8proc_decompose_custom(u, n, buf, 32, nfkc_options(flags), spacing_marks, NULL);
        if (m >= 1 && m <= 32)
            m = utf8proc_normalize_utf32(buf, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
        int32_t k = m == 1 ? kept(buf[0]) : -1;
        if (k > 0 && (flags & F_KANA))
            k = hira_to_kata(k);
        if (k > 0)
            e |= E_SIMPLE | (uint32_t)k | class_of(k) << E_CLS_SHIFT |
                 (uint32_t)(utf8_len(k) - 1) << E_LEN_SHIFT;
    }
    return e;
}

/* The table for these flags. */
static _Atomic uint32_t *fast_table_for(int flags)
{
    return fast_table[(flags & F_CASEFOLD ? 2 : 0) | (flags & F_KANA ? 1 : 0)];
}

/* Work out and store an entry met for the first time (out of line: the
 * loop that asks for entries stays small). */
__attribute__((noinline, cold)) static uint32_t fast_entry_fill(_Atomic uint32_t *tab, int32_t c,
                                                                 int flags)
{
    uint32_t e = fast_entry_compute(c, flags);
    atomic_store_explicit(&tab[c], e, memory_order_relaxed);
    return e;
}

static inline uint32_t fast_entry(_Atomic uint32_t *tab, int32_t c, int flags)
{
    uint32_t e = atomic_load_explicit(&tab[c], memory_order_relaxed);
    return e ? e : fast_entry_fill(tab, c, flags);
}

/* cpvec_push of a table entry with class bits (out of line, see fast_run). */
__attribute__((noinline)) static mm_status push_listed(cpvec *b, uint32_t e, uint32_t off)
{
    return cpvec_push(b, (int32_t)(e & E_CP), off, e >> E_CLS_SHIFT & 3, 1 + (e >> E_LEN_SHIFT & 3));
}

/* Append the characters from s[i] on that the table answers alone (see
 * above), up to the first that needs push_cluster; returns where that one
 * starts (len when none). The caller keeps room in b for one code point
 * per remaining input byte, so plain appends need no check. */
static size_t fast_run(cpvec *b, const utf8proc_uint8_t *s, size_t len, size_t i,
                       _Atomic uint32_t *tab, int flags, mm_status *st)
{
    cp *v = b->v;
    size_t n = b->n, bytes = b->bytes;
    int32_t c;
    size_t l = mm_utf8_get(s, i, &c);
    uint32_t e = c < 0x10000 ? fast_entry(tab, c, flags) : 0;
    while (e & E_SIMPLE) {
        size_t j = i + l, nl = 0;
        int32_t nc = 0;
        uint32_t ne = 0;
        if (j < len) {
            nl = mm_utf8_get(s, j, &nc);
            ne = nc < 0x10000 ? fast_entry(tab, nc, flags) : 0;
            if (!(ne & E_ENDS_BEFORE))
                break; /* the next character may join this one's cluster */
        }
        unsigned cls = e >> E_CLS_SHIFT & 3;
        if (cls) { /* a separator, space or dash: listed */
            b->n = n, b->bytes = bytes;
            if ((*st = push_listed(b, e, (uint32_t)i)) != MM_OK)
                return i;
            n = b->n, bytes = b->bytes;
        } else {
            v[n++] = (cp){(int32_t)(e & E_CP), (uint32_t)i};
            bytes += 1 + (e >> E_LEN_SHIFT & 3);
        }
        i = j;
        if (j >= len)
            break;
        c = nc, l = nl, e = ne; /* the next character's entry is already known */
    }
    b->n = n, b->bytes = bytes;
    return i;
}

/* Validate in and turn it into tagged, NFKC-normalised code points in b;
 * slow (the reference) sends every character through push_cluster. */
static mm_status build(const char *in, size_t len, int flags, bool slow, cpvec *b, mm_error *err)
{
    if (len >= UINT32_MAX)
        return mm_error_set(err, MM_ELIMIT, "text", "text of %zu bytes is too long", len);
    mm_status st = flags & F_VALID ? MM_OK : mm_utf8_validate(in, len, err);
    if (st != MM_OK)
        return st;
    b->cap = len + 16;
    if ((b->v = mm_arena_alloc(b->a, b->cap * sizeof *b->v)) == NULL)
        return mm_error_set(err, MM_ENOMEM, "text", "out of memory normalising %zu bytes", len);
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)in;
    _Atomic uint32_t *tab = fast_table_for(flags);
    for (size_t i = 0; i < len && st == MM_OK;) {
        if (!slow) {
            i = fast_run(b, s, len, i, tab, flags, &st);
            if (i >= len || st != MM_OK)
                break;
        }
        size_t k = cluster_len(s, len, i);
        st = push_cluster(b, s + i, k, (uint32_t)i, flags);
        i += k;
        /* NFKC may expand (㈱ → (株)): room again for the rest */
        while (st == MM_OK && b->cap - b->n < len - i + 1)
            st = cpvec_grow(b);
    }
    if (st == MM_ENOMEM)
        return mm_error_set(err, st, "text", "out of memory normalising %zu bytes", len);
    if (st != MM_OK)
        return mm_error_set(err, st, "text", "cannot normalise the text");
    if (b->n > 0 && b->v[b->n - 1].c == ' ') { /* trailing white space */
        b->n--;
        b->nsep--; /* a space is a separator: the last one listed */
        b->bytes--;
    }
    return MM_OK;
}

/* ---- passes over the array ----------------------------------------------- */

/* A dash after katakana (not followed by a Latin letter or digit) is a long
 * vowel 'ー'; every other dash is '-'. Visits the listed dashes in order:
 * a folded dash counts as katakana for the next (ー is katakana); the look-
 * ahead only asks whether the next character is an ASCII letter or digit,
 * which no dash is before or after folding. Kana are already folded. */
static void fold_dashes(cpvec *b)
{
    cp *v = b->v;
    size_t n = b->n;
    for (size_t k = 0; k < b->ndash; k++) {
        size_t i = b->dash[k];
        int32_t next = i + 1 < n ? v[i + 1].c : 0;
        bool alnum_next = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
                          (next >= 'A' && next <= 'Z');
        int32_t c = i > 0 && is_katakana(v[i - 1].c) && !alnum_next ? 0x30FC : '-';
        b->bytes += utf8_len(c) - utf8_len(v[i].c);
        v[i].c = c;
    }
}

/* Mark separator i deleted (its bytes leave the encoded length). */
static void delete_sep(cpvec *b, size_t i, int32_t was)
{
    b->bytes -= utf8_len(was);
    b->v[i].c = DELETED;
}

/* Remove the DELETED entries (all of them separators, all listed in sep)
 * by moving the blocks between them, and renumber the separator list. */
static void compact_listed(cpvec *b)
{
    cp *v = b->v;
    size_t w = 0, kept_seps = 0, gone = 0;
    size_t from = 0; /* start of the block not yet moved */
    for (size_t k = 0; k < b->nsep; k++) {
        size_t i = b->sep[k];
        if (v[i].c != DELETED) {
            b->sep[kept_seps++] = (uint32_t)(i - gone);
            continue;
        }
        if (i > from) {
            if (w != from)
                memmove(v + w, v + from, (i - from) * sizeof *v);
            w += i - from;
        }
        from = i + 1;
        gone++;
    }
    if (b->n > from) {
        if (w != from)
            memmove(v + w, v + from, (b->n - from) * sizeof *v);
        w += b->n - from;
    }
    b->n = w;
    b->nsep = kept_seps;
}

static size_t skip_seps(const cp *v, size_t n, size_t i)
{
    while (i < n && is_sep(v[i].c))
        i++;
    return i;
}

/* First index >= i holding a separator, or n. *k is a cursor into the
 * separator list that only moves forward: each pass asks for ever larger
 * i, and every listed index >= i still holds its separator when it asks
 * (the passes mark only behind the point they ask from). */
static size_t next_sep(const cpvec *b, size_t *k, size_t i)
{
    while (*k < b->nsep && b->sep[*k] < i)
        (*k)++;
    return *k < b->nsep ? b->sep[*k] : b->n;
}

/* Is there a one-letter word at word start p? */
static bool single_letter(const cp *v, size_t n, size_t p)
{
    /* the cheap test first: is_letter asks utf8proc */
    return p < n && (p + 1 == n || is_sep(v[p + 1].c)) && is_letter(v[p].c);
}

/* Delete the separators inside runs of at least three one-letter words
 * ("ホ ワ イ ト", "闇・バ・イ・ト", "h.t.t.p"); separators of more than three
 * characters end a run. "I am a boy" keeps its spaces. */
static bool join_single_letters(cpvec *b)
{
    cp *v = b->v;
    size_t n = b->n;
    bool marked = false;
    size_t i = skip_seps(v, n, 0), k = 0;
    while (i < n) {
        size_t count = 0, p = i, last = i;
        while (single_letter(v, n, p)) {
            count++;
            last = p;
            size_t q = skip_seps(v, n, p + 1);
            if (q >= n || q - (p + 1) > 3)
                break;
            p = q;
        }
        if (count >= 3) {
            for (size_t x = i; x < last; x++)
                if (is_sep(v[x].c))
                    delete_sep(b, x, v[x].c), marked = true;
            i = skip_seps(v, n, last + 1);
        } else {
            i = skip_seps(v, n, next_sep(b, &k, i));
        }
    }
    return marked;
}

static bool was_sep(int32_t c)
{
    return is_sep(c < 0 ? -c : c);
}

/* Japanese text: delete a separator run (up to three characters) between
 * two Japanese characters when the word on either side is one character,
 * so separators inside running text go too: "今すぐ闇・バ・イ・ト募集" →
 * "今スグ闇バイト募集", while "投資・ロマンス" keeps its '・'. Decisions are
 * taken on the unmodified array (marked runs are negated first). */
static bool join_cjk_singles(cpvec *b)
{
    cp *v = b->v;
    size_t n = b->n;
    bool marked = false;
    size_t k = 0, s = next_sep(b, &k, 0), e;
    for (; s < n; s = next_sep(b, &k, e)) {
        e = skip_seps(v, n, s);
        if (s == 0 || e == n || e - s > 3 || !is_cjk(v[s - 1].c) || !is_cjk(v[e].c))
            continue;
        bool one_before = s == 1 || was_sep(v[s - 2].c);
        bool one_after = e + 1 == n || is_sep(v[e + 1].c);
        if (one_before || one_after)
            for (size_t x = s; x < e; x++)
                v[x].c = -v[x].c, marked = true;
    }
    if (marked)
        for (size_t k = 0; k < b->nsep; k++)
            if (v[b->sep[k]].c < 0)
                delete_sep(b, b->sep[k], -v[b->sep[k]].c);
    return marked;
}

/* Japanese does not separate words: drop a single space between two
 * Japanese characters ("闇 バイト" → "闇バイト"). Runs after compaction. */
static bool drop_cjk_spaces(cpvec *b)
{
    cp *v = b->v;
    size_t n = b->n;
    bool marked = false;
    for (size_t k = 0; k < b->nsep; k++) {
        size_t i = b->sep[k];
        if (i >= 1 && i + 1 < n && v[i].c == ' ' && is_cjk(v[i - 1].c) && is_cjk(v[i + 1].c))
            delete_sep(b, i, ' '), marked = true;
    }
    return marked;
}

/* ---- the reference passes ---------------------------------------------------
 * The passes above as first written: every character visited, no lists. Only
 * mm_norm_text_reference runs them, for the tests to hold the fast path to. */

static void ref_fold_dashes(cp *v, size_t n, bool kana)
{
    for (size_t i = 0; i < n; i++) {
        if (kana)
            v[i].c = hira_to_kata(v[i].c);
        if (!is_dash(v[i].c))
            continue;
        int32_t next = i + 1 < n ? v[i + 1].c : 0;
        bool alnum_next = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
                          (next >= 'A' && next <= 'Z');
        v[i].c = i > 0 && is_katakana(v[i - 1].c) && !alnum_next ? 0x30FC : '-';
    }
}

static size_t ref_compact(cp *v, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].c != DELETED)
            v[w++] = v[i];
    return w;
}

static size_t ref_skip_word(const cp *v, size_t n, size_t i)
{
    while (i < n && !is_sep(v[i].c))
        i++;
    return i;
}

static bool ref_join_single_letters(cp *v, size_t n)
{
    bool marked = false;
    size_t i = skip_seps(v, n, 0);
    while (i < n) {
        size_t count = 0, p = i, last = i;
        while (single_letter(v, n, p)) {
            count++;
            last = p;
            size_t q = skip_seps(v, n, p + 1);
            if (q >= n || q - (p + 1) > 3)
                break;
            p = q;
        }
        if (count >= 3) {
            for (size_t x = i; x < last; x++)
                if (is_sep(v[x].c))
                    v[x].c = DELETED, marked = true;
            i = skip_seps(v, n, last + 1);
        } else {
            i = skip_seps(v, n, ref_skip_word(v, n, i));
        }
    }
    return marked;
}

static bool ref_join_cjk_singles(cp *v, size_t n)
{
    bool marked = false;
    size_t s = ref_skip_word(v, n, 0), e;
    for (; s < n; s = ref_skip_word(v, n, e)) {
        e = skip_seps(v, n, s);
        if (s == 0 || e == n || e - s > 3 || !is_cjk(v[s - 1].c) || !is_cjk(v[e].c))
            continue;
        bool one_before = s == 1 || was_sep(v[s - 2].c);
        bool one_after = e + 1 == n || is_sep(v[e + 1].c);
        if (one_before || one_after)
            for (size_t x = s; x < e; x++)
                v[x].c = -v[x].c, marked = true;
    }
    if (marked)
        for (size_t i = 0; i < n; i++)
            if (v[i].c < 0)
                v[i].c = DELETED;
    return marked;
}

static bool ref_drop_cjk_spaces(cp *v, size_t n)
{
    bool marked = false;
    for (size_t i = 1; i + 1 < n; i++)
        if (v[i].c == ' ' && is_cjk(v[i - 1].c) && is_cjk(v[i + 1].c))
            v[i].c = DELETED, marked = true;
    return marked;
}

/* UTF-8 encode v (len bytes in all) into the arena with one input offset
 * per output byte in the map. */
static mm_status encode(const cp *v, size_t n, size_t len, size_t inlen, mm_arena *a,
                        mm_text *out, mm_error *err)
{
    /* three bytes of slack: a character's bytes are written as one word */
    char *t = mm_arena_alloc(a, len + 4);
    uint32_t *map = mm_arena_alloc(a, (len + 1) * sizeof *map);
    if (t == NULL || map == NULL)
        return mm_error_set(err, MM_ENOMEM, "text", "out of memory for %zu characters", n);
    char *tp = t;
    uint32_t *mp = map;
    for (const cp *p = v, *end = v + n; p < end; p++) {
        uint32_t u = (uint32_t)p->c, off = p->off;
        if (u < 0x80) {
            *tp++ = (char)u;
            *mp++ = off;
        } else if (u >= 0x800 && u < 0x10000) { /* kana, kanji, most symbols */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            uint32_t x = (0xE0 | u >> 12) | (0x80 | ((u >> 6) & 0x3F)) << 8 |
                         (0x80 | (u & 0x3F)) << 16;
            memcpy(tp, &x, 4); /* the fourth byte lands in the slack */
#else
            tp[0] = (char)(0xE0 | u >> 12);
            tp[1] = (char)(0x80 | ((u >> 6) & 0x3F));
            tp[2] = (char)(0x80 | (u & 0x3F));
#endif
            tp += 3;
            mp[0] = mp[1] = mp[2] = off;
            mp += 3;
        } else if (u < 0x800) {
            tp[0] = (char)(0xC0 | u >> 6);
            tp[1] = (char)(0x80 | (u & 0x3F));
            tp += 2;
            mp[0] = mp[1] = off;
            mp += 2;
        } else {
            tp[0] = (char)(0xF0 | u >> 18);
            tp[1] = (char)(0x80 | ((u >> 12) & 0x3F));
            tp[2] = (char)(0x80 | ((u >> 6) & 0x3F));
            tp[3] = (char)(0x80 | (u & 0x3F));
            tp += 4;
            mp[0] = mp[1] = mp[2] = mp[3] = off;
            mp += 4;
        }
    }
    size_t w = (size_t)(tp - t);
    assert(w == len);
    t[len] = '\0';
    map[len] = (uint32_t)inlen;
    out->text = t;
    out->len = len;
    out->offmap = map;
    return MM_OK;
}

/* Run the whole pipeline with the given F_* flags. build() never yields
 * DELETED and has squeezed white space, so a pass that marked nothing
 * leaves nothing to compact; a text without separators (most Japanese
 * sentences without a link) skips the joining passes, one without dashes
 * the dash pass. */
static mm_status run(const char *in, size_t len, int flags, mm_arena *a, mm_text *out,
                     mm_error *err)
{
    cpvec b = {.a = a, .kana = (flags & F_KANA) != 0};
    mm_status st = build(in, len, flags, false, &b, err);
    if (st != MM_OK)
        return st;
    if ((flags & F_DASH) && b.ndash)
        fold_dashes(&b);
    if ((flags & F_JOIN) && b.nsep) {
        if (join_single_letters(&b))
            compact_listed(&b);
        if (b.nsep && join_cjk_singles(&b))
            compact_listed(&b);
        if (b.nsep && drop_cjk_spaces(&b))
            compact_listed(&b);
    }
    return encode(b.v, b.n, b.bytes, len, a, out, err);
}

/* The same pipeline the plain way: no table, every character through
 * utf8proc, kana folded in the dash pass, every pass over every character. */
static mm_status run_reference(const char *in, size_t len, int flags, mm_arena *a, mm_text *out,
                               mm_error *err)
{
    cpvec b = {.a = a, .kana = false};
    mm_status st = build(in, len, flags, true, &b, err);
    if (st != MM_OK)
        return st;
    cp *v = b.v;
    size_t n = b.n;
    if (flags & F_DASH)
        ref_fold_dashes(v, n, flags & F_KANA);
    else if (flags & F_KANA)
        for (size_t i = 0; i < n; i++)
            v[i].c = hira_to_kata(v[i].c);
    if (flags & F_JOIN) {
        if (ref_join_single_letters(v, n))
            n = ref_compact(v, n);
        if (ref_join_cjk_singles(v, n))
            n = ref_compact(v, n);
        if (ref_drop_cjk_spaces(v, n))
            n = ref_compact(v, n);
    }
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++)
        bytes += utf8_len(v[i].c);
    return encode(v, n, bytes, len, a, out, err);
}

mm_status mm_norm_text_reference(const char *in, size_t len, bool full, mm_arena *a, mm_text *out,
                                 mm_error *err)
{
    if (in == NULL && len == 0)
        in = "";
    return run_reference(in, len, full ? F_CASEFOLD | F_KANA | F_DASH | F_JOIN : 0, a, out, err);
}

mm_status mm_norm_text(const char *in, size_t len, mm_arena *a, mm_text *out, mm_error *err)
{
    if (in == NULL && len == 0)
        in = "";
    return run(in, len, F_CASEFOLD | F_KANA | F_DASH | F_JOIN, a, out, err);
}

mm_status mm_norm_text_valid(const char *in, size_t len, mm_arena *a, mm_text *out, mm_error *err)
{
    if (in == NULL && len == 0)
        in = "";
    return run(in, len, F_CASEFOLD | F_KANA | F_DASH | F_JOIN | F_VALID, a, out, err);
}

mm_status mm_norm_nfkc(const char *in, size_t len, mm_arena *a, char **out, mm_error *err)
{
    if (in == NULL)
        return mm_error_set(err, MM_EINVAL, "text", "no text given (NULL)");
    mm_text t;
    mm_status st = run(in, len, 0, a, &t, err);
    if (st == MM_OK)
        *out = t.text;
    return st;
}

char *mm_kana_fold(const char *in, bool fold_small, mm_arena *a)
{
    char *s = in ? mm_arena_strdup(a, in) : NULL;
    if (s == NULL)
        return NULL;
    /* Every mapping stays inside U+3000..U+31FF (3 bytes), so fold in place. */
    utf8proc_uint8_t *u = (utf8proc_uint8_t *)s;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(u + i, (utf8proc_ssize_t)(len - i), &c);
        if (n <= 0) {
            i++;
            continue;
        }
        int32_t f = hira_to_kata(c);
        if (fold_small)
            f = small_to_full(f);
        if (f != c)
            utf8proc_encode_char(f, u + i);
        i += (size_t)n;
    }
    return s;
}
