/*
 * message_model.c — building the message model from its data files and
 * scanning a normalised message with it.
 *
 * Every phrase of every 手口 family and every brand keyword goes into ONE
 * Vectorscan database, so a message is scanned once whatever the number of
 * phrases. Literal phrases are normalised with mm_norm_text at load time, so
 * reviewers write them as people do ("お荷物") and they still match the
 * normalised, katakana-folded message ("オ荷物"). ASCII words get word
 * boundaries so "ud" does not match inside "loud".
 *
 * The scan does not track where matches start: Vectorscan is several
 * times faster without, and its tracked database of these patterns is
 * 57 MB against 7. Each pattern's first end is all it reports; the start
 * is found afterwards, for the few patterns hit — a literal's from its
 * length, a regular expression's by reading it backwards from the end
 * (message_reverse.c) — and is the start a tracked scan gives
 * (test_message_scan.c checks it on every corpus message). The
 * de-symbolised variant of the text is scanned the same way.
 *
 * Vectorscan scratch space must not be shared between threads; cloning it
 * per call costs a malloc and an initialisation, so the model keeps a
 * small lock-free pool: a caller takes a scratch with an atomic exchange and
 * puts it back with a compare-and-swap (the pool is the one mutable part of
 * an otherwise immutable model).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#include <xxhash.h>

#include "screen/message_internal.h"

static const char *const synth_names[] = {MSG_SYNTHETIC_SIGNALS};
_Static_assert(sizeof synth_names / sizeof synth_names[0] == SIG__SYNTH,
               "one SIG_* index per name of MSG_SYNTHETIC_SIGNALS");

static void starts_free(mm_message_model *m);

/* ---- small helpers ------------------------------------------------------ */

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int msg_signal_index(const mm_message_model *m, const char *name)
{
    for (size_t i = 0; i < m->nsignals; i++)
        if (strcmp(m->signals[i], name) == 0)
            return (int)i;
    return -1;
}

static int signal_intern(mm_message_model *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->nsignals; i++)
        if (strlen(m->signals[i]) == len && memcmp(m->signals[i], name, len) == 0)
            return (int)i;
    if (m->nsignals >= MSG_MAX_SIGNALS)
        return -1;
    m->signals[m->nsignals] = dupn(name, len);
    return m->signals[m->nsignals] ? (int)m->nsignals++ : -1;
}

