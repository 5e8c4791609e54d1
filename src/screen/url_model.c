/*
 * url_model.c — the unknown-URL risk model: features of a URL, the binary
 * model file, and the URL_RISK_MODEL reason.
 *
 * Most phishing URLs reported in Japan name no brand (vqjnkkr.cn/,
 * xxxx.duckdns.org/?cxvso): throw-away names a generator made up. What
 * gives them away is their SHAPE — random-looking labels (entropy, no
 * vowels, long consonant runs, letter/digit mixes), cheap TLDs, a bare or
 * short random path or query, free hosting — more than any word. So the
 * features are hashed character n-grams of host, subdomain part,
 * registrable label and path separately (shape at every scale), host-label
 * and path tokens, and binned structure measures with a few crosses (TLD ×
 * label length, kind of TLD × label shape — phishers move to each new
 * cheap TLD, and one never seen in training still has a kind);
 * logistic regression over them (trained by url_train.c). Binning lets a
 * linear model learn non-monotone effects (very short AND very long labels).
 *
 * Model file (little-endian): "MMURLCLF" · u32 version (3) · u32 feature set
 * · u32 hash bits · f32 bias · f32 threshold · u32 encoding (1 = float16) ·
 * u32 reserved · 2^bits float16 weights · u64 XXH3 of all preceding bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "screen/url_internal.h"

#define MAGIC "MMURLCLF"
#define HEADER 36
#define VERSION 3 /* 3: subdomain n-grams, TLD kind; 2: n-grams of a string share a fixed norm */

/* ---- float16 ------------------------------------------------------------ */

uint16_t url_f32_to_f16(float f)
{
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000u;
    int32_t e = (int32_t)((x >> 23) & 0xff) - 127 + 15;
    uint32_t mant = x & 0x7fffffu;
    if (((x >> 23) & 0xff) == 0xff) /* inf / nan */
        return (uint16_t)(sign | 0x7c00u | (mant ? 0x200u : 0));
    if (e >= 31)
        return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10)
            return (uint16_t)sign;
        mant |= 0x800000u;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t h = mant >> shift;
        uint32_t rem = mant & ((1u << shift) - 1), half = 1u << (shift - 1);
        if (rem > half || (rem == half && (h & 1)))
            h++;
        return (uint16_t)(sign | h);
    }
    uint32_t h = sign | (uint32_t)e << 10 | mant >> 13;
    uint32_t rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1)))
        h++; /* may carry into the exponent: still correct */
    return (uint16_t)h;
}

float url_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h & 0x8000u) << 16;
    uint32_t e = (h >> 10) & 0x1f, mant = h & 0x3ffu;
    uint32_t x;
    if (e == 0) {
        if (mant == 0) {
            x = sign;
        } else {
            int s = -1;
            do {
                s++;
                mant <<= 1;
            } while ((mant & 0x400u) == 0);
            x = sign | (uint32_t)(127 - 15 - s) << 23 | (mant & 0x3ffu) << 13;
        }
    } else if (e == 31) {
        x = sign | 0x7f800000u | mant << 13;
    } else {
        x = sign | (e + 127 - 15) << 23 | mant << 13;
    }
    float f;
    memcpy(&f, &x, 4);
    return f;
}

/* ---- model file -------------------------------------------------------------- */

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float rdf(const unsigned char *p)
{
    uint32_t x = rd32(p);
    float f;
    memcpy(&f, &x, 4);
    return f;
}

void url_classifier_free(url_classifier *c)
{
    if (c == NULL)
        return;
    free(c->w);
    free(c);
}

