/*
 * url_lookalike.c — does this URL imitate a protected brand (data/brands.tsv)
 * from a domain the brand does not own?
 *
 * The mechanism: a phishing link must make the reader think of the brand,
 * and the only places it can do that are the name the fraudster registered
 * (the registrable label), the subdomains he controls, and the path. So:
 *  - homoglyphs: the label's skeleton (UTS #39 confusables, IDN decoded)
 *    equals a brand label's skeleton but the text differs (аmazon, paypa1);
 *  - typos: the label or one of its hyphen tokens is within edit distance 1
 *    (2 for labels of 8+ letters) of a brand label, classified as dnstwist
 *    does (addition, bitsquatting, hyphenation, insertion, omission,
 *    repetition, replacement, transposition, vowel swap);
 *  - the brand's name itself: as the whole label under another suffix (TLD
 *    swap: smbc.xyz), inside the label (rakuten-card-security.com), in a
 *    subdomain (smbc.co.jp.secure-login.example) or in the path;
 *  - plus lure words (login, secure, verify, 確認…) next to a brand name.
 * Callers skip this for the brand's own domains (url_own_brand).
 * mm_url_host_lookalike is the same judgement for a bare host name (same-IP
 * discovery ranks passive-DNS neighbours with it).
 */
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen/url_internal.h"

enum { REG_LABEL = 0, REG_SUB, REG_PATH, REG__N };

#define MAX_FOUND 48
#define MAX_BRANDS 4
#define MAX_LURES 4

typedef struct found {
    uint32_t id; /* keyword or lure index */
    uint8_t region;
    uint32_t start, end;
} found;

typedef struct region {
    const char *text;
    size_t len;
} region;

static bool is_letter(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool bounded(const region *r, uint32_t s, uint32_t e)
{
    return (s == 0 || !is_letter(r->text[s - 1])) && (e == r->len || !is_letter(r->text[e]));
}

static int by_length_desc(const void *a, const void *b)
{
    const found *x = a, *y = b;
    uint32_t lx = x->end - x->start, ly = y->end - y->start;
    if (lx != ly)
        return lx < ly ? 1 : -1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static bool overlaps(const found *acc, size_t n, const found *f)
{
    for (size_t i = 0; i < n; i++)
        if (acc[i].region == f->region && f->start < acc[i].end && acc[i].start < f->end)
            return true;
    return false;
}

/* Brand keywords in each region, longest first, no two overlapping. */
static size_t find_keywords(const mm_url_model *m, const region *rg, found *acc)
{
    found all[MAX_FOUND];
    size_t n = 0;
    for (int r = 0; r < REG__N; r++) {
        acmatch mt[MAX_FOUND];
        size_t k = url_ac_scan(&m->kw_ac, rg[r].text, rg[r].len, mt, MAX_FOUND);
        for (size_t i = 0; i < k && n < MAX_FOUND; i++) {
            const url_keyword *kw = &m->kw[mt[i].id];
            if (kw->token && !bounded(&rg[r], mt[i].start, mt[i].end))
                continue;
            /* in a path, a short keyword must stand alone ("/jcb/", not "/ajcbx") */
            if (r == REG_PATH && kw->ascii && kw->len < 4 &&
                !bounded(&rg[r], mt[i].start, mt[i].end))
                continue;
            all[n++] = (found){mt[i].id, (uint8_t)r, mt[i].start, mt[i].end};
        }
    }
    qsort(all, n, sizeof *all, by_length_desc);
    size_t na = 0;
    for (size_t i = 0; i < n; i++)
        if (!overlaps(acc, na, &all[i]))
            acc[na++] = all[i];
    return na;
}

/* Lure words in the host (in_path false) or in the path, except inside a
 * brand name already found. */
static size_t find_lures(const mm_url_model *m, const region *rg, const found *kw, size_t nkw,
                         int from, int to, uint32_t *lures)
{
    size_t nl = 0;
    for (int r = from; r < to && nl < MAX_LURES; r++) {
        acmatch mt[MAX_FOUND];
        size_t k = url_ac_scan(&m->lure_ac, rg[r].text, rg[r].len, mt, MAX_FOUND);
        for (size_t i = 0; i < k && nl < MAX_LURES; i++) {
            found f = {mt[i].id, (uint8_t)r, mt[i].start, mt[i].end};
            if (!bounded(&rg[r], f.start, f.end))
                continue; /* "usercontent", "pineapple": not a lure word */
            if (overlaps(kw, nkw, &f))
                continue;
            bool dup = false;
            for (size_t j = 0; j < nl; j++)
                dup = dup || lures[j] == f.id;
            if (!dup)
                lures[nl++] = f.id;
        }
    }
    return nl;
}

/* ---- typos ------------------------------------------------------------- */

static uint32_t letter_mask(const char *s, size_t n)
{
    uint32_t m = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            m |= 1u << (c - 'a');
        else if (c >= '0' && c <= '9')
            m |= 1u << 26;
        else
            m |= 1u << 27;
    }
    return m;
}

/* Optimal-string-alignment distance, or k+1 when it exceeds k. */
static int osa_bounded(const char *a, size_t la, const char *b, size_t lb, int k)
{
    if (la > 63 || lb > 63)
        return k + 1;
    int d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int rowmin = 1 << 20;
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
            if (v < rowmin)
                rowmin = v;
        }
        if (rowmin > k)
            return k + 1;
    }
    return d[la][lb];
}

