/*
 * url_data.c — building the immutable URL model from its reviewed TSV
 * dictionaries (brands, suffix classes, lure words, confusables) and the
 * binary classifier file, plus the two small indexes everything else uses:
 * a string map and an Aho-Corasick automaton.
 *
 * Why these structures: a check must cost well under a microsecond of
 * dictionary work, so brand keywords and lure words are found in one pass
 * over the host and the path (Aho-Corasick, byte classes keep the DFA
 * small), and own domains / suffixes / skeletons are single hash probes.
 * Everything is built once at load and never written again, so any number
 * of threads can screen with one model and no lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "mamoru/norm.h"
#include "screen/url_internal.h"

/* ---- string map --------------------------------------------------------- */

static uint64_t key_hash(const char *k, size_t len)
{
    uint64_t h = XXH3_64bits(k, len);
    return h ? h : 1;
}

static mm_status strmap_grow(strmap *m)
{
    size_t cap = m->slots ? (m->mask + 1) * 2 : 64;
    strmap_slot *s = calloc(cap, sizeof *s);
    if (s == NULL)
        return MM_ENOMEM;
    for (size_t i = 0; m->slots && i <= m->mask; i++) {
        if (m->slots[i].hash == 0)
            continue;
        size_t j = m->slots[i].hash & (cap - 1);
        while (s[j].hash)
            j = (j + 1) & (cap - 1);
        s[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = s;
    m->mask = cap - 1;
    return MM_OK;
}

mm_status url_strmap_put(strmap *m, const char *k, size_t len, uint32_t value)
{
    if (url_strmap_get(m, k, len) >= 0)
        return MM_OK;
    if ((m->count + 1) * 2 > (m->slots ? m->mask + 1 : 0) && strmap_grow(m) != MM_OK)
        return MM_ENOMEM;
    if (m->pool_len + len + 1 > m->pool_cap) {
        size_t cap = m->pool_cap ? m->pool_cap * 2 : 1024;
        while (cap < m->pool_len + len + 1)
            cap *= 2;
        char *p = realloc(m->pool, cap);
        if (p == NULL)
            return MM_ENOMEM;
        m->pool = p;
        m->pool_cap = cap;
    }
    memcpy(m->pool + m->pool_len, k, len);
    m->pool[m->pool_len + len] = '\0';
    uint64_t h = key_hash(k, len);
    size_t j = h & m->mask;
    while (m->slots[j].hash)
        j = (j + 1) & m->mask;
    m->slots[j] = (strmap_slot){h, (uint32_t)m->pool_len, (uint32_t)len, value};
    m->pool_len += len + 1;
    m->count++;
    return MM_OK;
}

int64_t url_strmap_get(const strmap *m, const char *k, size_t len)
{
    if (m->count == 0)
        return -1;
    uint64_t h = key_hash(k, len);
    for (size_t j = h & m->mask;; j = (j + 1) & m->mask) {
        const strmap_slot *s = &m->slots[j];
        if (s->hash == 0)
            return -1;
        if (s->hash == h && s->len == len && memcmp(m->pool + s->off, k, len) == 0)
            return s->value;
    }
}

void url_strmap_free(strmap *m)
{
    free(m->slots);
    free(m->pool);
    memset(m, 0, sizeof *m);
}

/* ---- Aho-Corasick --------------------------------------------------------- */

#define AC_NONE UINT32_MAX

mm_status url_ac_build(acauto *ac, const char *const *pat, const size_t *len, size_t n)
{
    memset(ac, 0, sizeof *ac);
    size_t total = 1;
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++) {
        total += len[i];
        for (size_t j = 0; j < len[i]; j++) {
            uint8_t b = (uint8_t)pat[i][j];
            if (ac->cls[b] == 0)
                ac->cls[b] = (uint8_t)++k;
        }
    }
    if (k > 254)
        return MM_ELIMIT;
    ac->nclass = k + 1;
    ac->npat = (uint32_t)n;
    uint32_t nc = ac->nclass;
    ac->next = malloc(total * nc * sizeof *ac->next);
    ac->out = malloc(total * sizeof *ac->out);
    ac->outs = malloc((n ? n : 1) * 2 * sizeof *ac->outs);
    ac->plen = malloc((n ? n : 1) * sizeof *ac->plen);
    uint32_t *fail = malloc(total * sizeof *fail);
    uint32_t *queue = malloc(total * sizeof *queue);
    uint32_t *tail = malloc(total * sizeof *tail); /* last own output of a state */
    if (!ac->next || !ac->out || !ac->outs || !ac->plen || !fail || !queue || !tail) {
        free(fail), free(queue), free(tail);
        url_ac_free(ac);
        return MM_ENOMEM;
    }
    for (size_t i = 0; i < total * nc; i++)
        ac->next[i] = AC_NONE;
    for (size_t i = 0; i < total; i++)
        ac->out[i] = tail[i] = AC_NONE;
    uint32_t ns = 1, nout = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t s = 0;
        for (size_t j = 0; j < len[i]; j++) {
            uint32_t c = ac->cls[(uint8_t)pat[i][j]];
            if (ac->next[s * nc + c] == AC_NONE)
                ac->next[s * nc + c] = ns++;
            s = ac->next[s * nc + c];
        }
        ac->plen[i] = (uint32_t)len[i];
        ac->outs[2 * nout] = (uint32_t)i;
        ac->outs[2 * nout + 1] = ac->out[s];
        if (ac->out[s] == AC_NONE)
            tail[s] = nout;
        ac->out[s] = nout++;
    }
    ac->nstates = ns;
    size_t qh = 0, qt = 0;
    for (uint32_t c = 0; c < nc; c++) {
        uint32_t t = ac->next[c];
        if (t == AC_NONE) {
            ac->next[c] = 0;
        } else {
            fail[t] = 0;
            queue[qt++] = t;
        }
    }
    while (qh < qt) {
        uint32_t s = queue[qh++];
        for (uint32_t c = 0; c < nc; c++) {
            uint32_t t = ac->next[s * nc + c];
            if (t == AC_NONE) {
                ac->next[s * nc + c] = ac->next[fail[s] * nc + c];
                continue;
            }
            uint32_t f = ac->next[fail[s] * nc + c];
            fail[t] = f;
            if (ac->out[t] == AC_NONE)
                ac->out[t] = ac->out[f];
            else
                ac->outs[2 * tail[t] + 1] = ac->out[f];
            queue[qt++] = t;
        }
    }
    free(fail);
    free(queue);
    free(tail);
    return MM_OK;
}