mm_status url_classifier_parse(const void *buf, size_t len, url_classifier **out, mm_error *err)
{
    const unsigned char *p = buf;
    *out = NULL;
    if (len < HEADER + 8)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset %zu: file ends early (%zu bytes; the header alone is %d)", len,
                            len, HEADER + 8);
    if (memcmp(p, MAGIC, 8) != 0)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset 0: bad magic (not a mamoru URL model file)");
    uint32_t version = rd32(p + 8), features = rd32(p + 12), bits = rd32(p + 16);
    uint32_t enc = rd32(p + 28);
    if (version != VERSION)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset 8: version %u not supported (this build reads %d)", version,
                            VERSION);
    if (features != MM_URL_FEATURES_FULL && features != MM_URL_FEATURES_BASELINE)
        return mm_error_set(err, MM_EINVAL, "url_model", "offset 12: unknown feature set %u",
                            features);
    if (bits < 16 || bits > 22)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset 16: hash bits %u outside 16..22", bits);
    if (enc != 1)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset 28: weight encoding %u unknown (1 = float16)", enc);
    size_t nw = (size_t)1 << bits, need = HEADER + 2 * nw + 8;
    if (len != need)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset %zu: file is %zu bytes, expected %zu for 2^%u weights",
                            len < need ? len : need, len, need, bits);
    uint64_t sum = XXH3_64bits(p, need - 8), stored = 0;
    for (int i = 0; i < 8; i++)
        stored |= (uint64_t)p[need - 8 + i] << (8 * i);
    if (sum != stored)
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset %zu: checksum mismatch (file damaged or edited)", need - 8);
    float bias = rdf(p + 20), thr = rdf(p + 24);
    if (!isfinite(bias) || !(thr > 0 && thr < 1))
        return mm_error_set(err, MM_EINVAL, "url_model",
                            "offset 20: bias %g / threshold %g out of range", (double)bias,
                            (double)thr);
    url_classifier *c = calloc(1, sizeof *c);
    if (c == NULL || (c->w = malloc(nw * sizeof *c->w)) == NULL) {
        url_classifier_free(c);
        return mm_error_set(err, MM_ENOMEM, "url_model", "out of memory");
    }
    c->version = version;
    c->features = features;
    c->hash_bits = bits;
    c->bias = bias;
    c->threshold = thr;
    for (size_t i = 0; i < nw; i++) {
        const unsigned char *q = p + HEADER + 2 * i;
        c->w[i] = url_f16_to_f32((uint16_t)(q[0] | q[1] << 8));
    }
    *out = c;
    return MM_OK;
}

double url_classifier_prob(const url_classifier *c, const uint32_t *f, const float *v, size_t n)
{
    double z = c->bias;
    for (size_t i = 0; i < n; i++)
        z += c->w[f[i]] * v[i];
    return 1.0 / (1.0 + exp(-z));
}

/* ---- features ------------------------------------------------------------------ */

typedef struct fbuf {
    uint32_t *f;
    float *v;
    size_t n, cap;
    int bits;
    float scale; /* value of the features emitted now */
    bool norm;   /* n-grams of one string share a fixed norm (full set) */
    /* scoring instead of listing (w not NULL): each feature adds w[index] *
     * value to z as it is emitted — the sum url_classifier_prob makes of
     * the list, term by term in the same order, without the list */
    const float *w;
    double z;
} fbuf;

#define NGRAM_NORM 3.0

static inline uint64_t mix(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 29;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 32;
    return h;
}

static inline void emit(fbuf *b, uint64_t h)
{
    if (b->n < b->cap) {
        uint32_t idx = (uint32_t)(mix(h) >> (64 - b->bits));
        if (b->w) {
            b->z += b->w[idx] * b->scale;
            b->n++;
            return;
        }
        b->v[b->n] = b->scale;
        b->f[b->n++] = idx;
    }
}

#define FNV 0x100000001b3ull

/* Character n-grams (lo..hi) of "^" s "$" in namespace ns. */
static void ngrams(fbuf *b, uint64_t ns, const char *s, size_t n, int lo, int hi)
{
    char t[260];
    if (n > 256)
        n = 256;
    t[0] = '^';
    memcpy(t + 1, s, n);
    t[n + 1] = '$';
    size_t tn = n + 2;
    float keep = b->scale;
    if (b->norm) {
        /* a long string must not add up evidence in proportion to its
         * length (a 37-character hex label is not 10x more "random" than
         * a 6-letter one): the n-grams of one string share a fixed norm,
         * NGRAM_NORM (chosen on the validation year) */
        /* how many n-grams (lo..hi) the tn characters have: a start with
         * m characters left has min(m, hi) - lo + 1 of them, when that is
         * positive */
        size_t a = tn < (size_t)hi ? tn : (size_t)hi, l = (size_t)lo, cnt = 0;
        if (a >= l)
            cnt = (a - l + 1) * (a - l + 2) / 2;
        if (tn > (size_t)hi)
            cnt += (tn - (size_t)hi) * ((size_t)hi - l + 1);
        b->scale = cnt ? (float)(NGRAM_NORM / sqrt((double)cnt)) : 1.0f;
    }
    if (b->w) {
        /* scoring: emit()'s sum with the running values in locals */
        const float *w = b->w;
        float sc = b->scale;
        double z = b->z;
        size_t cnt = b->n, cap = b->cap;
        int sh = 64 - b->bits;
        for (size_t i = 0; i < tn; i++) {
            uint64_t h = ns * 0x9e3779b97f4a7c15ull;
            for (int j = 0; j < hi && i + (size_t)j < tn; j++) {
                h = (h ^ (uint8_t)t[i + (size_t)j]) * FNV;
                if (j + 1 >= lo && cnt < cap) {
                    z += w[(uint32_t)(mix(h + (uint64_t)j) >> sh)] * sc;
                    cnt++;
                }
            }
        }
        b->z = z;
        b->n = cnt;
        b->scale = keep;
        return;
    }
    for (size_t i = 0; i < tn; i++) {
        uint64_t h = ns * 0x9e3779b97f4a7c15ull;
        for (int j = 0; j < hi && i + (size_t)j < tn; j++) {
            h = (h ^ (uint8_t)t[i + (size_t)j]) * FNV;
            if (j + 1 >= lo)
                emit(b, h + (uint64_t)j);
        }
    }
    b->scale = keep;
}