mm_message_model *mm_message_model_new(void)
{
    mm_message_model *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->sig_warn = -1;
    m->sig_reply = -1;
    m->sig_chat = -1;
    m->sig_secrecy = -1;
    m->sig_never = -1;
    for (size_t i = 0; i < SIG__SYNTH; i++) {
        int ix = signal_intern(m, synth_names[i], strlen(synth_names[i]));
        if (ix < 0) {
            mm_message_model_free(m);
            return NULL;
        }
        m->sig_ix[i] = (uint8_t)ix;
    }
    return m;
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void mm_message_model_free(mm_message_model *m)
{
    if (m == NULL)
        return;
    free_strv(m->families, m->nfamilies);
    for (size_t i = 0; i < m->nsignals; i++)
        free(m->signals[i]);
    for (size_t i = 0; i < m->nphrases; i++) {
        free(m->phrases[i].source);
        free(m->phrases[i].note);
    }
    free(m->phrases);
    free(m->kw_brand);
    free_strv(m->kw_source, m->nkw);
    for (size_t i = 0; i < m->nbrands; i++) {
        free(m->brands[i].name);
        free_strv(m->brands[i].domains, m->brands[i].ndomains);
    }
    free(m->brands);
    msg_brand_index_free(&m->brand_ix);
    for (size_t i = 0; i < m->nofficials; i++) {
        free(m->officials[i].e164);
        free(m->officials[i].name);
        free(m->officials[i].kind);
    }
    free(m->officials);
    msg_branches_free(m->branches); /* callburst hook */
    free_strv(m->tlds, m->ntlds);
    free_strv(m->shorteners, m->nshorteners);
    free_strv(m->bank_names, m->nbank_names);
    msg_classifier_free(m->cls);
    free(m->rules);
    for (size_t i = 0; i < MSG_SCRATCH_POOL; i++) {
        hs_scratch_t *s = atomic_load(&m->pool[i]);
        if (s)
            hs_free_scratch(s);
    }
    if (m->proto)
        hs_free_scratch(m->proto);
    if (m->db)
        hs_free_database(m->db);
    starts_free(m);
    free(m);
}

/* Split line [p, e) at tabs into at most max fields; returns the count. */
static int split_tabs(const char *p, const char *e, const char **f, size_t *fl, int max)
{
    int n = 0;
    while (n < max) {
        const char *t = memchr(p, '\t', (size_t)(e - p));
        const char *fe = t ? t : e;
        f[n] = p;
        fl[n] = (size_t)(fe - p);
        n++;
        if (t == NULL)
            break;
        p = t + 1;
    }
    return n;
}

/* Iterate the non-comment, non-empty lines of a TSV buffer. */
typedef struct line_iter {
    const char *p, *end;
    size_t lineno;
} line_iter;

static bool next_line(line_iter *it, const char **s, const char **e)
{
    while (it->p < it->end) {
        const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
        const char *le = nl ? nl : it->end;
        const char *ls = it->p;
        it->p = nl ? nl + 1 : it->end;
        it->lineno++;
        if (le > ls && le[-1] == '\r')
            le--;
        if (le == ls || *ls == '#')
            continue;
        *s = ls;
        *e = le;
        return true;
    }
    return false;
}

/* ---- phrase files ------------------------------------------------------- */

static mm_status add_phrase(mm_message_model *m, uint16_t fam, int sig, int w, const char *src,
                            size_t srclen, const char *note, size_t notelen)
{
    if (m->nphrases == m->cap_phrases) {
        size_t cap = m->cap_phrases ? m->cap_phrases * 2 : 256;
        msg_phrase *p = realloc(m->phrases, cap * sizeof *p);
        if (p == NULL)
            return MM_ENOMEM;
        m->phrases = p;
        m->cap_phrases = cap;
    }
    msg_phrase *p = &m->phrases[m->nphrases];
    p->family = fam;
    p->signal = (uint8_t)sig;
    p->weight = (int8_t)w;
    p->source = dupn(src, srclen);
    p->note = dupn(note, notelen);
    if (p->source == NULL || p->note == NULL) {
        free(p->source);
        free(p->note);
        return MM_ENOMEM;
    }
    m->nphrases++;
    return MM_OK;
}

mm_status mm_message_model_add_phrases(mm_message_model *m, const char *family, const char *tsv,
                                       size_t len, mm_error *err)
{
    if (m->compiled)
        return mm_error_set(err, MM_ECONFLICT, "phrases", "model already compiled");
    if (m->nfamilies >= 64)
        return mm_error_set(err, MM_ELIMIT, "phrases", "more than 64 phrase families");
    char **f = realloc(m->families, (m->nfamilies + 1) * sizeof *f);
    if (f == NULL)
        return mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
    m->families = f;
    if ((f[m->nfamilies] = strdup(family)) == NULL)
        return mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
    uint16_t fam = (uint16_t)m->nfamilies++;
    line_iter it = {tsv, tsv + len, 0};
    const char *s, *e;
    while (next_line(&it, &s, &e)) {
        const char *fld[4];
        size_t fl[4];
        int n = split_tabs(s, e, fld, fl, 4);
        if (n < 3 || fl[0] == 0 || fl[2] == 0)
            return mm_error_set(err, MM_EINVAL, "phrases",
                                "%s line %zu: expected pattern<TAB>weight<TAB>signal[<TAB>note]",
                                family, it.lineno);
        /* a control character in a pattern is a typing accident ("\b" turned
         * into a backspace by a tool): the pattern could never match */
        for (size_t k = 0; k < fl[0]; k++)
            if ((unsigned char)fld[0][k] < 0x20 || fld[0][k] == 0x7f)
                return mm_error_set(err, MM_EINVAL, "phrases",
                                    "%s line %zu: pattern '%.*s…' has control character 0x%02x "
                                    "at byte %zu",
                                    family, it.lineno, (int)(k < 60 ? k : 60), fld[0],
                                    (unsigned)(unsigned char)fld[0][k], k);
        char wbuf[8];
        if (fl[1] == 0 || fl[1] >= sizeof wbuf)
            return mm_error_set(err, MM_EINVAL, "phrases",
                                "%s line %zu: weight '%.*s' is not 0..100", family, it.lineno,
                                (int)fl[1], fld[1]);
        memcpy(wbuf, fld[1], fl[1]);
        wbuf[fl[1]] = 0;
        char *end;
        long w = strtol(wbuf, &end, 10);
        if (*end || w < 0 || w > 100)
            return mm_error_set(err, MM_EINVAL, "phrases", "%s line %zu: weight '%s' is not 0..100",
                                family, it.lineno, wbuf);
        for (size_t k = 0; k < fl[2]; k++) {
            char c = fld[2][k];
            if (!(islower((unsigned char)c) || isdigit((unsigned char)c) || c == '_'))
                return mm_error_set(err, MM_EINVAL, "phrases",
                                    "%s line %zu: signal '%.*s' must be [a-z0-9_]", family,
                                    it.lineno, (int)fl[2], fld[2]);
        }
        int sig = signal_intern(m, fld[2], fl[2]);
        if (sig < 0)
            return mm_error_set(err, MM_ELIMIT, "phrases", "%s line %zu: more than %d signals",
                                family, it.lineno, MSG_MAX_SIGNALS);
        if (add_phrase(m, fam, sig, (int)w, fld[0], fl[0], n > 3 ? fld[3] : "", n > 3 ? fl[3] : 0))
            return mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
    }
    return MM_OK;
}

/* ---- brands, officials, lists ---------------------------------------------- */

/* Split a comma list into strv (trimmed, "-" = empty). */
static mm_status split_list(const char *s, size_t n, char ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (n == 0 || (n == 1 && *s == '-'))
        return MM_OK;
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += s[i] == ',';
    char **v = calloc(cap, sizeof *v);
    if (v == NULL)
        return MM_ENOMEM;
    size_t k = 0;
    const char *p = s, *e = s + n;
    while (p <= e) {
        const char *c = memchr(p, ',', (size_t)(e - p));
        const char *ce = c ? c : e;
        const char *a = p, *b = ce;
        while (a < b && *a == ' ')
            a++;
        while (b > a && b[-1] == ' ')
            b--;
        if (b > a && (v[k] = dupn(a, (size_t)(b - a))) != NULL)
            k++;
        if (c == NULL)
            break;
        p = c + 1;
    }
    *out = v;
    *nout = k;
    return MM_OK;
}

static mm_status add_keyword(mm_message_model *m, uint16_t brand, const char *kw, size_t n)
{
    if (n == 0)
        return MM_OK;
    if (m->nkw == m->cap_kw) {
        size_t cap = m->cap_kw ? m->cap_kw * 2 : 256;
        uint16_t *b = realloc(m->kw_brand, cap * sizeof *b);
        if (b == NULL)
            return MM_ENOMEM;
        m->kw_brand = b;
        char **s = realloc(m->kw_source, cap * sizeof *s);
        if (s == NULL)
            return MM_ENOMEM;
        m->kw_source = s;
        m->cap_kw = cap;
    }
    m->kw_brand[m->nkw] = brand;
    if ((m->kw_source[m->nkw] = dupn(kw, n)) == NULL)
        return MM_ENOMEM;
    m->nkw++;
    return MM_OK;
}

mm_status mm_message_model_add_brands(mm_message_model *m, const char *tsv, size_t len,
                                      mm_error *err)
{
    line_iter it = {tsv, tsv + len, 0};
    const char *s, *e;
    while (next_line(&it, &s, &e)) {
        const char *fld[5];
        size_t fl[5];
        int n = split_tabs(s, e, fld, fl, 5);
        if (n < 5 || fl[0] == 0)
            return mm_error_set(err, MM_EINVAL, "brands",
                                "line %zu: expected brand<TAB>group<TAB>aliases<TAB>domains<TAB>"
                                "keywords",
                                it.lineno);
        msg_brand *b = realloc(m->brands, (m->nbrands + 1) * sizeof *b);
        if (b == NULL)
            return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
        m->brands = b;
        msg_brand *br = &b[m->nbrands];
        memset(br, 0, sizeof *br);
        br->name = dupn(fld[0], fl[0]);
        uint16_t bi = (uint16_t)m->nbrands++;
        char **al = NULL, **kw = NULL;
        size_t nal = 0, nkw = 0;
        mm_status st = br->name ? MM_OK : MM_ENOMEM;
        if (st == MM_OK)
            st = split_list(fld[3], fl[3], &br->domains, &br->ndomains);
        if (st == MM_OK)
            st = split_list(fld[2], fl[2], &al, &nal);
        if (st == MM_OK)
            st = split_list(fld[4], fl[4], &kw, &nkw);
        /* Text claims: the brand's name, its aliases, its keywords. */
        if (st == MM_OK)
            st = add_keyword(m, bi, fld[0], fl[0]);
        for (size_t i = 0; st == MM_OK && i < nal; i++)
            st = add_keyword(m, bi, al[i], strlen(al[i]));
        for (size_t i = 0; st == MM_OK && i < nkw; i++) {
            const char *k = kw[i][0] == '=' ? kw[i] + 1 : kw[i];
            /* hyphenated host words ("smbc-card") are URL keywords, not text */
            if (strchr(k, '-') == NULL)
                st = add_keyword(m, bi, k, strlen(k));
        }
        free_strv(al, nal);
        free_strv(kw, nkw);
        if (st != MM_OK)
            return mm_error_set(err, st, "brands", "out of memory");
    }
    if (!msg_brand_index_build(m))
        return mm_error_set(err, MM_ENOMEM, "brands", "out of memory");
    return MM_OK;
}

mm_status mm_message_model_add_officials(mm_message_model *m, const char *tsv, size_t len,
                                         mm_error *err)
{
    line_iter it = {tsv, tsv + len, 0};
    const char *s, *e;
    while (next_line(&it, &s, &e)) {
        const char *fld[3];
        size_t fl[3];
        int n = split_tabs(s, e, fld, fl, 3);
        if (n < 3 || fl[0] == 0 || fl[0] > 30)
            return mm_error_set(err, MM_EINVAL, "official_numbers",
                                "line %zu: expected number<TAB>owner<TAB>kind", it.lineno);
        char num[32];
        memcpy(num, fld[0], fl[0]);
        num[fl[0]] = 0;
        char canon[32];
        if (num[0] == '#' || strlen(num) <= 4) {
            snprintf(canon, sizeof canon, "%s", num);
        } else {
            mm_phone ph;
            mm_error e2;
            if (mm_norm_phone(num, &ph, &e2) != MM_OK)
                return mm_error_set(err, MM_EINVAL, "official_numbers",
                                    "line %zu: '%s' is not a phone number: %.200s", it.lineno, num,
                                    e2.message);
            snprintf(canon, sizeof canon, "%s", ph.e164);
        }
        msg_official *o = realloc(m->officials, (m->nofficials + 1) * sizeof *o);
        if (o == NULL)
            return mm_error_set(err, MM_ENOMEM, "official_numbers", "out of memory");
        m->officials = o;
        o[m->nofficials].e164 = strdup(canon);
        o[m->nofficials].name = dupn(fld[1], fl[1]);
        o[m->nofficials].kind = dupn(fld[2], fl[2]);
        m->nofficials++;
    }
    return MM_OK;
}

const msg_official *msg_official_number(const mm_message_model *m, const char *e164,
                                        const char *raw)
{
    for (size_t i = 0; m && i < m->nofficials; i++)
        if (strcmp(m->officials[i].e164, e164) == 0 ||
            (raw && strcmp(m->officials[i].e164, raw) == 0))
            return &m->officials[i];
    return NULL;
}

/* data/message_banks.tsv: "code<TAB>name,name,…" → "normalised name<TAB>code"
 * pairs, longest name first (so "三井住友信託" wins over "三井住友"). */
static int cmp_len_desc(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t lx = (size_t)(strchr(x, '\t') - x), ly = (size_t)(strchr(y, '\t') - y);
    return lx < ly ? 1 : lx > ly ? -1 : strcmp(x, y);
}

static mm_status add_banks(mm_message_model *m, const char *tsv, size_t len, mm_error *err)
{
    line_iter it = {tsv, tsv + len, 0};
    const char *s, *e;
    mm_arena *a = mm_arena_new(4096);
    if (a == NULL)
        return mm_error_set(err, MM_ENOMEM, "message_banks", "out of memory");
    mm_status st = MM_OK;
    while (st == MM_OK && next_line(&it, &s, &e)) {
        const char *fld[2];
        size_t fl[2];
        if (split_tabs(s, e, fld, fl, 2) != 2 || fl[0] != 4) {
            st = mm_error_set(err, MM_EINVAL, "message_banks",
                              "line %zu: expected 4-digit code<TAB>names", it.lineno);
            break;
        }
        char **names;
        size_t nn;
        if (split_list(fld[1], fl[1], &names, &nn) != MM_OK) {
            st = mm_error_set(err, MM_ENOMEM, "message_banks", "out of memory");
            break;
        }
        for (size_t i = 0; i < nn && st == MM_OK; i++) {
            mm_text t;
            mm_arena_reset(a);
            if (mm_norm_text(names[i], strlen(names[i]), a, &t, NULL) != MM_OK || t.len == 0)
                continue;
            char **v = realloc(m->bank_names, (m->nbank_names + 1) * sizeof *v);
            char *pair = malloc(t.len + 6);
            if (v == NULL || pair == NULL) {
                free(pair);
                if (v)
                    m->bank_names = v;
                st = mm_error_set(err, MM_ENOMEM, "message_banks", "out of memory");
                break;
            }
            m->bank_names = v;
            memcpy(pair, t.text, t.len);
            pair[t.len] = '\t';
            memcpy(pair + t.len + 1, fld[0], 4);
            pair[t.len + 5] = 0;
            v[m->nbank_names++] = pair;
        }
        free_strv(names, nn);
    }
    mm_arena_free(a);
    if (st == MM_OK && m->nbank_names)
        qsort(m->bank_names, m->nbank_names, sizeof *m->bank_names, cmp_len_desc);
    return st;
}

mm_status mm_message_model_add_list(mm_message_model *m, const char *list, const char *tsv,
                                    size_t len, mm_error *err)
{
    if (strcmp(list, "banks") == 0)
        return add_banks(m, tsv, len, err);
    bool tlds = strcmp(list, "tlds") == 0;
    if (!tlds && strcmp(list, "shorteners") != 0)
        return mm_error_set(err, MM_EINVAL, "list", "'%s' is not tlds, shorteners or banks", list);
    char ***v = tlds ? &m->tlds : &m->shorteners;
    size_t *n = tlds ? &m->ntlds : &m->nshorteners;
    line_iter it = {tsv, tsv + len, 0};
    const char *s, *e;
    while (next_line(&it, &s, &e)) {
        const char *fld[2];
        size_t fl[2];
        int k = split_tabs(s, e, fld, fl, 2);
        if (k == 2 && !(fl[1] == 9 && memcmp(fld[1], "shortener", 9) == 0))
            continue; /* url_suffixes.tsv: other classes */
        if (fl[0] == 0 || fl[0] > 63)
            return mm_error_set(err, MM_EINVAL, list, "line %zu: empty or too long", it.lineno);
        char **nv = realloc(*v, (*n + 1) * sizeof *nv);
        if (nv == NULL)
            return mm_error_set(err, MM_ENOMEM, list, "out of memory");
        *v = nv;
        char *x = dupn(fld[0], fl[0]);
        if (x == NULL)
            return mm_error_set(err, MM_ENOMEM, list, "out of memory");
        for (char *c = x; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        nv[(*n)++] = x;
    }
    if (*n)
        qsort(*v, *n, sizeof **v, cmpstr);
    return MM_OK;
}

mm_status mm_message_model_set_classifier(mm_message_model *m, const void *buf, size_t len,
                                          mm_error *err)
{
    msg_classifier *c = NULL;
    if (buf == NULL && len == 0) { /* remove: rules only */
        msg_classifier_free(m->cls);
        m->cls = NULL;
        return MM_OK;
    }
    mm_status st = msg_classifier_parse(buf, len, &c, err);
    if (st != MM_OK)
        return st;
    msg_classifier_free(m->cls);
    m->cls = c;
    return MM_OK;
}

size_t mm_message_model_phrase_count(const mm_message_model *m)
{
    return m ? m->nphrases : 0;
}

bool mm_message_model_has_classifier(const mm_message_model *m)
{
    return m && m->cls;
}

bool msg_known_tld(const mm_message_model *m, const char *tld, size_t len)
{
    if (m == NULL || len == 0 || len > 63)
        return false;
    char k[64];
    memcpy(k, tld, len);
    k[len] = 0;
    const char *key = k;
    return bsearch(&key, m->tlds, m->ntlds, sizeof *m->tlds, cmpstr) != NULL;
}

bool msg_is_shortener(const mm_message_model *m, const char *host)
{
    if (m == NULL || host == NULL)
        return false;
    if (strncmp(host, "www.", 4) == 0)
        host += 4;
    return bsearch(&host, m->shorteners, m->nshorteners, sizeof *m->shorteners, cmpstr) != NULL;
}

/* ---- compiling --------------------------------------------------------- */

/* Regular-expression text of a literal: normalised like a message, meta
 * characters escaped, word boundaries at ASCII letter/digit edges. */
static char *literal_expr(const char *src, mm_error *err, char **norm)
{
    mm_arena *a = mm_arena_new(4096);
    if (a == NULL)
        return NULL;
    mm_text t;
    char *out = NULL;
    if (mm_norm_text(src, strlen(src), a, &t, err) == MM_OK && t.len > 0) {
        mm_buf b = {0};
        bool ok = true;
        if (isalnum((unsigned char)t.text[0]))
            ok = mm_buf_puts(&b, "\\b") == MM_OK;
        for (size_t i = 0; ok && i < t.len; i++) {
            unsigned char c = (unsigned char)t.text[i];
            if (c < 0x80 && !isalnum(c) && c != ' ')
                ok = mm_buf_putc(&b, '\\') == MM_OK;
            if (ok)
                ok = mm_buf_putc(&b, (char)c) == MM_OK;
        }
        if (ok && isalnum((unsigned char)t.text[t.len - 1]))
            ok = mm_buf_puts(&b, "\\b") == MM_OK;
        if (ok && (*norm = malloc(t.len + 1)) != NULL) {
            memcpy(*norm, t.text, t.len);
            (*norm)[t.len] = 0;
            out = b.data;
        } else {
            mm_buf_free(&b);
        }
    } else if (err && err->code == 0) {
        mm_error_set(err, MM_EINVAL, "phrases", "'%s' normalises to nothing", src);
    }
    mm_arena_free(a);
    return out;
}

/* A regular expression in lower case outside its escapes ("ATM" → "atm",
 * "\\S" and "\\p{Han}" kept): the text it meets is case-folded
 * (mm_norm_text), so the database needs no HS_FLAG_CASELESS — which
 * costs Vectorscan 3-13 % of a scan (more on English text, where every
 * literal has letters to fold). NULL when out of memory. */
static char *lower_expr(const char *e)
{
    size_t n = strlen(e);
    /* a lower-case letter is never longer in UTF-8 than its capital
     * (U+0130 İ → i shrinks); the room for one more guards the rest */
    char *o = malloc(n + 5);
    if (o == NULL)
        return NULL;
    size_t i = 0, w = 0;
    while (i < n) {
        if (e[i] == '\\') {
            o[w++] = e[i++];
            if (i == n)
                break;
            char c = e[i];
            o[w++] = e[i++];
            /* \p{Name}, \P{Name}, \x{HEX}: the braces are part of the escape */
            if ((c == 'p' || c == 'P' || c == 'x') && i < n && e[i] == '{')
                while (i < n && (o[w++] = e[i++]) != '}')
                    ;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)e + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* not UTF-8: Vectorscan will say so */
            o[w++] = e[i++];
            continue;
        }
        utf8proc_int32_t lc = utf8proc_tolower(cp);
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(lc, enc);
        if (m <= 0 || m > k) { /* keep the bytes when the lower case is longer */
            memcpy(o + w, e + i, (size_t)k);
            w += (size_t)k;
        } else {
            memcpy(o + w, enc, (size_t)m);
            w += (size_t)m;
        }
        i += (size_t)k;
    }
    o[w] = 0;
    return o;
}

/* The expressions, flags and ids hs_compile_multi gets (heap arrays). */
typedef struct exprs {
    char **expr;
    char **lit; /* a literal's normalised bytes, NULL for a regular expression */
    unsigned *flags, *ids;
    size_t n;
} exprs;

static void exprs_free(exprs *x)
{
    for (size_t i = 0; x->expr && i < x->n; i++)
        free(x->expr[i]);
    for (size_t i = 0; x->lit && i < x->n; i++)
        free(x->lit[i]);
    free(x->lit);
    free(x->expr);
    free(x->flags);
    free(x->ids);
    memset(x, 0, sizeof *x);
}

static mm_status exprs_build(const mm_message_model *m, exprs *x, mm_error *err)
{
    size_t n = m->nphrases + m->nkw;
    x->n = n;
    x->expr = calloc(n ? n : 1, sizeof *x->expr);
    x->lit = calloc(n ? n : 1, sizeof *x->lit);
    x->flags = calloc(n ? n : 1, sizeof *x->flags);
    x->ids = calloc(n ? n : 1, sizeof *x->ids);
    if (x->expr == NULL || x->lit == NULL || x->flags == NULL || x->ids == NULL) {
        exprs_free(x);
        return mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const char *src = i < m->nphrases ? m->phrases[i].source : m->kw_source[i - m->nphrases];
        const char *fam = i < m->nphrases ? m->families[m->phrases[i].family] : "brands";
        mm_error e2;
        mm_error_clear(&e2);
        if (i < m->nphrases && strncmp(src, "re:", 3) == 0) /* brand keywords are literals */
            x->expr[i] = lower_expr(src + 3);
        else
            x->expr[i] = literal_expr(src, &e2, &x->lit[i]);
        if (x->expr[i] == NULL) {
            mm_status st = mm_error_set(err, MM_EINVAL, "phrases", "%s: pattern '%.100s': %.150s",
                                        fam, src, e2.code ? e2.message : "out of memory");
            exprs_free(x);
            return st;
        }
        /* no start tracking (see the top); no case folding (lower_expr) */
        x->flags[i] = HS_FLAG_UTF8;
        x->ids[i] = (unsigned)i;
    }
    return MM_OK;
}

/* 128-bit key of what would be compiled, of the Vectorscan build and of
 * the cache's layout (starts read backwards since "rev-1"). */
static void exprs_key(const exprs *x, char hex[33])
{
    XXH3_state_t *st = XXH3_createState();
    XXH3_128bits_reset(st);
    const char *v = hs_version();
    XXH3_128bits_update(st, v, strlen(v) + 1);
    XXH3_128bits_update(st, "rev-1", 6);
    for (size_t i = 0; i < x->n; i++) {
        XXH3_128bits_update(st, x->expr[i], strlen(x->expr[i]) + 1);
        XXH3_128bits_update(st, &x->flags[i], sizeof x->flags[i]);
    }
    XXH128_hash_t h = XXH3_128bits_digest(st);
    XXH3_freeState(st);
    snprintf(hex, 33, "%016llx%016llx", (unsigned long long)h.high64, (unsigned long long)h.low64);
}

mm_status mm_message_model_cache_key(const mm_message_model *m, char key[33], mm_error *err)
{
    exprs x;
    mm_status st = exprs_build(m, &x, err);
    if (st != MM_OK)
        return st;
    exprs_key(&x, key);
    exprs_free(&x);
    return MM_OK;
}

#define CACHE_MAGIC "MMHSDB04"

static void starts_free(mm_message_model *m)
{
    for (size_t i = 0; m->rev_mid && i < m->nphrases + m->nkw; i++) {
        if (m->rev_mid[i])
            hs_free_database(m->rev_mid[i]);
        if (m->rev_end[i])
            hs_free_database(m->rev_end[i]);
    }
    free(m->rev_mid);
    free(m->rev_end);
    free(m->lit_len);
    m->rev_mid = m->rev_end = NULL;
    m->lit_len = NULL;
}

/* Each literal's length (a literal starts that many bytes before its end),
 * and room for the regular expressions' reversed databases. False: out of
 * memory. */
static bool starts_init(mm_message_model *m, const exprs *x)
{
    m->rev_mid = calloc(x->n, sizeof *m->rev_mid);
    m->rev_end = calloc(x->n, sizeof *m->rev_end);
    m->lit_len = calloc(x->n, sizeof *m->lit_len);
    if (!m->rev_mid || !m->rev_end || !m->lit_len) {
        starts_free(m);
        return false;
    }
    for (size_t i = 0; i < x->n; i++) {
        size_t l = x->lit[i] ? strlen(x->lit[i]) : 0;
        /* one longer than lit_len holds is read backwards like a regular
         * expression */
        m->lit_len[i] = l <= UINT16_MAX ? (uint16_t)l : 0;
    }
    return true;
}

/* The source a compile error names: the phrase or brand keyword. */
static const char *source_of(const mm_message_model *m, int id)
{
    return id < 0                     ? "?"
           : (size_t)id < m->nphrases ? m->phrases[id].source
                                      : m->kw_source[(size_t)id - m->nphrases];
}

static mm_status compile_one(const mm_message_model *m, size_t id, const char *expr, unsigned flags,
                             hs_database_t **db, mm_error *err)
{
    hs_compile_error_t *ce = NULL;
    if (hs_compile(expr, flags, HS_MODE_BLOCK, NULL, db, &ce) == HS_SUCCESS)
        return MM_OK;
    mm_status st =
        mm_error_set(err, MM_EINVAL, "phrases", "pattern '%.100s' read backwards: %.150s",
                     source_of(m, (int)id), ce && ce->message ? ce->message : "?");
    hs_free_compile_error(ce);
    *db = NULL;
    return st;
}

/* Each regular expression (and any literal too long for lit_len) read
 * backwards, in its own small database without start tracking. */
static mm_status compile_reversed(mm_message_model *m, const exprs *x, mm_error *err)
{
    for (size_t i = 0; i < x->n; i++) {
        if (m->lit_len[i] > 0)
            continue;
        msg_reversed r;
        mm_status st = msg_regex_reverse(x->expr[i], &r, err);
        if (st == MM_OK && r.mid)
            st = compile_one(m, i, r.mid, x->flags[i], &m->rev_mid[i], err);
        if (st == MM_OK && r.at_end)
            st = compile_one(m, i, r.at_end, x->flags[i], &m->rev_end[i], err);
        msg_reversed_free(&r);
        if (st != MM_OK)
            return st;
    }
    return MM_OK;
}

/* One length-prefixed database of a cache at *p (advanced); false when
 * damaged. A zero length is no database. */
static bool cache_db(const char *c, size_t len, size_t *p, hs_database_t **db)
{
    uint64_t l;
    *db = NULL;
    if (len - *p < 8)
        return false;
    memcpy(&l, c + *p, 8);
    *p += 8;
    if (l > len - *p)
        return false;
    if (l > 0 && hs_deserialize_database(c + *p, l, db) != HS_SUCCESS)
        return false;
    *p += l;
    return true;
}

static bool put_db(mm_buf *out, const hs_database_t *db)
{
    char *b = NULL;
    size_t l = 0;
    if (db && hs_serialize_database(db, &b, &l) != HS_SUCCESS)
        return false;
    uint64_t L = l;
    bool ok = mm_buf_append(out, &L, 8) == MM_OK && (l == 0 || mm_buf_append(out, b, l) == MM_OK);
    free(b);
    return ok;
}

/* Every database from a cache written for key: magic, key, the database,
 * then for each pattern its two reversed databases (each as a 64-bit
 * length and its bytes; length 0 for none). */
static bool cache_read(mm_message_model *m, const exprs *x, const char key[33], const char *c,
                       size_t len)
{
    if (c == NULL || len < 40 || memcmp(c, CACHE_MAGIC, 8) != 0 || memcmp(c + 8, key, 32) != 0)
        return false;
    size_t p = 40;
    if (!cache_db(c, len, &p, &m->db) || m->db == NULL || !starts_init(m, x))
        goto bad;
    for (size_t i = 0; i < x->n; i++)
        if (!cache_db(c, len, &p, &m->rev_mid[i]) || !cache_db(c, len, &p, &m->rev_end[i]))
            goto bad;
    if (p == len)
        return true;
bad:
    if (m->db)
        hs_free_database(m->db);
    m->db = NULL;
    starts_free(m);
    return false;
}

static void cache_write(const mm_message_model *m, const exprs *x, const char key[33], mm_buf *out)
{
    mm_buf_reset(out);
    bool ok = mm_buf_append(out, CACHE_MAGIC, 8) == MM_OK && mm_buf_append(out, key, 32) == MM_OK &&
              put_db(out, m->db);
    for (size_t i = 0; ok && i < x->n; i++)
        ok = put_db(out, m->rev_mid[i]) && put_db(out, m->rev_end[i]);
    if (!ok)
        mm_buf_reset(out);
}

mm_status mm_message_model_compile_cached(mm_message_model *m, const void *cache, size_t cache_len,
                                          mm_buf *out, mm_error *err)
{
    if (m->compiled)
        return MM_OK;
    mm_status st = msg_rules_resolve(m, err);
    if (st != MM_OK)
        return st;
    if (m->nphrases + m->nkw == 0) {
        m->compiled = true;
        return MM_OK;
    }
    exprs x;
    if ((st = exprs_build(m, &x, err)) != MM_OK)
        return st;
    char key[33];
    exprs_key(&x, key);
    /* cached databases compiled from exactly these expressions */
    if (cache_read(m, &x, key, cache, cache_len))
        goto scratch;
    hs_compile_error_t *ce = NULL;
    if (hs_compile_multi((const char *const *)x.expr, x.flags, x.ids, (unsigned)x.n, HS_MODE_BLOCK,
                         NULL, &m->db, &ce) != HS_SUCCESS) {
        int bad = ce ? ce->expression : -1;
        st = mm_error_set(err, MM_EINVAL, "phrases", "pattern '%.100s': %.150s", source_of(m, bad),
                          ce && ce->message ? ce->message : "compile error");
        hs_free_compile_error(ce);
        m->db = NULL;
        goto out;
    }
    if (!starts_init(m, &x)) {
        st = mm_error_set(err, MM_ENOMEM, "phrases", "out of memory");
        goto out;
    }
    if ((st = compile_reversed(m, &x, err)) != MM_OK)
        goto out;
    if (out)
        cache_write(m, &x, key, out);
scratch:
    /* one scratch serves every database */
    if (hs_alloc_scratch(m->db, &m->proto) != HS_SUCCESS) {
        st = mm_error_set(err, MM_ENOMEM, "phrases", "cannot allocate Vectorscan scratch");
        goto out;
    }
    /* and the literal databases of message_extract.c and message_reported.c */
    const hs_database_t *aux[] = {msg_trigger_db(), msg_cue_db()};
    for (size_t i = 0; i < sizeof aux / sizeof aux[0]; i++)
        if (aux[i] && hs_alloc_scratch(aux[i], &m->proto) != HS_SUCCESS) {
            st = mm_error_set(err, MM_ENOMEM, "phrases", "cannot allocate Vectorscan scratch");
            goto out;
        }
    for (size_t i = 0; i < x.n; i++)
        if ((m->rev_mid[i] && hs_alloc_scratch(m->rev_mid[i], &m->proto) != HS_SUCCESS) ||
            (m->rev_end[i] && hs_alloc_scratch(m->rev_end[i], &m->proto) != HS_SUCCESS)) {
            st = mm_error_set(err, MM_ENOMEM, "phrases", "cannot allocate Vectorscan scratch");
            goto out;
        }
    m->compiled = true;
out:
    exprs_free(&x);
    return st;
}

mm_status mm_message_model_compile(mm_message_model *m, mm_error *err)
{
    return mm_message_model_compile_cached(m, NULL, 0, NULL, err);
}

mm_status msg_tracked_db_new(const mm_message_model *m, hs_database_t **db, mm_error *err)
{
    exprs x;
    mm_status st = exprs_build(m, &x, err);
    if (st != MM_OK)
        return st;
    for (size_t i = 0; i < x.n; i++)
        x.flags[i] |= HS_FLAG_SOM_LEFTMOST;
    hs_compile_error_t *ce = NULL;
    if (hs_compile_multi((const char *const *)x.expr, x.flags, x.ids, (unsigned)x.n, HS_MODE_BLOCK,
                         NULL, db, &ce) != HS_SUCCESS) {
        st = mm_error_set(err, MM_EINVAL, "phrases", "tracked database: %.150s",
                          ce && ce->message ? ce->message : "compile error");
        hs_free_compile_error(ce);
        *db = NULL;
    }
    exprs_free(&x);
    return st;
}

/* ---- scanning ------------------------------------------------------------ */

static hs_scratch_t *scratch_get(const mm_message_model *m)
{
    /* The pool is the model's one mutable part (see the file comment). */
    mm_message_model *mm = (mm_message_model *)m;
    for (size_t i = 0; i < MSG_SCRATCH_POOL; i++) {
        hs_scratch_t *s = atomic_exchange(&mm->pool[i], NULL);
        if (s)
            return s;
    }
    hs_scratch_t *s = NULL;
    return hs_clone_scratch(m->proto, &s) == HS_SUCCESS ? s : NULL;
}

static void scratch_put(const mm_message_model *m, hs_scratch_t *s)
{
    mm_message_model *mm = (mm_message_model *)m;
    for (size_t i = 0; i < MSG_SCRATCH_POOL; i++) {
        hs_scratch_t *expect = NULL;
        if (atomic_compare_exchange_strong(&mm->pool[i], &expect, s))
            return;
    }
    hs_free_scratch(s);
}

typedef struct scan_ctx {
    msg_hit *hits;
    size_t n;
    uint8_t *seen;
    const uint32_t *vmap; /* variant byte → normalised byte, or NULL */
    const mm_text *nt;
    const char *buf; /* scanned buffer */
    size_t buflen;
} scan_ctx;

/* Normalised byte index just after the character that ends at scanned
 * byte `to` (exclusive). */
static size_t norm_end(const scan_ctx *c, size_t to)
{
    if (c->vmap == NULL)
        return to;
    if (to == 0)
        return c->vmap[0];
    size_t k = c->vmap[to - 1] + 1;
    while (k < c->nt->len && ((unsigned char)c->nt->text[k] & 0xC0) == 0x80)
        k++;
    return k;
}

/* A match as a hit in original-text offsets. */
static msg_hit hit_of(const scan_ctx *c, unsigned int id, unsigned long long from,
                      unsigned long long to)
{
    size_t nf = c->vmap ? c->vmap[from] : (size_t)from;
    size_t ne = norm_end(c, (size_t)to);
    if (nf > c->nt->len)
        nf = c->nt->len;
    if (ne > c->nt->len)
        ne = c->nt->len;
    if (from == to && ne > 0) /* no start tracked */
        nf = ne - 1;
    return (msg_hit){id, c->nt->offmap[nf], c->nt->offmap[ne]};
}

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)flags;
    scan_ctx *c = ctx;
    if (c->seen[id >> 3] & (1u << (id & 7)))
        return 0;
    if (c->n >= MSG_MAX_HITS)
        return 1; /* enough evidence: stop scanning */
    c->seen[id >> 3] |= (uint8_t)(1u << (id & 7));
    c->hits[c->n++] = hit_of(c, id, from, to);
    return 0;
}