static bool vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* dnstwist's name for a one-edit variant c of target t. */
static const char *twist_class(const char *c, size_t lc, const char *t, size_t lt)
{
    if (lc == lt + 1) {
        size_t i = 0;
        while (i < lt && c[i] == t[i])
            i++;
        char x = c[i];
        if (x == '-')
            return "hyphenation";
        if ((i > 0 && c[i - 1] == x) || (i < lt && t[i] == x))
            return "repetition";
        return i == lt ? "addition" : "insertion";
    }
    if (lc + 1 == lt)
        return "omission";
    size_t i = 0;
    while (i < lc && c[i] == t[i])
        i++;
    if (i + 1 < lc && c[i] == t[i + 1] && c[i + 1] == t[i] && memcmp(c + i + 2, t + i + 2, lc - i - 2) == 0)
        return "transposition";
    unsigned x = (unsigned char)c[i] ^ (unsigned char)t[i];
    if (x && (x & (x - 1)) == 0)
        return "bitsquatting";
    if (vowel(c[i]) && vowel(t[i]))
        return "vowel-swap";
    return "replacement";
}

typedef struct typo {
    int target; /* -1 = none */
    int dist;
    const char *cls;
    const char *cand;
    size_t cand_len;
} typo;

static bool in_list(const uint32_t *l, size_t n, uint32_t x)
{
    for (size_t i = 0; i < n; i++)
        if (l[i] == x)
            return true;
    return false;
}

static void try_typo(const mm_url_model *m, const char *c, size_t lc, bool whole,
                     const uint32_t *skip, size_t nskip, typo *best)
{
    if (lc < 5 || url_strmap_get(&m->words, c, lc) >= 0)
        return; /* an exact brand word is not a typo of another brand's word */
    for (size_t i = 0; i < lc; i++)
        if (!is_letter(c[i]) && c[i] != '-')
            return; /* digit look-alikes are homoglyphs (0→o, 1→l), handled there */
    uint32_t cm = letter_mask(c, lc);
    /* only curated brand words, 6+ letters, and the same first letter: a
     * generic word one edit away from a brand ("cloud", "mobile") is far
     * more often itself than a typosquat — the model's typo index holds
     * just those targets, grouped by first letter */
    unsigned char c0 = (unsigned char)c[0];
    for (uint32_t x0 = m->typo_at[c0]; x0 < m->typo_at[c0 + 1]; x0++) {
        size_t i = m->typo_ix[x0];
        const url_target *t = &m->targets[i];
        int k = t->len >= 9 && whole ? 2 : 1;
        size_t d = lc > t->len ? lc - t->len : t->len - lc;
        if (d > (size_t)k || in_list(skip, nskip, t->brand))
            continue;
        uint32_t x = cm ^ t->mask;
        if (__builtin_popcount(x) > 2 * k)
            continue;
        int dist = osa_bounded(c, lc, t->label, t->len, k);
        if (dist < 1 || dist > k)
            continue;
        if (best->target >= 0 &&
            (dist > best->dist ||
             (dist == best->dist && t->len <= m->targets[best->target].len)))
            continue;
        *best = (typo){(int)i, dist,
                       dist == 1 ? twist_class(c, lc, t->label, t->len) : "edit-distance-2", c,
                       lc};
    }
}