size_t url_ac_scan(const acauto *ac, const char *text, size_t len, acmatch *out, size_t cap)
{
    if (ac->nstates == 0)
        return 0;
    size_t n = 0;
    uint32_t s = 0, nc = ac->nclass;
    for (size_t i = 0; i < len; i++) {
        s = ac->next[s * nc + ac->cls[(uint8_t)text[i]]];
        for (uint32_t o = ac->out[s]; o != AC_NONE && n < cap; o = ac->outs[2 * o + 1]) {
            uint32_t id = ac->outs[2 * o];
            out[n++] = (acmatch){id, (uint32_t)(i + 1 - ac->plen[id]), (uint32_t)(i + 1)};
        }
    }
    return n;
}

void url_ac_free(acauto *ac)
{
    free(ac->next);
    free(ac->out);
    free(ac->outs);
    free(ac->plen);
    memset(ac, 0, sizeof *ac);
}

/* ---- TSV reading ---------------------------------------------------------- */

/* Iterate lines: returns false at the end. Comment ('#') and blank lines
 * are skipped; *lineno counts every line. */
typedef struct lines {
    const char *p, *end;
    size_t lineno;
} lines;

static bool next_line(lines *L, const char **s, size_t *n)
{
    while (L->p < L->end) {
        const char *nl = memchr(L->p, '\n', (size_t)(L->end - L->p));
        const char *le = nl ? nl : L->end;
        const char *b = L->p;
        L->p = nl ? nl + 1 : L->end;
        L->lineno++;
        if (le > b && le[-1] == '\r')
            le--;
        if (le == b || *b == '#')
            continue;
        *s = b;
        *n = (size_t)(le - b);
        return true;
    }
    return false;
}