/* The scan: each pattern's first end, in scanned offsets (its start is
 * found afterwards, starts()); enough hits stop it. */
static int on_first(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)from, (void)flags;
    scan_ctx *c = ctx;
    if (c->seen[id >> 3] & (1u << (id & 7)))
        return 0;
    if (c->n >= MSG_MAX_HITS || to > UINT32_MAX)
        return 1; /* enough evidence: stop scanning */
    c->seen[id >> 3] |= (uint8_t)(1u << (id & 7));
    c->hits[c->n++] = (msg_hit){id, 0, (uint32_t)to};
    return 0;
}

/* A reversed expression's matches, anchored where the match ends: the
 * longest reaches the leftmost start (ends come in increasing order). */
static int on_back(unsigned int id, unsigned long long from, unsigned long long to,
                   unsigned int flags, void *ctx)
{
    (void)id, (void)from, (void)flags;
    *(unsigned long long *)ctx = to;
    return 0;
}

hs_database_t *msg_literal_db_new(const char *const *words, size_t n)
{
    size_t *len = malloc(n * sizeof *len);
    unsigned *flags = calloc(n, sizeof *flags), *ids = malloc(n * sizeof *ids);
    hs_database_t *db = NULL;
    if (len && flags && ids) {
        for (size_t k = 0; k < n; k++) {
            len[k] = strlen(words[k]);
            ids[k] = (unsigned)k;
        }
        hs_compile_error_t *ce = NULL;
        if (hs_compile_lit_multi(words, flags, ids, len, (unsigned)n, HS_MODE_BLOCK, NULL, &db,
                                 &ce) != HS_SUCCESS) {
            hs_free_compile_error(ce);
            db = NULL;
        }
    }
    free(len);
    free(flags);
    free(ids);
    return db;
}