/* A whole token (string) in namespace ns. */
static void token(fbuf *b, uint64_t ns, const char *s, size_t n)
{
    uint64_t h = ns * 0xc2b2ae3d27d4eb4full;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * FNV;
    emit(b, h ^ 0x5555);
}

/* A categorical feature: id and value (bin), optionally crossed with a second. */
static void cat(fbuf *b, uint32_t id, uint32_t v)
{
    emit(b, 0x7000000000000000ull | (uint64_t)id << 32 | v);
}

static uint32_t bin(double x, const double *edges, uint32_t n)
{
    uint32_t i = 0;
    while (i < n && x > edges[i])
        i++;
    return i;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

typedef struct shape {
    double entropy, vowel_ratio;
    uint32_t len, digits, hyphens, max_cons, max_digit_run, letters;
} shape;

static shape shape_of(const char *s, size_t n)
{
    shape r = {0};
    uint32_t cnt[256]; /* valid where seen has the byte's bit */
    uint64_t seen[4] = {0, 0, 0, 0};
    uint32_t cons = 0, drun = 0, vowels = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint64_t bit = UINT64_C(1) << (c & 63);
        if (!(seen[c >> 6] & bit)) {
            seen[c >> 6] |= bit;
            cnt[c] = 0;
        }
        cnt[c]++;
        if (c >= '0' && c <= '9') {
            r.digits++;
            drun++;
            cons = 0;
        } else {
            drun = 0;
            if (c >= 'a' && c <= 'z') {
                r.letters++;
                if (is_vowel((char)c)) {
                    vowels++;
                    cons = 0;
                } else {
                    cons++;
                }
            } else {
                cons = 0;
                r.hyphens += c == '-';
            }
        }
        if (cons > r.max_cons)
            r.max_cons = cons;
        if (drun > r.max_digit_run)
            r.max_digit_run = drun;
    }
    r.len = (uint32_t)n;
    /* the bytes seen, in increasing order (the order of the sum) */
    for (int k = 0; k < 4; k++)
        for (uint64_t m = seen[k]; m; m &= m - 1) {
            int c = k * 64 + __builtin_ctzll(m);
            double q = (double)cnt[c] / (double)n;
            r.entropy -= q * log2(q);
        }
    r.vowel_ratio = r.letters ? (double)vowels / r.letters : 0;
    return r;
}

/* Letters as 'c' (consonant) / 'v' (vowel), digits 'd', anything else kept. */
static size_t shape_string(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        char c = s[i];
        out[o++] = (c >= 'a' && c <= 'z') ? (is_vowel(c) ? 'v' : 'c')
                   : (c >= '0' && c <= '9') ? 'd'
                                            : c;
    }
    out[o] = '\0';
    return o;
}