/* Split s[0..n) on TAB into at most max fields; returns the field count. */
static size_t split_tabs(const char *s, size_t n, const char **f, size_t *fl, size_t max)
{
    size_t k = 0;
    const char *end = s + n;
    while (k < max) {
        const char *t = memchr(s, '\t', (size_t)(end - s));
        f[k] = s;
        fl[k] = t ? (size_t)(t - s) : (size_t)(end - s);
        k++;
        if (t == NULL)
            return k;
        s = t + 1;
    }
    return k + 1; /* more than max */
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static bool is_ldh(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* ---- brands --------------------------------------------------------------- */

typedef struct vec {
    void *p;
    size_t n, cap, size;
} vec;

static void *vec_push(vec *v)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *p = realloc(v->p, cap * v->size);
        if (p == NULL)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    void *e = (char *)v->p + v->n * v->size;
    memset(e, 0, v->size);
    v->n++;
    return e;
}

#define BRANDS_FIELDS "brand, group, aliases, domains, keywords"

static mm_status brand_err(mm_error *err, size_t lineno, const char *what, const char *v, size_t n)
{
    return mm_error_set(err, MM_EINVAL, "brands", "line %zu: %s '%.*s'", lineno, what,
                        (int)(n > 80 ? 80 : n), v);
}

/* Add the own-domain label (first label of domain d) as a typo target. */
static mm_status add_target(vec *targets, const char *s, size_t n, uint32_t brand, bool own)
{
    url_target *t = vec_push(targets);
    if (t == NULL || (t->label = dupn(s, n)) == NULL)
        return MM_ENOMEM;
    t->len = (uint32_t)n;
    t->brand = brand;
    t->own_label = own;
    return MM_OK;
}

static mm_status parse_domains(mm_url_model *m, vec *targets, const char *s, size_t n,
                               uint32_t bi, size_t lineno, mm_error *err)
{
    if (n == 1 && s[0] == '-')
        return MM_OK;
    for (const char *e = s + n; s < e;) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        size_t len = c ? (size_t)(c - s) : (size_t)(e - s);
        const char *d = s;
        s = c ? c + 1 : e;
        bool wild = len > 2 && d[len - 1] == '*' && d[len - 2] == '.';
        size_t body = wild ? len - 2 : len;
        bool ok = body > 0 && d[0] != '.' && d[0] != '-' && d[body - 1] != '.' &&
                  (wild || memchr(d, '.', body) != NULL);
        for (size_t i = 0; ok && i < body; i++)
            ok = is_ldh(d[i]) || (d[i] == '.' && d[i + 1] != '.');
        if (wild && memchr(d, '.', body) != NULL)
            ok = false;
        if (!ok)
            return brand_err(err, lineno, "bad domain (lower-case name or label.*)", d, len);
        mm_status st = wild ? url_strmap_put(&m->own_wild, d, body, bi)
                            : url_strmap_put(&m->own, d, body, bi);
        if (st != MM_OK)
            return mm_error_set(err, st, "brands", "out of memory");
        /* the label the owner registered: "amazon" of amazon.co.jp; entries that
         * are subdomains (bk.mufg.jp) add nothing new */
        size_t l1 = wild ? body : 0;
        if (!wild) {
            char name[256];
            size_t nl = body < sizeof name ? body : sizeof name - 1;
            memcpy(name, d, nl);
            name[nl] = '\0';
            mm_arena *a = mm_arena_new(1024);
            mm_domain dom;
            if (a && mm_norm_domain(name, a, &dom, NULL) == MM_OK && dom.registrable &&
                strcmp(dom.registrable, name) == 0)
                l1 = (size_t)(strchr(name, '.') - name);
            mm_arena_free(a);
        }
        if (l1 >= 5 && (st = add_target(targets, d, l1, bi, true)) != MM_OK)
            return mm_error_set(err, st, "brands", "out of memory");
    }
    return MM_OK;
}