bool msg_scan_literals(const mm_message_model *m, const hs_database_t *db, const char *text,
                       size_t len, match_event_handler cb, void *ctx)
{
    if (db == NULL)
        return false;
    /* the model's pool is sized for these databases too (compile); without
     * a compiled model, a scratch of db's own */
    bool pooled = m && m->proto;
    hs_scratch_t *s = NULL;
    if (pooled)
        s = scratch_get(m);
    else if (hs_alloc_scratch(db, &s) != HS_SUCCESS)
        s = NULL;
    if (s == NULL)
        return false;
    hs_scan(db, text, (unsigned)len, 0, s, cb, ctx);
    if (pooled)
        scratch_put(m, s);
    else
        hs_free_scratch(s);
    return true;
}

/* Hiragana, katakana (with ー) and CJK ideographs. */
static bool jp_letter(int32_t c)
{
    return (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FC) ||
           (c >= 0x4E00 && c <= 0x9FEF);
}

/* jp_letter() but ・, read from the three bytes of a character led by
 * E3..E9 without decoding it (UTF-8 keeps code point order): hiragana
 * U+3041..3096, katakana U+30A1..30FC, ideographs U+4E00..9FEF. */
static bool jp_letter_bytes(const unsigned char *p)
{
    uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    return (v >= 0xE38181 && v <= 0xE38296) || (v >= 0xE382A1 && v <= 0xE383BC && v != 0xE383BB) ||
           (v >= 0xE4B880 && v <= 0xE9BFAF);
}