/* Split on anything but [a-z0-9] and emit each token (2..30 chars). */
static void words(fbuf *b, uint64_t ns, const char *s, size_t n, uint32_t *count)
{
    size_t i = 0;
    *count = 0;
    while (i < n) {
        while (i < n && !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
            i++;
        size_t st = i;
        while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
            i++;
        if (i - st >= 2 && i - st <= 30) {
            token(b, ns, s + st, i - st);
            (*count)++;
        }
    }
}

/* What kind of top-level domain: 1 a two-letter country code, 2 an
 * internationalised one (xn--), 3 a generic TLD of the 2013+ round that
 * abuse reports name (risky_tld in data/url_suffixes.tsv: .top, .cfd, .sbs,
 * .bond …), 0 anything else (com, net, org, and the new gTLDs nobody
 * reports: .dev, .tokyo, .app). A risky TLD the training rows never had
 * (phishers move to each new cheap one) still gets its kind's weight. Why
 * not every new gTLD: the benign lists (2014 resolver counts) hold almost
 * none, so a "new gTLD" class would learn that ANY of them is phishing —
 * an artefact of the data's age, not how the fraud works. */
static uint32_t tld_kind(const mm_url_model *dict, const char *t, size_t n)
{
    static const char *const legacy[] = {"com", "net", "org", "info", "biz", "name", "pro",
                                         "mobi", "asia", "tel", "travel", "jobs", "cat", "coop",
                                         "aero", "museum", "int", "edu", "gov", "mil", "arpa"};
    if (n == 2)
        return 1;
    if (n > 4 && memcmp(t, "xn--", 4) == 0)
        return 2;
    for (size_t i = 0; i < sizeof legacy / sizeof *legacy; i++)
        if (strlen(legacy[i]) == n && memcmp(legacy[i], t, n) == 0)
            return 0;
    return dict && url_strmap_get(&dict->suffix, t, n) == URL_SFX_RISKY_TLD ? 3 : 0;
}

static void baseline(fbuf *b, const url_parts *p)
{
    const char *u = p->u.canonical;
    ngrams(b, 'U', u, strlen(u), 2, 5);
}

/* Copy s into out with every whole token ([a-z0-9] run) that is a lure word
 * (data/url_lures.tsv: login, member, account, verify, …) replaced by '*'s:
 * real sites have login and member pages, so such a word is evidence only
 * next to a brand (URL_BRAND_LURE), never on its own. */
static size_t mask_lures(const mm_url_model *m, const char *s, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    for (size_t i = 0; i < n;) {
        bool al = (out[i] >= 'a' && out[i] <= 'z') || (out[i] >= '0' && out[i] <= '9');
        if (!al) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < n && ((out[i] >= 'a' && out[i] <= 'z') || (out[i] >= '0' && out[i] <= '9')))
            i++;
        for (size_t k = 0; k < m->nlures; k++)
            if (m->lure_len[k] == i - st && memcmp(m->lures[k], out + st, i - st) == 0) {
                memset(out + st, '*', i - st);
                break;
            }
    }
    return n;
}