/* ---- reasons --------------------------------------------------------------- */

static mm_status add(mm_verdict *v, mm_arena *a, const char *code, int w, const char *brand,
                     const char *detail)
{
    if (detail == NULL)
        return MM_ENOMEM;
    mm_reason r = {.code = code, .category = "phishing", .detail = detail, .weight = w,
                   .brand = brand};
    return mm_verdict_add(v, a, &r);
}

static mm_status add_lure(const mm_url_model *m, const char *brand, const uint32_t *lures,
                          size_t nl, bool in_path_only, mm_arena *a, mm_verdict *v)
{
    if (nl == 0)
        return MM_OK;
    char *words = mm_arena_printf(a, "'%s'%s%s%s%s%s%s", m->lures[lures[0]], nl > 1 ? ", '" : "",
                                  nl > 1 ? m->lures[lures[1]] : "", nl > 1 ? "'" : "",
                                  nl > 2 ? ", '" : "", nl > 2 ? m->lures[lures[2]] : "",
                                  nl > 2 ? "'" : "");
    return add(v, a, "URL_BRAND_LURE", in_path_only ? 30 : 40, brand,
               words ? mm_arena_printf(a, "brand %s next to lure words %s", brand, words) : NULL);
}

/* Decoded U-label of an A-label, in the arena; NULL when not an IDN. */
static char *ulabel(const char *label, size_t len, mm_arena *a)
{
    if (len < 5 || memcmp(label, "xn--", 4) != 0)
        return NULL;
    char *in = mm_arena_strndup(a, label, len);
    char *u = NULL;
    if (in == NULL || idn2_to_unicode_8z8z(in, &u, 0) != IDN2_OK)
        return NULL;
    char *r = mm_arena_strdup(a, u);
    idn2_free(u);
    return r;
}

static const char *target_text(const mm_url_model *m, int64_t idx, uint32_t *brand)
{
    if ((size_t)idx < m->ntargets) {
        *brand = m->targets[idx].brand;
        return m->targets[idx].label;
    }
    const url_keyword *k = &m->kw[(size_t)idx - m->ntargets];
    *brand = k->brand;
    return k->text;
}

/* Homoglyph: the label (or a hyphen token of it) has a brand label's
 * skeleton but other characters. Returns the brand or -1. */
static int homoglyph(const mm_url_model *m, const char *s, size_t n, const char **tgt)
{
    char sk[256];
    size_t kl = url_skeleton(m, s, n, sk, sizeof sk);
    if (kl == 0)
        return -1;
    int64_t idx = url_strmap_get(&m->skel, sk, kl);
    if (idx < 0)
        return -1;
    uint32_t b;
    const char *t = target_text(m, idx, &b);
    if (strlen(t) == n && memcmp(t, s, n) == 0)
        return -1; /* the brand's own spelling: not a homoglyph */
    *tgt = t;
    return (int)b;
}