/* Drop symbols, emoji and CJK punctuation (and spaces next to non-ASCII)
 * so "闇🌟バ🌟イ🌟ト", "即日★即金" and "運 転 す る だ け" match. Returns
 * false when nothing worth a second scan would change. build: write the
 * variant and its map (otherwise only decide: almost every Japanese text
 * drops a 、 or a 。, and only ~3 % are worth the variant). */
static bool desymbol_pass(const mm_text *t, bool build, mm_arena *a, char **out, size_t *outlen,
                          uint32_t **map)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)t->text;
    char *o = NULL;
    uint32_t *mp = NULL;
    size_t w = 0, kept = 0; /* kept: start of the run of kept bytes not yet copied */
    bool changed = false, symbols = false;
    /* a symbol hides a word only between two letters ("即日★即金"); one at
     * the head of a line or before a link ("■ご案内", "→ https") joins
     * nothing. after_letter: the last kept character was a letter or digit;
     * pending: a symbol was dropped right after one. */
    bool after_letter = false, pending = false;
    /* spaces between Japanese words ("ちょきん を うつして", "運 転 す る";
     * Easy Japanese is written so) or next to a single digit among them
     * ("で 1 日 7 万"); a space before an amount or a date ("日時 2024年")
     * hides nothing */
    int spaced = 0;
    size_t tok = 0, prev = 0; /* where the current word and the last character start */
    for (size_t i = 0; i < t->len;) {
        unsigned char b = s[i];
        /* ASCII other than a space and * # ~ ^ is always kept */
        if (b < 0x80 && b != ' ' && b != '*' && b != '#' && b != '~' && b != '^') {
            bool alnum = (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
            symbols |= pending && alnum;
            after_letter = alnum;
            pending = false;
            prev = i++;
            continue;
        }
        /* a run of kana and kanji (three bytes each, letters): one step */
        if (b >= 0xE3 && b <= 0xE9 && i + 2 < t->len) {
            size_t j = i;
            while (j + 2 < t->len && s[j] >= 0xE3 && s[j] <= 0xE9 && jp_letter_bytes(s + j))
                j += 3;
            if (j > i) {
                symbols |= pending;
                after_letter = true;
                pending = false;
                prev = j - 3;
                i = j;
                continue;
            }
        }
        int32_t c;
        size_t k = mm_utf8_get(s, i, &c); /* t is the normaliser's: valid UTF-8 */
        bool drop = false;
        if (c >= 0x80) {
            /* hiragana, katakana and CJK ideographs are letters (Lo) */
            utf8proc_category_t cat = jp_letter(c) ? UTF8PROC_CATEGORY_LO : utf8proc_category(c);
            drop = !(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) ||
                   c == 0x30FB; /* ・ */
            /* ordinary CJK punctuation (、。「」【】（）！？) separates
             * sentences, it does not hide words: dropping only these is
             * not worth a second scan */
            bool ordinary =
                (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) || c == 0x30FB;
            if (!drop) {
                symbols |= pending;
                after_letter = true;
                pending = false;
            } else if (ordinary || !(cat == UTF8PROC_CATEGORY_SO || cat == UTF8PROC_CATEGORY_SM) ||
                       c == 0xFFFD) {
                /* punctuation, quotes and currency signs (※, ’, ¥) mark
                 * text, they do not hide it; emoji, stars, arrows do */
                after_letter = pending = false;
            } else {
                pending |= after_letter;
            }
        } else if (c == ' ') {
            /* a space touching a non-ASCII character */
            bool prev_na = i > 0 && s[i - 1] >= 0x80;
            bool next_na = i + 1 < t->len && s[i + 1] >= 0x80;
            drop = prev_na || next_na;
            int32_t pc = 0, nc = 0;
            size_t nk = 0;
            if (prev_na)
                mm_utf8_get(s, prev, &pc);
            if (next_na)
                nk = mm_utf8_get(s, i + 1, &nc);
            else if (i + 1 < t->len)
                nk = 1, nc = s[i + 1];
            /* counted between Japanese letters, and between one and a
             * digit when either stands alone ("1 日 7 万円": normalisation
             * joins single letters, not digits and kanji) */
            bool prev_l = jp_letter(pc), next_l = jp_letter(nc);
            bool prev_d = i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9';
            bool next_d = nc >= '0' && nc <= '9';
            bool single =
                (i > 0 && prev == tok) || (nk && (i + 1 + nk >= t->len || s[i + 1 + nk] == ' '));
            spaced += (prev_l && next_l) || (single && ((prev_l && next_d) || (next_l && prev_d)));
            tok = i + 1;
        } else {
            /* '*', '#', '~' or '^' */
            drop = i > 0 && i + 1 < t->len && (s[i - 1] >= 0x80 || s[i + 1] >= 0x80);
        }
        if (c < 0x80 && !drop) /* a kept space or mark separates */
            after_letter = pending = false;
        if (drop && !build) {
            changed = true;
            w += k; /* w counts the dropped bytes here */
        } else if (drop) {
            if (!changed) {
                changed = true;
                o = mm_arena_alloc(a, t->len + 1);
                mp = mm_arena_alloc(a, (t->len + 1) * sizeof *mp);
                if (o == NULL || mp == NULL)
                    return false;
            }
            /* copy the kept run before this character, with its map */
            memcpy(o + w, s + kept, i - kept);
            for (size_t j = kept; j < i; j++)
                mp[w++] = (uint32_t)j;
            kept = i + k;
        }
        prev = i;
        i += k;
    }
    /* letters spaced apart hide words as symbols do; a few spaces between
     * phrases of an ordinary message are not worth a second scan */
    if (!changed)
        return false;
    if (!build)
        return w < t->len && (symbols || spaced >= 4);
    memcpy(o + w, s + kept, t->len - kept);
    for (size_t j = kept; j < t->len; j++)
        mp[w++] = (uint32_t)j;
    if (w == 0 || (!symbols && spaced < 4))
        return false;
    o[w] = 0;
    mp[w] = (uint32_t)t->len;
    *out = o;
    *outlen = w;
    *map = mp;
    return true;
}