/* Emit the features of p into b (listing or scoring). */
static void features(const mm_url_model *dict, const url_parts *p, mm_url_features set, fbuf *bp)
{
    fbuf b = *bp;
    if (set == MM_URL_FEATURES_BASELINE) {
        baseline(&b, p);
        *bp = b;
        return;
    }
    static const double len_e[] = {5, 8, 11, 15, 20, 30, 50};
    static const double lab_e[] = {3, 5, 7, 9, 12, 16, 24};
    static const double ent_e[] = {1.5, 2.0, 2.5, 2.8, 3.1, 3.4, 3.7, 4.0};
    static const double vr_e[] = {0.01, 0.15, 0.25, 0.33, 0.42, 0.55};
    static const double small_e[] = {0, 1, 2, 3, 4, 6};
    static const double plen_e[] = {1, 2, 6, 12, 20, 40, 80};

    /* the host below the registrable domain on its own: what a kit puts in
     * front of a throw-away or borrowed domain (random "0fp.", "wwworicn.",
     * "service.") is a different vocabulary from the domain itself */
    if (p->sub_len)
        ngrams(&b, 'D', p->host, p->sub_len, 2, 5);
    /* host: n-grams at every scale, label tokens */
    ngrams(&b, 'H', p->host, p->host_len, 1, 5);
    uint32_t nlabels = 1;
    for (size_t i = 0; i < p->host_len; i++)
        nlabels += p->host[i] == '.';
    cat(&b, 1, nlabels > 7 ? 7 : nlabels);
    cat(&b, 2, bin((double)p->host_len, len_e, 7));
    cat(&b, 3, p->u.host_is_ip);
    cat(&b, 4, p->u.port ? 1 + (p->u.port == 80 || p->u.port == 443) : 0);
    cat(&b, 5, strcmp(p->u.scheme, "https") == 0);
    cat(&b, 6, p->idn);
    const char *tld = strrchr(p->host, '.');
    tld = tld ? tld + 1 : p->host;
    size_t tl = strlen(tld);
    if (!p->u.host_is_ip)
        token(&b, 'T', tld, tl);
    if (p->suffix)
        token(&b, 'S', p->suffix, strlen(p->suffix));
    uint32_t nt;
    if (!p->u.host_is_ip)
        words(&b, 'W', p->host, p->sub_len, &nt);

    /* registrable label: its own n-grams and shape */
    uint32_t lbin = 0, ebin = 0, vbin = 0;
    if (p->label) {
        ngrams(&b, 'L', p->label, p->label_len, 2, 5);
        /* the label's consonant/vowel/digit pattern ("cvccvcc"): what a random
         * generator produces, whatever letters it picked */
        char sh[64];
        size_t sn = shape_string(p->label, p->label_len, sh, sizeof sh);
        ngrams(&b, 'Z', sh, sn, 2, 5);
        if (p->sub_len && !(p->sub_len == 3 && memcmp(p->host, "www", 3) == 0)) {
            sn = shape_string(p->host, p->sub_len, sh, sizeof sh);
            ngrams(&b, 'Y', sh, sn, 2, 5);
        }
        shape s = shape_of(p->label, p->label_len);
        lbin = bin(s.len, lab_e, 7);
        ebin = bin(s.entropy, ent_e, 8);
        vbin = bin(s.vowel_ratio, vr_e, 6);
        cat(&b, 10, lbin);
        cat(&b, 11, ebin);
        cat(&b, 12, vbin);
        cat(&b, 13, bin(s.max_cons, small_e, 6));
        cat(&b, 14, bin(s.digits, small_e, 6));
        cat(&b, 15, bin(s.hyphens, small_e, 6));
        cat(&b, 16, bin(s.max_digit_run, small_e, 6));
        cat(&b, 17, (s.digits > 0) * 2 + (s.letters > 0));
        cat(&b, 18, lbin * 16 + vbin);
        cat(&b, 19, ebin * 16 + lbin);
        /* crosses with the TLD: "short random label under .cn" is one pattern */
        uint64_t th = 0;
        for (size_t i = 0; i < tl; i++)
            th = (th ^ (uint8_t)tld[i]) * FNV;
        cat(&b, 20, (uint32_t)(th & 0xffff) * 16 + lbin);
        cat(&b, 21, (uint32_t)(th & 0xffff) * 16 + vbin);
        size_t sub_labels = 0;
        for (size_t i = 0; i < p->sub_len; i++)
            sub_labels += p->host[i] == '.';
        bool www = p->sub_len == 3 && memcmp(p->host, "www", 3) == 0;
        uint32_t sub = p->sub_len == 0 ? 0 : www ? 1 : 2 + (uint32_t)(sub_labels > 0);
        cat(&b, 22, sub);
        cat(&b, 23, (uint32_t)(th & 0xffff) * 8 + sub);
        {
            /* the kind of TLD, crossed with the label's shape: a risky new
             * gTLD or a ccTLD the training rows never had still has a kind */
            uint32_t k = tld_kind(dict, tld, tl);
            cat(&b, 27, k);
            cat(&b, 28, k * 16 + lbin);
            cat(&b, 29, k * 16 + vbin);
            cat(&b, 32, k * 16 + sub);
            cat(&b, 33, k * 16 + ebin);
        }
        if (p->sub_len && !www) {
            shape ss = shape_of(p->host, p->sub_len);
            cat(&b, 24, bin(ss.len, lab_e, 7));
            cat(&b, 25, bin(ss.entropy, ent_e, 8));
            cat(&b, 26, bin(ss.vowel_ratio, vr_e, 6));
        }
    }

    /* suffix classes */
    if (dict && !p->u.host_is_ip) {
        int cls = url_suffix_class_of(dict, p->host, p->host_len, NULL, NULL);
        cat(&b, 30, (uint32_t)cls);
        cat(&b, 31, url_strmap_get(&dict->suffix, tld, tl) == URL_SFX_RISKY_TLD);
    }

    /* path and query: n-grams, tokens, shape */
    char pq_mask[2048];
    url_parts pm = *p;
    if (set == MM_URL_FEATURES_FULL && dict) {
        pm.pathq_len = mask_lures(dict, p->pathq, p->pathq_len, pq_mask, sizeof pq_mask);
        pm.pathq = pq_mask;
        p = &pm;
    }
    const char *q = memchr(p->pathq, '?', p->pathq_len);
    size_t pl = q ? (size_t)(q - p->pathq) : p->pathq_len;
    size_t ql = q ? p->pathq_len - pl - 1 : 0;
    ngrams(&b, 'P', p->pathq, p->pathq_len > 96 ? 96 : p->pathq_len, 1, 5);
    uint32_t npt;
    words(&b, 'p', p->pathq, pl, &npt);
    uint32_t depth = 0;
    for (size_t i = 0; i < pl; i++)
        depth += p->pathq[i] == '/';
    bool root = pl <= 1;
    cat(&b, 40, depth > 6 ? 6 : depth);
    cat(&b, 41, bin((double)pl, plen_e, 7));
    cat(&b, 42, root);
    const char *dot = NULL;
    for (size_t i = pl; i-- > 0 && p->pathq[i] != '/';)
        if (p->pathq[i] == '.') {
            dot = p->pathq + i;
            break;
        }
    if (dot)
        token(&b, 'E', dot, (size_t)(p->pathq + pl - dot) > 8 ? 8 : (size_t)(p->pathq + pl - dot));
    cat(&b, 43, q == NULL ? 0 : ql == 0 ? 1 : memchr(q, '=', ql) == NULL ? 2 : 3);
    cat(&b, 44, bin((double)ql, plen_e, 7));
    if (q && ql) {
        uint32_t nq;
        words(&b, 'q', q + 1, ql, &nq);
        shape qs = shape_of(q + 1, ql);
        cat(&b, 45, bin(qs.entropy, ent_e, 8));
        cat(&b, 46, bin(qs.vowel_ratio, vr_e, 6));
        cat(&b, 47, nq > 6 ? 6 : nq);
    }
    cat(&b, 48, lbin * 16 + root * 2 + (q != NULL));

    /* brand words: where a protected brand's name appears at all */
    if (dict && dict->kw_ac.nstates) {
        acmatch mt[8];
        if (p->sub_len && url_ac_scan(&dict->kw_ac, p->host, p->sub_len, mt, 8))
            cat(&b, 50, 1);
        if (p->label && url_ac_scan(&dict->kw_ac, p->label, p->label_len, mt, 8))
            cat(&b, 51, 1);
        if (url_ac_scan(&dict->kw_ac, p->pathq, p->pathq_len, mt, 8))
            cat(&b, 52, 1);
        if (url_ac_scan(&dict->lure_ac, p->pathq, p->pathq_len, mt, 8))
            cat(&b, 53, 1);
    }
    *bp = b;
}

