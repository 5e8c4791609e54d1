/*
 * url_train.c — training the URL risk model: logistic regression over the
 * hashed features of url_model.c, fitted by AdaGrad SGD, saved as the
 * versioned float16 model file.
 *
 * Why this and nothing bigger: a linear model over hashed n-grams trains in
 * seconds on a laptop core, scores in about a microsecond with one table
 * read per feature, and its file is a flat array the screening core can
 * load without any library. AdaGrad gives rare n-grams (most of them)
 * larger steps than frequent ones, which is what sparse text features need.
 * Examples are kept as URL strings and re-featurised every epoch: 200k
 * URLs cost a few MB instead of the ~200 MB their feature lists would.
 * Pure: the caller reads the corpora and writes the file.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "screen/url_internal.h"

struct mm_url_trainer {
    mm_url_train_opts o;
    const mm_url_model *dict;
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off;
    uint8_t *label;
    float *weight; /* per-example weight (recency), 1 by default */
    size_t n, cap;
    size_t count[2];
    float *w, *g2;
    double bias, bias_g2;
    float threshold;
    mm_arena *arena;
};

mm_url_trainer *mm_url_trainer_new(const mm_url_train_opts *o, const mm_url_model *dict)
{
    mm_url_trainer *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->o = o ? *o : MM_URL_TRAIN_DEFAULTS;
    if (t->o.hash_bits < 16 || t->o.hash_bits > 22)
        t->o.hash_bits = 18;
    if (t->o.epochs < 1)
        t->o.epochs = 1;
    if (t->o.features != MM_URL_FEATURES_BASELINE)
        t->o.features = MM_URL_FEATURES_FULL;
    t->dict = dict;
    t->threshold = 0.5f;
    size_t nw = (size_t)1 << t->o.hash_bits;
    t->w = calloc(nw, sizeof *t->w);
    t->g2 = calloc(nw, sizeof *t->g2);
    t->arena = mm_arena_new(1 << 16);
    if (t->w == NULL || t->g2 == NULL || t->arena == NULL) {
        mm_url_trainer_free(t);
        return NULL;
    }
    return t;
}

void mm_url_trainer_free(mm_url_trainer *t)
{
    if (t == NULL)
        return;
    free(t->pool);
    free(t->off);
    free(t->label);
    free(t->weight);
    free(t->w);
    free(t->g2);
    mm_arena_free(t->arena);
    free(t);
}

mm_status mm_url_trainer_add(mm_url_trainer *t, const char *url, int label, mm_error *err)
{
    return mm_url_trainer_add_weighted(t, url, label, 1.0, err);
}

mm_status mm_url_trainer_add_weighted(mm_url_trainer *t, const char *url, int label,
                                      double weight, mm_error *err)
{
    if (!(weight > 0 && weight < 1e6))
        return mm_error_set(err, MM_EINVAL, "weight", "example weight %g not in (0, 1e6)",
                            weight);
    mm_arena_reset(t->arena);
    url_parts p;
    mm_status st = url_parts_parse(url, t->arena, &p, err);
    if (st != MM_OK)
        return st;
    size_t len = strlen(url);
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap * 2 : 1 << 20;
        while (cap < t->pool_len + len + 1)
            cap *= 2;
        char *np = realloc(t->pool, cap);
        if (np == NULL)
            return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
        t->pool = np;
        t->pool_cap = cap;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 4096;
        size_t *no = realloc(t->off, cap * sizeof *no);
        if (no)
            t->off = no;
        uint8_t *nl = realloc(t->label, cap);
        if (nl)
            t->label = nl;
        float *nw = realloc(t->weight, cap * sizeof *nw);
        if (nw)
            t->weight = nw;
        if (no == NULL || nl == NULL || nw == NULL)
            return mm_error_set(err, MM_ENOMEM, "url", "out of memory");
        t->cap = cap;
    }
    memcpy(t->pool + t->pool_len, url, len + 1);
    t->off[t->n] = t->pool_len;
    t->label[t->n] = label ? 1 : 0;
    t->weight[t->n] = (float)weight;
    t->pool_len += len + 1;
    t->n++;
    t->count[label ? 1 : 0]++;
    return MM_OK;
}