static mm_status parse_keywords(vec *kws, vec *targets, const char *s, size_t n, uint32_t bi,
                                size_t lineno, mm_error *err)
{
    if (n == 1 && s[0] == '-')
        return MM_OK;
    for (const char *e = s + n; s < e;) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        size_t len = c ? (size_t)(c - s) : (size_t)(e - s);
        const char *k = s;
        s = c ? c + 1 : e;
        bool token = len > 0 && k[0] == '=';
        if (token)
            k++, len--;
        bool ascii = true, ok = len > 0;
        for (size_t i = 0; i < len; i++)
            if ((unsigned char)k[i] >= 0x80)
                ascii = false;
        if (ascii) {
            for (size_t i = 0; ok && i < len; i++)
                ok = is_ldh(k[i]);
        } else {
            ok = ok && !token;
            /* non-ASCII keywords: valid UTF-8, ASCII part lower-case */
            utf8proc_int32_t cp;
            for (size_t i = 0; ok && i < len;) {
                utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)k + i,
                                                      (utf8proc_ssize_t)(len - i), &cp);
                ok = r > 0 && !(cp >= 'A' && cp <= 'Z') && cp > ' ' && cp != ',';
                i += r > 0 ? (size_t)r : 1;
            }
        }
        if (!ok)
            return brand_err(err, lineno,
                             "bad keyword (lower-case [a-z0-9-], '=' prefix, or UTF-8 text)",
                             k - token, len + token);
        url_keyword *kw = vec_push(kws);
        if (kw == NULL || (kw->text = dupn(k, len)) == NULL)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
        kw->len = (uint32_t)len;
        kw->brand = bi;
        kw->token = token;
        kw->ascii = ascii;
        if (ascii && !token && len >= 5 && add_target(targets, k, len, bi, false) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    }
    return MM_OK;
}

static mm_status parse_aliases(url_brand *b, const char *s, size_t n)
{
    if (n == 1 && s[0] == '-')
        return MM_OK;
    size_t cnt = 1;
    for (size_t i = 0; i < n; i++)
        cnt += s[i] == ',';
    b->aliases = calloc(cnt, sizeof *b->aliases);
    if (b->aliases == NULL)
        return MM_ENOMEM;
    for (const char *e = s + n; s < e;) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        size_t len = c ? (size_t)(c - s) : (size_t)(e - s);
        if (len && (b->aliases[b->naliases++] = dupn(s, len)) == NULL)
            return MM_ENOMEM;
        s = c ? c + 1 : e;
    }
    return MM_OK;
}

static mm_status parse_brands(mm_url_model *m, const char *tsv, size_t len, mm_error *err)
{
    vec brands = {.size = sizeof(url_brand)}, kws = {.size = sizeof(url_keyword)},
        targets = {.size = sizeof(url_target)};
    lines L = {tsv, tsv + len, 0};
    const char *s;
    size_t n;
    mm_status st = MM_OK;
    while (st == MM_OK && next_line(&L, &s, &n)) {
        const char *f[6];
        size_t fl[6];
        size_t nf = split_tabs(s, n, f, fl, 5);
        if (nf != 5) {
            st = mm_error_set(err, MM_EINVAL, "brands",
                              "line %zu: expected 5 TAB-separated columns (" BRANDS_FIELDS
                              "), got %zu in '%.60s'",
                              L.lineno, nf > 5 ? (size_t)6 : nf, s);
            break;
        }
        for (int i = 0; i < 5 && st == MM_OK; i++)
            if (fl[i] == 0)
                st = mm_error_set(err, MM_EINVAL, "brands",
                                  "line %zu: column %d (%s) is empty; write '-' for none",
                                  L.lineno, i + 1,
                                  (const char *[]){"brand", "group", "aliases", "domains",
                                                   "keywords"}[i]);
        if (st != MM_OK)
            break;
        uint32_t bi = (uint32_t)brands.n;
        url_brand *b = vec_push(&brands);
        if (b == NULL || (b->name = dupn(f[0], fl[0])) == NULL ||
            (b->group = dupn(f[1], fl[1])) == NULL || parse_aliases(b, f[2], fl[2]) != MM_OK) {
            st = mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
            break;
        }
        if ((st = parse_domains(m, &targets, f[3], fl[3], bi, L.lineno, err)) != MM_OK)
            break;
        st = parse_keywords(&kws, &targets, f[4], fl[4], bi, L.lineno, err);
    }
    m->brands = brands.p;
    m->nbrands = brands.n;
    m->kw = kws.p;
    m->nkw = kws.n;
    m->targets = targets.p;
    m->ntargets = targets.n;
    if (st != MM_OK)
        return st;
    const char **pat = malloc((m->nkw ? m->nkw : 1) * sizeof *pat);
    size_t *pl = malloc((m->nkw ? m->nkw : 1) * sizeof *pl);
    if (pat == NULL || pl == NULL) {
        free(pat), free(pl);
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    }
    for (size_t i = 0; i < m->nkw; i++)
        pat[i] = m->kw[i].text, pl[i] = m->kw[i].len;
    st = url_ac_build(&m->kw_ac, pat, pl, m->nkw);
    free(pat);
    free(pl);
    if (st != MM_OK)
        return mm_error_set(err, st, "brands", "cannot index %zu keywords", m->nkw);
    return MM_OK;
}