size_t url_features(const mm_url_model *dict, const url_parts *p, mm_url_features set, int bits,
                    uint32_t *out, float *val, size_t cap)
{
    fbuf b = {out, val, 0, cap, bits, 1.0f, set == MM_URL_FEATURES_FULL, NULL, 0};
    features(dict, p, set, &b);
    return b.n;
}

/* url_classifier_prob of url_features, without listing the features. */
static double url_prob(const url_classifier *c, const mm_url_model *dict, const url_parts *p)
{
    fbuf b = {NULL, NULL, 0, URL_MAX_FEATURES, (int)c->hash_bits, 1.0f,
              c->features == MM_URL_FEATURES_FULL, c->w, c->bias};
    features(dict, p, (mm_url_features)c->features, &b);
    return 1.0 / (1.0 + exp(-b.z));
}

/* ---- screening ---------------------------------------------------------------- */

mm_status url_model_reasons(const mm_url_model *m, const url_parts *p, mm_arena *a,
                            mm_verdict *v)
{
    const url_classifier *c = m->clf;
    if (c == NULL)
        return MM_OK;
    double pr = url_prob(c, m, p);
    if (pr < c->threshold)
        return MM_OK;
    /* threshold → 40 (warn), certainty → 95: the model alone never blocks a
     * URL without a human-readable reason beside it */
    double t = c->threshold;
    int w = 40 + (int)(55.0 * (pr - t) / (1.0 - t) + 0.5);
    mm_reason r = {
        .code = "URL_RISK_MODEL",
        .category = "phishing",
        .detail = mm_arena_printf(a,
                                  "risk model: phishing probability %.3f (warns from %.3f); "
                                  "host and path look like throw-away phishing URLs",
                                  pr, t),
        .weight = w > 95 ? 95 : w,
    };
    if (r.detail == NULL)
        return MM_ENOMEM;
    return mm_verdict_add(v, a, &r);
}

mm_status mm_url_risk(const mm_url_model *m, const char *url, mm_arena *a, double *p,
                      mm_error *err)
{
    if (m == NULL || m->clf == NULL)
        return mm_error_set(err, MM_ENOTFOUND, "url_model", "no risk model loaded");
    url_parts parts;
    mm_status st = url_parts_parse(url, a, &parts, err);
    if (st != MM_OK)
        return st;
    *p = url_prob(m->clf, m, &parts);
    return MM_OK;
}