size_t mm_url_trainer_count(const mm_url_trainer *t, int label)
{
    return t ? t->count[label ? 1 : 0] : 0;
}

static size_t featurise(mm_url_trainer *t, const char *url, uint32_t *f, float *v)
{
    mm_arena_reset(t->arena);
    url_parts p;
    if (url_parts_parse(url, t->arena, &p, NULL) != MM_OK)
        return 0;
    return url_features(t->dict, &p, t->o.features, t->o.hash_bits, f, v, URL_MAX_FEATURES);
}

static double predict_f(const mm_url_trainer *t, const uint32_t *f, const float *v, size_t n)
{
    double z = t->bias;
    for (size_t i = 0; i < n; i++)
        z += t->w[f[i]] * v[i];
    if (z > 35)
        z = 35;
    if (z < -35)
        z = -35;
    return 1.0 / (1.0 + exp(-z));
}

mm_status mm_url_trainer_fit(mm_url_trainer *t, mm_error *err)
{
    if (t->count[0] == 0 || t->count[1] == 0)
        return mm_error_set(err, MM_EINVAL, "examples",
                            "need both phishing and benign examples (have %zu and %zu)",
                            t->count[1], t->count[0]);
    size_t *order = malloc(t->n * sizeof *order);
    float *ew = malloc(t->n * sizeof *ew);
    if (order == NULL || ew == NULL) {
        free(order);
        free(ew);
        return mm_error_set(err, MM_ENOMEM, "examples", "out of memory");
    }
    /* per-example weight: class balance, and campaign damping for phishing */
    for (size_t i = 0; i < t->n; i++)
        ew[i] = t->weight[i] * (t->label[i] ? 1.0f : (float)t->o.benign_weight);
    if (t->o.damping > 0) {
        uint64_t *h = calloc(t->n, sizeof *h);
        strmap cnt = {0};
        for (size_t i = 0; h && i < t->n; i++) {
            if (!t->label[i])
                continue;
            mm_arena_reset(t->arena);
            url_parts p;
            if (url_parts_parse(t->pool + t->off[i], t->arena, &p, NULL) != MM_OK)
                continue;
            const char *k = p.reg ? p.reg : p.host;
            size_t kl = p.reg ? p.reg_len : p.host_len;
            int64_t c = url_strmap_get(&cnt, k, kl);
            if (c < 0) {
                url_strmap_put(&cnt, k, kl, 1);
            } else { /* bump in place */
                uint64_t hh = XXH3_64bits(k, kl);
                hh = hh ? hh : 1;
                for (size_t j = hh & cnt.mask;; j = (j + 1) & cnt.mask)
                    if (cnt.slots[j].hash == hh && cnt.slots[j].len == kl &&
                        memcmp(cnt.pool + cnt.slots[j].off, k, kl) == 0) {
                        cnt.slots[j].value++;
                        break;
                    }
            }
            h[i] = 1;
        }
        for (size_t i = 0; h && i < t->n; i++) {
            if (!h[i])
                continue;
            mm_arena_reset(t->arena);
            url_parts p;
            url_parts_parse(t->pool + t->off[i], t->arena, &p, NULL);
            const char *k = p.reg ? p.reg : p.host;
            size_t kl = p.reg ? p.reg_len : p.host_len;
            int64_t c = url_strmap_get(&cnt, k, kl);
            if (c > 1)
                ew[i] = t->weight[i] * (float)pow((double)c, -t->o.damping);
        }
        /* keep the phishing side's total weight: rescale */
        double before = 0, after = 0;
        for (size_t i = 0; i < t->n; i++)
            if (t->label[i]) {
                before += t->weight[i];
                after += ew[i];
            }
        for (size_t i = 0; i < t->n && after > 0; i++)
            if (t->label[i])
                ew[i] = (float)(ew[i] * before / after);
        free(h);
        url_strmap_free(&cnt);
    }
    for (size_t i = 0; i < t->n; i++)
        order[i] = i;
    uint64_t rng = t->o.seed ? t->o.seed : 1;
    uint32_t f[URL_MAX_FEATURES];
    float fv[URL_MAX_FEATURES];
    const double eps = 1e-6;
    for (int ep = 0; ep < t->o.epochs; ep++) {
        for (size_t i = t->n; i > 1; i--) { /* Fisher-Yates, xorshift64 */
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            size_t j = (size_t)(rng % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t k = 0; k < t->n; k++) {
            size_t ix = order[k];
            size_t n = featurise(t, t->pool + t->off[ix], f, fv);
            if (n == 0)
                continue;
            int y = t->label[ix];
            double g = (predict_f(t, f, fv, n) - y) * ew[ix];
            for (size_t i = 0; i < n; i++) {
                uint32_t b = f[i];
                double gi = g * fv[i];
                t->g2[b] += (float)(gi * gi);
                t->w[b] -= (float)(t->o.rate * gi / sqrt(t->g2[b] + eps) + t->o.l2 * t->w[b]);
            }
            t->bias_g2 += g * g;
            t->bias -= t->o.rate * g / sqrt(t->bias_g2 + eps);
        }
    }
    free(order);
    free(ew);
    return MM_OK;
}

double mm_url_trainer_predict(mm_url_trainer *t, const char *url)
{
    uint32_t f[URL_MAX_FEATURES];
    float fv[URL_MAX_FEATURES];
    size_t n = featurise(t, url, f, fv);
    if (n == 0)
        return 0.0;
    return predict_f(t, f, fv, n);
}

void mm_url_trainer_set_benign_weight(mm_url_trainer *t, double w)
{
    if (w > 0)
        t->o.benign_weight = w;
}

void mm_url_trainer_set_threshold(mm_url_trainer *t, double threshold)
{
    t->threshold = (float)threshold;
}

static void put32(mm_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 24)};
    mm_buf_append(b, x, 4);
}