static bool desymbol(const mm_text *t, mm_arena *a, char **out, size_t *outlen, uint32_t **map)
{
    return desymbol_pass(t, false, NULL, NULL, NULL, NULL) &&
           desymbol_pass(t, true, a, out, outlen, map);
}

/* buf (n bytes, valid UTF-8) reversed character by character after a
 * sentinel: out[0] = '\n' stands for the end of the text, and the
 * character at byte p (k bytes) lands at 1 + n - p - k. Written from the
 * end backwards; ASCII and three-byte characters (kana, kanji: most of a
 * Japanese text) each have their own straight path — one loop with a
 * length lookup and an inner copy cost 4 us for a 3 KB e-mail, this 1.6. */
static char *reversed_text(const char *buf, size_t n, mm_arena *a)
{
    char *r = mm_arena_alloc(a, n + 1);
    if (r == NULL)
        return NULL;
    r[0] = '\n';
    char *d = r + 1 + n;
    const unsigned char *s = (const unsigned char *)buf;
    for (size_t p = 0; p < n;) {
        unsigned char b = s[p];
        if (b < 0x80) {
            *--d = (char)b;
            p++;
        } else if ((b & 0xF0) == 0xE0 && p + 3 <= n) {
            d -= 3;
            memcpy(d, s + p, 3);
            p += 3;
        } else {
            size_t k = mm_utf8_len(b);
            if (p + k > n)
                k = n - p;
            d -= k;
            for (size_t j = 0; j < k; j++)
                d[j] = (char)s[p + j];
            p += k;
        }
    }
    return r;
}