mm_status url_lookalike_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                                mm_verdict *v)
{
    if (m->nbrands == 0)
        return MM_OK;
    region rg[REG__N] = {
        [REG_LABEL] = {p->label ? p->label : "", p->label ? p->label_len : 0},
        [REG_SUB] = {p->host, p->sub_len},
        [REG_PATH] = {p->pathq, p->pathq_len},
    };
    if (p->u.host_is_ip || p->label == NULL)
        rg[REG_SUB] = (region){p->host, 0};
    char *ul = p->idn && p->label ? ulabel(p->label, p->label_len, a) : NULL;
    if (ul) /* Japanese brand names written in an IDN label */
        rg[REG_LABEL] = (region){ul, strlen(ul)};

    found kw[MAX_FOUND];
    size_t nkw = find_keywords(m, rg, kw);
    /* "brand + lure" counts when both are in the host, or both in the path */
    uint32_t lures[MAX_LURES], plures[MAX_LURES], llures[MAX_LURES];
    size_t nl = find_lures(m, rg, kw, nkw, REG_LABEL, REG_PATH, lures);
    size_t npl = find_lures(m, rg, kw, nkw, REG_PATH, REG__N, plures);
    /* a brand glued inside a longer word of the registrable label
     * (instagramfollowbutton, spamexperts) is someone else's name; a
     * service subdomain of that site (id., help., auth.) is not a lure —
     * only a lure in the label itself counts then */
    size_t nll = find_lures(m, rg, kw, nkw, REG_LABEL, REG_SUB, llures);

    /* one reason per brand, from the strongest region it appears in */
    uint32_t brands[MAX_BRANDS];
    int bregion[MAX_BRANDS];
    const found *bfound[MAX_BRANDS];
    size_t nb = 0;
    for (size_t i = 0; i < nkw; i++) {
        uint32_t b = m->kw[kw[i].id].brand;
        size_t j = 0;
        while (j < nb && brands[j] != b)
            j++;
        if (j == nb) {
            if (nb == MAX_BRANDS)
                continue;
            brands[nb] = b;
            bregion[nb] = kw[i].region;
            bfound[nb++] = &kw[i];
        } else if (kw[i].region < bregion[j]) {
            bregion[j] = kw[i].region;
            bfound[j] = &kw[i];
        }
    }
    mm_status st = MM_OK;
    const char *reg = p->reg ? p->reg : p->host;
    for (size_t j = 0; j < nb && st == MM_OK; j++) {
        const char *bn = m->brands[brands[j]].name;
        const url_keyword *k = &m->kw[bfound[j]->id];
        const found *f = bfound[j];
        bool alone = bounded(&rg[bregion[j]], f->start, f->end);
        if (bregion[j] == REG_LABEL) {
            bool whole = f->start == 0 && f->end == rg[REG_LABEL].len;
            /* the brand's own distinctive name as the whole label is a clear
             * imitation under a generic TLD; under a country code it is as often
             * the brand's own defensive registration (facebook.com.br), and a
             * short or common word (=au, =line, ocn) may be anyone's */
            const char *tld = strrchr(reg, '.');
            bool cc = tld && strlen(tld + 1) == 2;
            if (whole)
                st = add(v, a, "URL_LOOKALIKE", !k->token && k->len >= 4 && !cc ? 60 : 35, bn,
                         mm_arena_printf(a, "'%s' is %s's name '%s' under a suffix it does not "
                                            "own (tld-swap)",
                                         reg, bn, k->text));
            else /* brand-owned side domains look the same (payments-amazon.com): the
                  * name alone stays below warn; a lure word or the model decides */
                st = add(v, a, "URL_LOOKALIKE", alone ? 35 : 25, bn,
                         mm_arena_printf(a, "brand name '%s' (%s) inside the unrelated domain "
                                            "'%s' (combosquatting)",
                                         k->text, bn, reg));
        } else if (bregion[j] == REG_SUB) {
            st = add(v, a, "URL_BRAND_IN_SUBDOMAIN", alone ? 60 : 35, bn,
                     mm_arena_printf(a, "brand name '%s' (%s) in a subdomain of the unrelated "
                                        "domain '%s'",
                                     k->text, bn, reg));
        } else {
            st = add(v, a, "URL_BRAND_IN_PATH", 30, bn,
                     mm_arena_printf(a, "brand name '%s' (%s) in the path on the unrelated "
                                        "host '%s'",
                                     k->text, bn, p->host));
        }
        if (st == MM_OK && bregion[j] == REG_PATH)
            st = add_lure(m, bn, plures, npl, true, a, v);
        else if (st == MM_OK && bregion[j] == REG_LABEL && !alone)
            st = add_lure(m, bn, llures, nll, false, a, v);
        else if (st == MM_OK)
            st = add_lure(m, bn, lures, nl, false, a, v);
    }
    if (st != MM_OK || p->label == NULL)
        return st;

    /* homoglyphs of the label and of its hyphen tokens */
    const char *lab = ul ? ul : p->label;
    size_t ll = ul ? strlen(ul) : p->label_len;
    const char *tgt = NULL;
    int hb = homoglyph(m, lab, ll, &tgt);
    for (const char *s = lab, *e = lab + ll; hb < 0 && s < e;) {
        const char *dash = memchr(s, '-', (size_t)(e - s));
        size_t tl = dash ? (size_t)(dash - s) : (size_t)(e - s);
        if (tl >= 3 && tl < ll)
            hb = homoglyph(m, s, tl, &tgt);
        s = dash ? dash + 1 : e;
    }
    if (hb >= 0 && !in_list(brands, nb, (uint32_t)hb)) {
        const char *bn = m->brands[hb].name;
        st = add(v, a, "URL_LOOKALIKE", ul ? 90 : 85, bn,
                 mm_arena_printf(a, "'%.*s' looks like %s's '%s' (homoglyph%s)", (int)ll, lab, bn,
                                 tgt, ul ? ", IDN" : ""));
        if (st == MM_OK && nb == 0)
            st = add_lure(m, bn, lures, nl, false, a, v);
        return st;
    }

    /* typos of the ASCII label, the label without hyphens, its tokens; a
     * brand found only glued into a longer word ("mercarii") may still be a
     * typo of itself, so only brands found standing alone are skipped */
    if (ul)
        return MM_OK;
    uint32_t skip[MAX_BRANDS];
    size_t nskip = 0;
    for (size_t j = 0; j < nb; j++)
        if (bounded(&rg[bregion[j]], bfound[j]->start, bfound[j]->end))
            skip[nskip++] = brands[j];
    typo best = {.target = -1};
    try_typo(m, p->label, p->label_len, true, skip, nskip, &best);
    char joined[64];
    size_t jl = 0;
    for (size_t i = 0; i < p->label_len && jl < sizeof joined; i++)
        if (p->label[i] != '-')
            joined[jl++] = p->label[i];
    if (jl < p->label_len && jl < sizeof joined)
        try_typo(m, joined, jl, true, skip, nskip, &best);
    for (const char *s = p->label, *e = p->label + p->label_len; s < e;) {
        const char *dash = memchr(s, '-', (size_t)(e - s));
        size_t tl = dash ? (size_t)(dash - s) : (size_t)(e - s);
        if (tl < p->label_len)
            try_typo(m, s, tl, false, skip, nskip, &best);
        s = dash ? dash + 1 : e;
    }
    if (best.target < 0)
        return MM_OK;
    const url_target *t = &m->targets[best.target];
    const char *bn = m->brands[t->brand].name;
    /* two edits from a long brand word is often another real word (telegraph,
     * instacam): reported, but it needs a second signal to warn */
    st = add(v, a, "URL_LOOKALIKE", best.dist == 1 ? 60 : 35, bn,
             mm_arena_printf(a, "'%.*s' is a typo of %s's '%s' (%s)", (int)best.cand_len,
                             best.cand, bn, t->label, best.cls));
    if (st == MM_OK && nb == 0)
        st = add_lure(m, bn, lures, nl, false, a, v);
    return st;
}

