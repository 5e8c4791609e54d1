/*
 * message_brand_index.c — which brand owns a registrable domain, without
 * walking the brand table.
 *
 * Screening one e-mail asks "whose domain is this?" for the sender, every
 * link and every shown link text — about a hundred times — and the brand
 * table holds hundreds of domains. The index is two sorted arrays built once
 * when brands load (exact domains; "label.*" wildcards by their "label."
 * prefix), so a lookup is a few binary searches. It answers exactly what
 * the linear scan in msg_brand_of_domain answered: the lowest brand index
 * owning the domain.
 */
#include <stdlib.h>
#include <string.h>

#include "screen/message_internal.h"

static int cmp_entry(const void *a, const void *b)
{
    const msg_brand_key *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    if (c != 0)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return (x->brand > y->brand) - (x->brand < y->brand);
}

/* Keeps the first (lowest brand) of equal keys in a sorted array. */
static size_t dedupe(msg_brand_key *v, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (o == 0 || v[o - 1].len != v[i].len || memcmp(v[o - 1].key, v[i].key, v[i].len) != 0)
            v[o++] = v[i];
    return o;
}

void msg_brand_index_free(msg_brand_index *x)
{
    free(x->exact);
    free(x->prefix);
    memset(x, 0, sizeof *x);
}

bool msg_brand_index_build(mm_message_model *m)
{
    msg_brand_index x = {0};
    size_t total = 0;
    for (size_t i = 0; i < m->nbrands; i++)
        total += m->brands[i].ndomains;
    x.exact = malloc((total ? total : 1) * sizeof *x.exact);
    x.prefix = malloc((total ? total : 1) * sizeof *x.prefix);
    if (x.exact == NULL || x.prefix == NULL) {
        msg_brand_index_free(&x);
        msg_brand_index_free(&m->brand_ix);
        return false;
    }
    for (size_t i = 0; i < m->nbrands; i++)
        for (size_t j = 0; j < m->brands[i].ndomains; j++) {
            const char *d = m->brands[i].domains[j];
            size_t l = strlen(d);
            /* same test as msg_brand_owns */
            if (l > 2 && d[l - 1] == '*' && d[l - 2] == '.')
                x.prefix[x.nprefix++] = (msg_brand_key){d, l - 1, (int)i};
            else
                x.exact[x.nexact++] = (msg_brand_key){d, l, (int)i};
        }
    qsort(x.exact, x.nexact, sizeof *x.exact, cmp_entry);
    qsort(x.prefix, x.nprefix, sizeof *x.prefix, cmp_entry);
    x.nexact = dedupe(x.exact, x.nexact);
    x.nprefix = dedupe(x.prefix, x.nprefix);
    x.nbrands = m->nbrands;
    msg_brand_index_free(&m->brand_ix);
    m->brand_ix = x;
    return true;
}

/* The brand of key[0..len) in v, or -1. Ties were deduped to the lowest brand. */
static int find(const msg_brand_key *v, size_t n, const char *key, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t k = v[mid].len < len ? v[mid].len : len;
        int c = memcmp(v[mid].key, key, k);
        if (c == 0)
            c = v[mid].len < len ? -1 : v[mid].len > len ? 1 : 0;
        if (c == 0)
            return v[mid].brand;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

int msg_brand_index_lookup(const msg_brand_index *x, const char *registrable)
{
    size_t len = strlen(registrable);
    int best = find(x->exact, x->nexact, registrable, len);
    if (x->nprefix == 0)
        return best;
    /* "label.*" matches every registrable that starts with "label." */
    for (const char *p = registrable; (p = memchr(p, '.', len - (size_t)(p - registrable))) != NULL;
         p++) {
        int b = find(x->prefix, x->nprefix, registrable, (size_t)(p - registrable) + 1);
        if (b >= 0 && (best < 0 || b < best))
            best = b;
    }
    return best;
}