/* Where the match of pattern id that ends at byte `to` of buf starts: a
 * literal its length before, a regular expression where its reversed form,
 * read from just after `to`, reaches furthest. `to` when no start is found
 * (it always is: the scan saw the match end there). rev: buf[0, rn)
 * reversed (reversed_text), made on first need; rn covers the character
 * after every end asked for, and is n when one is the end of the text. */
static uint32_t start_of(const mm_message_model *m, uint32_t id, const char *buf, size_t n,
                         size_t rn, uint32_t to, char **rev, hs_scratch_t *s, mm_arena *a)
{
    if (m->lit_len[id] > 0)
        return to >= m->lit_len[id] ? to - m->lit_len[id] : to;
    /* '$' holds at the end of the text and before a final newline */
    bool at_end = to == n || (to + 1 == n && buf[to] == '\n');
    const hs_database_t *db = at_end && m->rev_end[id] ? m->rev_end[id] : m->rev_mid[id];
    if (db == NULL || (*rev == NULL && (*rev = reversed_text(buf, rn, a)) == NULL))
        return to;
    /* the character after the end (the sentinel when none) comes first */
    size_t lead = to < n ? mm_utf8_len((unsigned char)buf[to]) : 1;
    size_t off = to < n ? 1 + rn - to - lead : 0;
    unsigned long long end = 0;
    hs_scan(db, *rev + off, (unsigned)(rn + 1 - off), 0, s, on_back, &end);
    return end > lead && end - lead <= to ? to - (uint32_t)(end - lead) : to;
}