static void putf(mm_buf *b, float f)
{
    uint32_t v;
    memcpy(&v, &f, 4);
    put32(b, v);
}

mm_status mm_url_trainer_save(const mm_url_trainer *t, mm_buf *out, mm_error *err)
{
    if (!(t->threshold > 0 && t->threshold < 1))
        return mm_error_set(err, MM_EINVAL, "threshold", "threshold %g outside (0, 1)",
                            (double)t->threshold);
    size_t nw = (size_t)1 << t->o.hash_bits;
    mm_buf_reset(out);
    mm_buf_append(out, "MMURLCLF", 8);
    put32(out, 3); /* version: url_model.c */
    put32(out, (uint32_t)t->o.features);
    put32(out, (uint32_t)t->o.hash_bits);
    putf(out, (float)t->bias);
    putf(out, t->threshold);
    put32(out, 1);
    put32(out, 0);
    for (size_t i = 0; i < nw; i++) {
        uint16_t h = url_f32_to_f16(t->w[i]);
        unsigned char x[2] = {(unsigned char)h, (unsigned char)(h >> 8)};
        if (mm_buf_append(out, x, 2) != MM_OK)
            return mm_error_set(err, MM_ENOMEM, "url_model", "out of memory");
    }
    uint64_t sum = XXH3_64bits(out->data, out->len);
    unsigned char x[8];
    for (int i = 0; i < 8; i++)
        x[i] = (unsigned char)(sum >> (8 * i));
    if (mm_buf_append(out, x, 8) != MM_OK)
        return mm_error_set(err, MM_ENOMEM, "url_model", "out of memory");
    return MM_OK;
}