/* ---- a bare host (same-IP discovery) ----------------------------------------- */

mm_status mm_url_host_lookalike(const mm_url_model *m, const char *host, bool with_model,
                                mm_arena *a, mm_verdict *out, const char **own_brand,
                                mm_error *err)
{
    if (own_brand)
        *own_brand = NULL;
    if (m == NULL || a == NULL || out == NULL)
        return mm_error_set(err, MM_EINVAL, "host", "no URL model, arena or verdict");
    size_t hl = host ? strlen(host) : 0;
    /* a host name only: nothing that would make "http://HOST/" another URL */
    if (hl == 0 || hl > 253 || strpbrk(host, "/\\?#@: \t\r\n%") != NULL)
        return mm_error_set(err, MM_EINVAL, "host", "'%.64s' is not a host name",
                            host ? host : "");
    char *url = mm_arena_printf(a, "http://%s/", host);
    if (url == NULL)
        return mm_error_set(err, MM_ENOMEM, "host", "out of memory");
    url_parts p;
    mm_status st = url_parts_parse(url, a, &p, err);
    if (st != MM_OK) {
        if (err)
            snprintf(err->field, sizeof err->field, "host");
        return st;
    }
    int own = url_own_brand(m, &p);
    /* the brand's own only when it owns the registrable domain: a bucket
     * under a platform it runs (x.s3.ap-northeast-1.amazonaws.com, a
     * public suffix) is someone else's site */
    if (own >= 0 && own_brand && url_own_registrable(m, &p))
        *own_brand = m->brands[own].name;
    if (own < 0)
        st = url_lookalike_reasons(m, &p, a, out);
    if (st == MM_OK && with_model && !url_own_registrable(m, &p))
        st = url_model_reasons(m, &p, a, out);
    if (st != MM_OK)
        return mm_error_set(err, st, "host", "out of memory");
    return MM_OK;
}