/* Skeleton index: built after confusables are known. */
static mm_status index_skeletons(mm_url_model *m, mm_error *err)
{
    for (size_t i = 0; i < m->ntargets; i++) {
        uint32_t mask = 0;
        for (uint32_t k = 0; k < m->targets[i].len; k++) {
            char c = m->targets[i].label[k];
            mask |= c >= 'a' && c <= 'z' ? 1u << (c - 'a') : c >= '0' && c <= '9' ? 1u << 26
                                                                                  : 1u << 27;
        }
        m->targets[i].mask = mask;
    }
    /* the typo candidates grouped by first byte, each group in target order
     * (url_lookalike.c's try_typo keeps the first of equal candidates) */
    m->typo_ix = malloc((m->ntargets ? m->ntargets : 1) * sizeof *m->typo_ix);
    if (m->typo_ix == NULL)
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    memset(m->typo_at, 0, sizeof m->typo_at);
    for (size_t i = 0; i < m->ntargets; i++)
        if (!m->targets[i].own_label && m->targets[i].len >= 6)
            m->typo_at[(unsigned char)m->targets[i].label[0] + 1]++;
    for (int b = 0; b < 256; b++)
        m->typo_at[b + 1] += m->typo_at[b];
    uint32_t fill[256];
    memcpy(fill, m->typo_at, sizeof fill);
    for (size_t i = 0; i < m->ntargets; i++)
        if (!m->targets[i].own_label && m->targets[i].len >= 6)
            m->typo_ix[fill[(unsigned char)m->targets[i].label[0]]++] = (uint32_t)i;
    for (size_t i = 0; i < m->ntargets; i++) {
        char sk[256];
        size_t n = url_skeleton(m, m->targets[i].label, m->targets[i].len, sk, sizeof sk);
        if (n && url_strmap_put(&m->skel, sk, n, (uint32_t)i) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    }
    for (size_t i = 0; i < m->ntargets; i++)
        if (url_strmap_put(&m->words, m->targets[i].label, m->targets[i].len,
                           m->targets[i].brand) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    for (size_t i = 0; i < m->nkw; i++)
        if (m->kw[i].ascii &&
            url_strmap_put(&m->words, m->kw[i].text, m->kw[i].len, m->kw[i].brand) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    /* short own labels and keywords too (smbc, jcb): homoglyphs of them are as
     * telling as of long ones, while typos of them are not */
    for (size_t i = 0; i < m->nkw; i++) {
        const url_keyword *k = &m->kw[i];
        if (!k->ascii || k->len < 3)
            continue;
        char sk[256];
        size_t n = url_skeleton(m, k->text, k->len, sk, sizeof sk);
        if (n == 0 || url_strmap_get(&m->skel, sk, n) >= 0)
            continue;
        /* a pseudo-target: keyword index offset by ntargets */
        if (url_strmap_put(&m->skel, sk, n, (uint32_t)(m->ntargets + i)) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    }
    return MM_OK;
}

/* ---- suffixes, lures, confusables ------------------------------------------ */

static mm_status parse_suffixes(mm_url_model *m, const char *tsv, size_t len, mm_error *err)
{
    static const char *const classes[] = {NULL, "free_hosting", "dyndns", "shortener",
                                          "risky_tld"};
    lines L = {tsv, tsv + len, 0};
    const char *s;
    size_t n;
    while (next_line(&L, &s, &n)) {
        const char *f[3];
        size_t fl[3];
        if (split_tabs(s, n, f, fl, 2) != 2)
            return mm_error_set(err, MM_EINVAL, "url_suffixes",
                                "line %zu: expected suffix<TAB>class, got '%.60s'", L.lineno, s);
        bool ok = fl[0] > 0 && f[0][0] != '.' && f[0][fl[0] - 1] != '.';
        for (size_t i = 0; ok && i < fl[0]; i++)
            ok = is_ldh(f[0][i]) || f[0][i] == '.';
        if (!ok)
            return mm_error_set(err, MM_EINVAL, "url_suffixes",
                                "line %zu: bad suffix '%.*s' (lower-case host name)", L.lineno,
                                (int)(fl[0] > 80 ? 80 : fl[0]), f[0]);
        uint32_t c = 0;
        for (uint32_t i = 1; i < 5; i++)
            if (strlen(classes[i]) == fl[1] && memcmp(classes[i], f[1], fl[1]) == 0)
                c = i;
        if (c == 0)
            return mm_error_set(err, MM_EINVAL, "url_suffixes",
                                "line %zu: unknown class '%.*s' (free_hosting, dyndns, "
                                "shortener, risky_tld)",
                                L.lineno, (int)(fl[1] > 40 ? 40 : fl[1]), f[1]);
        if (url_strmap_put(&m->suffix, f[0], fl[0], c) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "url_suffixes", "out of memory");
    }
    return MM_OK;
}

static mm_status parse_lures(mm_url_model *m, const char *tsv, size_t len, mm_error *err)
{
    vec words = {.size = sizeof(char *)}, lens = {.size = sizeof(uint32_t)};
    lines L = {tsv, tsv + len, 0};
    const char *s;
    size_t n;
    mm_status st = MM_OK;
    while (next_line(&L, &s, &n)) {
        const char *f[3];
        size_t fl[3];
        if (split_tabs(s, n, f, fl, 2) != 2 || fl[0] == 0) {
            st = mm_error_set(err, MM_EINVAL, "url_lures",
                              "line %zu: expected word<TAB>meaning, got '%.60s'", L.lineno, s);
            break;
        }
        bool ok = true;
        for (size_t i = 0; i < fl[0]; i++)
            if ((unsigned char)f[0][i] < 0x80 && !is_ldh(f[0][i]))
                ok = false;
        if (!ok) {
            st = mm_error_set(err, MM_EINVAL, "url_lures",
                              "line %zu: bad word '%.*s' (lower-case letters, digits, '-' or "
                              "Japanese)",
                              L.lineno, (int)(fl[0] > 60 ? 60 : fl[0]), f[0]);
            break;
        }
        char **w = vec_push(&words);
        uint32_t *l = vec_push(&lens);
        if (w == NULL || l == NULL || (*w = dupn(f[0], fl[0])) == NULL) {
            st = mm_error_set(err, MM_ENOMEM, "url_lures", "out of memory");
            break;
        }
        *l = (uint32_t)fl[0];
    }
    m->lures = words.p;
    m->lure_len = lens.p;
    m->nlures = words.n;
    if (st != MM_OK)
        return st;
    size_t *pl = malloc((m->nlures ? m->nlures : 1) * sizeof *pl);
    if (pl == NULL)
        return mm_error_set(err, MM_ENOMEM, "url_lures", "out of memory");
    for (size_t i = 0; i < m->nlures; i++)
        pl[i] = m->lure_len[i];
    st = url_ac_build(&m->lure_ac, (const char *const *)m->lures, pl, m->nlures);
    free(pl);
    return st == MM_OK ? MM_OK : mm_error_set(err, st, "url_lures", "cannot index lure words");
}

static int conf_cmp(const void *a, const void *b)
{
    uint32_t x = ((const url_confusable *)a)->cp, y = ((const url_confusable *)b)->cp;
    return x < y ? -1 : x > y;
}

static mm_status parse_confusables(mm_url_model *m, const char *tsv, size_t len, mm_error *err)
{
    vec v = {.size = sizeof(url_confusable)};
    lines L = {tsv, tsv + len, 0};
    const char *s;
    size_t n;
    while (next_line(&L, &s, &n)) {
        const char *f[4];
        size_t fl[4];
        size_t nf = split_tabs(s, n, f, fl, 3);
        char hex[12];
        bool ok = nf >= 2 && nf <= 3 && fl[0] >= 4 && fl[0] <= 6 && fl[1] >= 1 && fl[1] < 12;
        unsigned long cp = 0;
        if (ok) {
            memcpy(hex, f[0], fl[0]);
            hex[fl[0]] = '\0';
            char *end;
            cp = strtoul(hex, &end, 16);
            ok = *end == '\0' && cp > 0 && cp <= 0x10ffff;
        }
        for (size_t i = 0; ok && i < fl[1]; i++)
            ok = is_ldh(f[1][i]);
        if (!ok) {
            free(v.p);
            return mm_error_set(err, MM_EINVAL, "confusables",
                                "line %zu: expected HEX<TAB>prototype[<TAB>name] with a "
                                "[a-z0-9-] prototype, got '%.60s'",
                                L.lineno, s);
        }
        url_confusable *c = vec_push(&v);
        if (c == NULL) {
            free(v.p);
            return mm_error_set(err, MM_ENOMEM, "confusables", "out of memory");
        }
        c->cp = (uint32_t)cp;
        memcpy(c->proto, f[1], fl[1]);
        c->proto[fl[1]] = '\0';
    }
    qsort(v.p, v.n, sizeof(url_confusable), conf_cmp);
    m->conf = v.p;
    m->nconf = v.n;
    for (size_t i = 0; i < m->nconf; i++)
        if (m->conf[i].cp < 128)
            m->ascii_map[m->conf[i].cp] = m->conf[i].proto;
    return MM_OK;
}

/* ---- skeletons ----------------------------------------------------------------- */

static const char *conf_find(const mm_url_model *m, uint32_t cp)
{
    size_t lo = 0, hi = m->nconf;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->conf[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->nconf && m->conf[lo].cp == cp ? m->conf[lo].proto : NULL;
}

static bool put(char *out, size_t cap, size_t *o, const char *s, size_t n)
{
    if (*o + n + 1 > cap)
        return false;
    memcpy(out + *o, s, n);
    *o += n;
    return true;
}

/* One code point → its prototype appended to out. */
static bool skel_cp(const mm_url_model *m, int32_t cp, char *out, size_t cap, size_t *o)
{
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    if (cp < 128) {
        const char *p = m->ascii_map[cp];
        char c = (char)cp;
        return p ? put(out, cap, o, p, strlen(p)) : put(out, cap, o, &c, 1);
    }
    const char *p = conf_find(m, (uint32_t)cp);
    if (p)
        return put(out, cap, o, p, strlen(p));
    /* not in the table: compatibility-decompose, drop marks (é → e, ｍ → m) */
    utf8proc_int32_t d[8];
    int last = 0;
    utf8proc_ssize_t nd = utf8proc_decompose_char(
        cp, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD,
        &last);
    if (nd > 0 && nd <= 8 && !(nd == 1 && d[0] == cp)) {
        for (utf8proc_ssize_t i = 0; i < nd; i++)
            if (!skel_cp(m, d[i], out, cap, o))
                return false;
        return true;
    }
    utf8proc_uint8_t u[4];
    utf8proc_ssize_t k = utf8proc_encode_char(cp, u);
    return put(out, cap, o, (const char *)u, (size_t)k);
}

size_t url_skeleton(const mm_url_model *m, const char *s, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t r =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
        if (r <= 0)
            return 0;
        i += (size_t)r;
        if (!skel_cp(m, cp, out, cap, &o))
            return 0;
    }
    if (o >= cap)
        return 0;
    out[o] = '\0';
    return o;
}

/* ---- host checks ---------------------------------------------------------------- */

int url_suffix_class_of(const mm_url_model *m, const char *host, size_t len, const char **which,
                        size_t *which_len)
{
    for (size_t i = 0; i < len;) {
        int64_t c = url_strmap_get(&m->suffix, host + i, len - i);
        if (c > 0 && c != URL_SFX_RISKY_TLD) {
            if (which)
                *which = host + i, *which_len = len - i;
            return (int)c;
        }
        const char *dot = memchr(host + i, '.', len - i);
        if (dot == NULL)
            break;
        i = (size_t)(dot - host) + 1;
    }
    return 0;
}

int url_own_brand(const mm_url_model *m, const url_parts *p)
{
    if (p->u.host_is_ip)
        return -1;
    for (size_t i = 0; i < p->host_len;) {
        int64_t b = url_strmap_get(&m->own, p->host + i, p->host_len - i);
        if (b >= 0)
            return (int)b;
        const char *dot = memchr(p->host + i, '.', p->host_len - i);
        if (dot == NULL)
            break;
        i = (size_t)(dot - p->host) + 1;
    }
    /* "label.*": the label under a country-code suffix of the PSL's ICANN
     * section that is not itself on the risky list (amazon.de yes;
     * amazon.top, amazon.cc no; amazon.verse.jp — a private-section suffix
     * where anyone can register the label — no). The label is looked up
     * first: almost no label is a brand's, and the PSL search costs ~1.9k
     * instructions against the map's few dozen. */
    if (p->label && p->suffix) {
        int64_t b = url_strmap_get(&m->own_wild, p->label, p->label_len);
        if (b >= 0 && mm_norm_suffix_is_icann(p->suffix)) {
            const char *tld = strrchr(p->suffix, '.');
            tld = tld ? tld + 1 : p->suffix;
            if (strlen(tld) == 2 &&
                url_strmap_get(&m->suffix, tld, 2) != URL_SFX_RISKY_TLD)
                return (int)b;
        }
    }
    return -1;
}

bool url_own_registrable(const mm_url_model *m, const url_parts *p)
{
    if (p->u.host_is_ip || p->reg == NULL)
        return false;
    if (url_strmap_get(&m->own, p->reg, p->reg_len) >= 0)
        return true;
    /* "label.*" entries: url_own_brand decided on the registrable label */
    return url_own_brand(m, p) >= 0 && url_strmap_get(&m->own_wild, p->label, p->label_len) >= 0;
}

/* ---- the model ---------------------------------------------------------------- */

void mm_url_model_free(mm_url_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nbrands; i++) {
        free(m->brands[i].name);
        free(m->brands[i].group);
        for (size_t j = 0; j < m->brands[i].naliases; j++)
            free(m->brands[i].aliases[j]);
        free(m->brands[i].aliases);
    }
    free(m->brands);
    for (size_t i = 0; i < m->nkw; i++)
        free(m->kw[i].text);
    free(m->kw);
    for (size_t i = 0; i < m->ntargets; i++)
        free(m->targets[i].label);
    free(m->targets);
    free(m->typo_ix);
    for (size_t i = 0; i < m->nlures; i++)
        free(m->lures[i]);
    free(m->lures);
    free(m->lure_len);
    url_strmap_free(&m->own);
    url_strmap_free(&m->own_wild);
    url_strmap_free(&m->skel);
    url_strmap_free(&m->words);
    url_strmap_free(&m->suffix);
    url_ac_free(&m->kw_ac);
    url_ac_free(&m->lure_ac);
    free(m->conf);
    url_classifier_free(m->clf);
    free(m);
}

mm_status mm_url_model_parse(const mm_url_model_src *src, mm_url_model **out, mm_error *err)
{
    *out = NULL;
    mm_url_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return mm_error_set(err, MM_ENOMEM, "url_model", "out of memory");
    mm_status st = MM_OK;
    if (src->confusables)
        st = parse_confusables(m, src->confusables, src->confusables_len, err);
    if (st == MM_OK && src->suffixes)
        st = parse_suffixes(m, src->suffixes, src->suffixes_len, err);
    if (st == MM_OK)
        st = parse_lures(m, src->lures ? src->lures : "", src->lures ? src->lures_len : 0, err);
    if (st == MM_OK)
        st = parse_brands(m, src->brands ? src->brands : "", src->brands ? src->brands_len : 0,
                          err);
    if (st == MM_OK)
        st = index_skeletons(m, err);
    if (st == MM_OK && src->model)
        st = url_classifier_parse(src->model, src->model_len, &m->clf, err);
    if (st != MM_OK) {
        mm_url_model_free(m);
        return st;
    }
    *out = m;
    return MM_OK;
}

size_t mm_url_model_brand_count(const mm_url_model *m)
{
    return m ? m->nbrands : 0;
}

bool mm_url_model_has_classifier(const mm_url_model *m)
{
    return m && m->clf;
}

bool mm_url_brand_matches(const mm_url_model *m, const char *brand, const char *label)
{
    if (m == NULL || brand == NULL || label == NULL)
        return false;
    while (*label == ' ' || strncmp(label, "\xe3\x80\x80", 3) == 0) /* ASCII / ideographic space */
        label += *label == ' ' ? 1 : 3;
    for (size_t i = 0; i < m->nbrands; i++) {
        if (strcmp(m->brands[i].name, brand) != 0)
            continue;
        if (strcmp(brand, label) == 0)
            return true;
        for (size_t j = 0; j < m->brands[i].naliases; j++)
            if (strcmp(m->brands[i].aliases[j], label) == 0)
                return true;
        return false;
    }
    return false;
}