/* The starts of hits [from, c->n) of buf (n bytes), then each as a hit in
 * original-text offsets. */
static void starts(const mm_message_model *m, scan_ctx *c, size_t from, const char *buf, size_t n,
                   hs_scratch_t *s, mm_arena *a)
{
    char *rev = NULL;
    /* only the text up to the character after the last regular
     * expression's end is read backwards, so only that much is reversed
     * (the whole of a 3 KB e-mail cost more than the reverse scans) */
    size_t rn = 0;
    /* the reversed databases are small and cold (the scan just swept the
     * cache): ask for their first lines together, so the misses overlap */
    for (size_t i = from; i < c->n; i++) {
        uint32_t id = c->hits[i].id, to = c->hits[i].to;
        const char *db = (const char *)m->rev_mid[id];
        if (m->lit_len[id] == 0 && db)
            for (int l = 0; l < 8; l++)
                __builtin_prefetch(db + 64 * l);
        if (m->lit_len[id] == 0) {
            size_t need = to < n ? to + mm_utf8_len((unsigned char)buf[to]) : n;
            rn = need > rn ? (need < n ? need : n) : rn;
        }
    }
    for (size_t i = from; i < c->n; i++) {
        msg_hit *h = &c->hits[i];
        uint32_t start = start_of(m, h->id, buf, n, rn, h->to, &rev, s, a);
        *h = hit_of(c, h->id, start, h->to);
    }
}

/* Hits in the order of their ends, ties by pattern id: Vectorscan reports
 * patterns that end at one byte in an order of its own, and what the
 * facts keep (message.c: a signal's first span, a family's first phrase of
 * its best weight, the first brand claimed) must not depend on it. Few
 * hits: insertion sort. */
static void sort_hits(msg_hit *h, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        msg_hit x = h[i];
        size_t j = i;
        while (j > 0 && (h[j - 1].to > x.to || (h[j - 1].to == x.to && h[j - 1].id > x.id))) {
            h[j] = h[j - 1];
            j--;
        }
        h[j] = x;
    }
}

/* Both scans of msg_scan and msg_scan_tracked: t, then its de-symbolised
 * variant for patterns t did not show. tracked: db tracks starts (this is
 * its scratch), and each pattern's first report stands. */
static mm_status scan_both(const mm_message_model *m, const hs_database_t *db,
                           hs_scratch_t *tracked, const mm_text *t, mm_arena *a, msg_hit **hits,
                           size_t *nhits, mm_error *err)
{
    *hits = NULL;
    *nhits = 0;
    if (m == NULL || db == NULL || t->len == 0)
        return MM_OK;
    size_t nids = m->nphrases + m->nkw;
    scan_ctx c = {.hits = mm_arena_alloc(a, MSG_MAX_HITS * sizeof(msg_hit)),
                  .seen = mm_arena_calloc(a, (nids + 8) / 8, 1),
                  .nt = t};
    if (c.hits == NULL || c.seen == NULL)
        return mm_error_set(err, MM_ENOMEM, "text", "out of memory");
    hs_scratch_t *s = tracked ? tracked : scratch_get(m);
    if (s == NULL)
        return mm_error_set(err, MM_ENOMEM, "text", "cannot allocate Vectorscan scratch");
    match_event_handler cb = tracked ? on_match : on_first;
    hs_error_t rc = hs_scan(db, t->text, (unsigned)t->len, 0, s, cb, &c);
    if (!tracked)
        starts(m, &c, 0, t->text, t->len, s, a);
    sort_hits(c.hits, c.n);
    size_t first = c.n;
    char *v;
    size_t vlen;
    uint32_t *vmap;
    if ((rc == HS_SUCCESS || rc == HS_SCAN_TERMINATED) && c.n < MSG_MAX_HITS &&
        desymbol(t, a, &v, &vlen, &vmap)) {
        c.vmap = vmap;
        rc = hs_scan(db, v, (unsigned)vlen, 0, s, cb, &c);
        if (!tracked)
            starts(m, &c, first, v, vlen, s, a);
        sort_hits(c.hits + first, c.n - first);
    }
    if (!tracked)
        scratch_put(m, s);
    if (rc != HS_SUCCESS && rc != HS_SCAN_TERMINATED)
        return mm_error_set(err, MM_EINVAL, "text", "Vectorscan scan failed (%d)", (int)rc);
    *hits = c.hits;
    *nhits = c.n;
    return MM_OK;
}

mm_status msg_scan(const mm_message_model *m, const mm_text *t, mm_arena *a, msg_hit **hits,
                   size_t *nhits, mm_error *err)
{
    return scan_both(m, m ? m->db : NULL, NULL, t, a, hits, nhits, err);
}

mm_status msg_scan_tracked(const mm_message_model *m, const hs_database_t *db, hs_scratch_t *s,
                           const mm_text *t, mm_arena *a, msg_hit **hits, size_t *nhits,
                           mm_error *err)
{
    if (s == NULL)
        return mm_error_set(err, MM_EINVAL, "scratch", "no scratch for the tracked database");
    return scan_both(m, db, s, t, a, hits, nhits, err);
}

void msg_fact_set(msg_facts *f, int signal, uint32_t from, uint32_t to)
{
    if (signal < 0 || signal >= MSG_MAX_SIGNALS)
        return;
    if (!msg_mask_has(&f->mask, signal)) {
        msg_mask_set(&f->mask, signal);
        f->sig_from[signal] = from;
        f->sig_to[signal] = to;
    }
}
