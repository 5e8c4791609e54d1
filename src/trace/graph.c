/*
 * graph.c — the payment graph: account interning, the append-only builder
 * and the freeze step that lays transfers out as CSR arrays.
 *
 * Why append + freeze (and not per-account chunk lists): traces run far
 * more often than the graph changes, and a frozen CSR is the smallest and
 * fastest form to read — one bisection per arrival over a contiguous,
 * time-sorted slice, one 32-byte record per transfer and ~55 bytes a
 * transfer with every index and the interning. Growth comes
 * as batches (a store scan since the last one), so a new graph is frozen
 * from the old one plus the batch (mm_trace_builder_new(base)): the old
 * graph stays valid for the readers still using it and is freed when they
 * are done — the same swap-a-pointer scheme as the indicator snapshot.
 * Freezing is O(n) plus a stable radix sort by time: account ranges come
 * out sorted by (time, insertion) without a comparison sort.
 *
 * Interning: canonical string → dense uint32 id through an open-addressing
 * table of uint32 slots (xxHash3, linear probing, load ≤ 1/2) over one
 * string pool. Transfer ids that are plain decimals are kept as numbers;
 * others go to a second pool; the id index keeps load ≤ 3/4. Limits:
 * < 4 Gi accounts / transfers, pools < 4 GiB, times within 136 years of
 * each other (stored as seconds after the earliest).
 */
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "trace/trace_int.h"

/* ---- small helpers ------------------------------------------------------- */

int tr_grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * sz);
    if (q == NULL)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

/* A plain decimal id (1-18 digits, no leading zero) → its value, else -1. */
static int64_t decimal_id(const char *s, size_t n)
{
    if (n == 0 || n > 18 || (s[0] == '0' && n > 1))
        return -1;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static uint64_t id_hash_str(const char *s, size_t n)
{
    int64_t v = decimal_id(s, n);
    return v >= 0 ? mix64((uint64_t)v) : XXH3_64bits(s, n) ^ UINT64_C(0x9e3779b97f4a7c15);
}

/* Hash of a stored ext value. */
static uint64_t ext_hash(uint64_t ext, const char *pool)
{
    if (ext & TR_EXT_STR) {
        const char *s = pool + (ext & ~TR_EXT_STR);
        return XXH3_64bits(s, strlen(s)) ^ UINT64_C(0x9e3779b97f4a7c15);
    }
    return mix64(ext);
}

static bool ext_equals(uint64_t ext, const char *pool, const char *s, size_t n)
{
    int64_t v = decimal_id(s, n);
    if (ext & TR_EXT_STR) {
        if (v >= 0)
            return false;
        const char *p = pool + (ext & ~TR_EXT_STR);
        return strncmp(p, s, n) == 0 && p[n] == '\0';
    }
    return v >= 0 && (uint64_t)v == ext;
}

static bool ext_same(uint64_t a, uint64_t b, const char *pool)
{
    if ((a & TR_EXT_STR) != (b & TR_EXT_STR))
        return false;
    if (!(a & TR_EXT_STR))
        return a == b;
    return strcmp(pool + (a & ~TR_EXT_STR), pool + (b & ~TR_EXT_STR)) == 0;
}

/* Power-of-two table size for n entries at load ≤ 3/4 (linear probing). */
static uint32_t table_cap(size_t n)
{
    uint32_t c = 16;
    while ((uint64_t)c * 3 < (uint64_t)n * 4 + 4 && c < (1u << 31))
        c <<= 1;
    return c;
}

/* ---- account interning (builder) ------------------------------------------ */

static uint32_t acct_lookup(const char *names, const uint32_t *name_off, const uint32_t *slot,
                            uint32_t mask, const char *s, size_t n, uint32_t *pos)
{
    uint32_t i = (uint32_t)XXH3_64bits(s, n) & mask;
    for (;; i = (i + 1) & mask) {
        uint32_t v = slot[i];
        if (v == 0) {
            if (pos)
                *pos = i;
            return MM_TRACE_NONE;
        }
        const char *p = names + name_off[v - 1];
        if (memcmp(p, s, n) == 0 && p[n] == '\0')
            return v - 1;
    }
}

static int acct_rehash(mm_trace_builder *b, uint32_t cap)
{
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL)
        return -1;
    uint32_t mask = cap - 1;
    for (uint32_t a = 0; a < b->nacc; a++) {
        const char *s = b->names + b->name_off[a];
        uint32_t i = (uint32_t)XXH3_64bits(s, strlen(s)) & mask;
        while (slot[i])
            i = (i + 1) & mask;
        slot[i] = a + 1;
    }
    free(b->acct_slot);
    b->acct_slot = slot;
    b->acct_mask = mask;
    return 0;
}

static uint32_t intern(mm_trace_builder *b, const char *s, size_t n)
{
    uint32_t pos;
    uint32_t a = acct_lookup(b->names, b->name_off, b->acct_slot, b->acct_mask, s, n, &pos);
    if (a != MM_TRACE_NONE)
        return a;
    if (b->nacc >= UINT32_MAX - 2 || b->names_len + n + 1 > UINT32_MAX)
        return MM_TRACE_NONE;
    size_t cap = b->acc_cap;
    if (tr_grow((void **)&b->name_off, &cap, (size_t)b->nacc + 1, sizeof *b->name_off))
        return MM_TRACE_NONE;
    b->acc_cap = (uint32_t)(cap > UINT32_MAX ? UINT32_MAX : cap);
    if (tr_grow((void **)&b->names, &b->names_cap, b->names_len + n + 1, 1))
        return MM_TRACE_NONE;
    memcpy(b->names + b->names_len, s, n);
    b->names[b->names_len + n] = '\0';
    b->name_off[b->nacc] = (uint32_t)b->names_len;
    b->names_len += n + 1;
    a = b->nacc++;
    b->acct_slot[pos] = a + 1;
    if ((uint64_t)b->nacc * 2 > b->acct_mask) {
        if (acct_rehash(b, (b->acct_mask + 1) * 2)) {
            b->nacc--; /* table stays valid without the new entry */
            b->acct_slot[pos] = 0;
            return MM_TRACE_NONE;
        }
    }
    return a;
}

/* ---- builder ----------------------------------------------------------------- */

static void *dup_mem(const void *p, size_t n)
{
    void *q = malloc(n ? n : 1);
    if (q && n)
        memcpy(q, p, n);
    return q;
}

mm_trace_builder *mm_trace_builder_new(const mm_trace_graph *base)
{
    mm_trace_builder *b = calloc(1, sizeof *b);
    if (b == NULL)
        return NULL;
    b->base = base;
    if (base && base->nacc) {
        b->names = dup_mem(base->names, base->names_len);
        b->names_len = b->names_cap = base->names_len;
        b->name_off = dup_mem(base->name_off, (size_t)base->nacc * sizeof *b->name_off);
        b->nacc = b->acc_cap = base->nacc;
        b->acct_slot = dup_mem(base->acct_slot, ((size_t)base->acct_mask + 1) * sizeof(uint32_t));
        b->acct_mask = base->acct_mask;
        if (!b->names || !b->name_off || !b->acct_slot)
            goto fail;
    } else {
        b->acct_mask = 1023;
        if ((b->acct_slot = calloc(1024, sizeof *b->acct_slot)) == NULL)
            goto fail;
    }
    if (base && base->ids_len) {
        if ((b->ids = dup_mem(base->ids, base->ids_len)) == NULL)
            goto fail;
        b->ids_len = b->ids_cap = base->ids_len;
    }
    return b;
fail:
    mm_trace_builder_free(b);
    return NULL;
}

static void builder_clear(mm_trace_builder *b)
{
    free(b->names);
    free(b->name_off);
    free(b->acct_slot);
    free(b->ids);
    free(b->from);
    free(b->to);
    free(b->time);
    free(b->amount);
    free(b->ext);
    memset(b, 0, sizeof *b);
}

void mm_trace_builder_free(mm_trace_builder *b)
{
    if (b == NULL)
        return;
    builder_clear(b);
    free(b);
}

size_t mm_trace_builder_count(const mm_trace_builder *b)
{
    return b ? b->n : 0;
}

mm_status mm_trace_builder_add(mm_trace_builder *b, const char *id, size_t idlen, const char *from,
                               size_t fromlen, const char *to, size_t tolen, int64_t time,
                               int64_t amount, mm_error *err)
{
    if (b->acct_slot == NULL) { /* emptied by a freeze: start again */
        b->acct_mask = 1023;
        if ((b->acct_slot = calloc(1024, sizeof *b->acct_slot)) == NULL)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory");
    }
    if (id == NULL || idlen == 0 || idlen > TR_MAX_ID_LEN || memchr(id, '\0', idlen))
        return mm_error_set(err, MM_EINVAL, "id", "transfer id '%.*s' is empty or too long",
                            (int)(idlen > 60 ? 60 : idlen), id ? id : "");
    if (from == NULL || fromlen == 0 || fromlen > TR_MAX_ACCOUNT_LEN || memchr(from, '\0', fromlen))
        return mm_error_set(err, MM_EINVAL, "from", "account '%.*s' is empty or too long",
                            (int)(fromlen > 60 ? 60 : fromlen), from ? from : "");
    if (to == NULL || tolen == 0 || tolen > TR_MAX_ACCOUNT_LEN || memchr(to, '\0', tolen))
        return mm_error_set(err, MM_EINVAL, "to", "account '%.*s' is empty or too long",
                            (int)(tolen > 60 ? 60 : tolen), to ? to : "");
    if (amount < 0)
        return mm_error_set(err, MM_EINVAL, "amount", "amount %lld is negative",
                            (long long)amount);
    if (b->base && b->base->ntr + b->n >= UINT32_MAX - 2)
        return mm_error_set(err, MM_ELIMIT, "id", "too many transfers");
    if (b->n >= UINT32_MAX - 2)
        return mm_error_set(err, MM_ELIMIT, "id", "too many transfers");
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 1024;
        uint32_t *f = realloc(b->from, nc * sizeof *f);
        if (f)
            b->from = f;
        uint32_t *t = realloc(b->to, nc * sizeof *t);
        if (t)
            b->to = t;
        int64_t *tm = realloc(b->time, nc * sizeof *tm);
        if (tm)
            b->time = tm;
        int64_t *am = realloc(b->amount, nc * sizeof *am);
        if (am)
            b->amount = am;
        uint64_t *ex = realloc(b->ext, nc * sizeof *ex);
        if (ex)
            b->ext = ex;
        if (!f || !t || !tm || !am || !ex)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory");
        b->cap = nc;
    }
    uint32_t fa = intern(b, from, fromlen);
    uint32_t ta = fa == MM_TRACE_NONE ? MM_TRACE_NONE : intern(b, to, tolen);
    if (ta == MM_TRACE_NONE)
        return mm_error_set(err, MM_ENOMEM, "", "out of memory (accounts)");
    int64_t v = decimal_id(id, idlen);
    uint64_t ext;
    if (v >= 0) {
        ext = (uint64_t)v;
    } else {
        if (b->ids_len + idlen + 1 > UINT32_MAX ||
            tr_grow((void **)&b->ids, &b->ids_cap, b->ids_len + idlen + 1, 1))
            return mm_error_set(err, MM_ENOMEM, "", "out of memory (ids)");
        memcpy(b->ids + b->ids_len, id, idlen);
        b->ids[b->ids_len + idlen] = '\0';
        ext = TR_EXT_STR | b->ids_len;
        b->ids_len += idlen + 1;
    }
    size_t i = b->n++;
    b->from[i] = fa;
    b->to[i] = ta;
    b->time[i] = time;
    b->amount[i] = amount;
    b->ext[i] = ext;
    return MM_OK;
}

/* ---- freeze --------------------------------------------------------------------- */

/* Event s of the combined sequence: base transfers first, then the new ones. */
typedef struct ev_src {
    const mm_trace_graph *base;
    uint32_t nb;
    const uint32_t *base_from; /* sender of each base transfer */
    const mm_trace_builder *b;
} ev_src;

static inline int64_t ev_time(const ev_src *e, uint32_t s)
{
    return s < e->nb ? e->base->tmin + (int64_t)e->base->tx[s].t : e->b->time[s - e->nb];
}
static inline uint32_t ev_from(const ev_src *e, uint32_t s)
{
    return s < e->nb ? e->base_from[s] : e->b->from[s - e->nb];
}
static inline uint32_t ev_to(const ev_src *e, uint32_t s)
{
    return s < e->nb ? e->base->tx[s].to : e->b->to[s - e->nb];
}
static inline int64_t ev_amount(const ev_src *e, uint32_t s)
{
    return s < e->nb ? e->base->tx[s].amount : e->b->amount[s - e->nb];
}
static inline uint64_t ev_ext(const ev_src *e, uint32_t s)
{
    return s < e->nb ? e->base->ext[s] : e->b->ext[s - e->nb];
}

/* Stable LSD radix sort of idx[0..n) by key[0..n) (16-bit digits). */
static int radix_sort(uint32_t *idx, uint64_t *key, size_t n, uint64_t maxkey)
{
    if (n < 2 || maxkey == 0)
        return 0;
    uint32_t *idx2 = malloc(n * sizeof *idx2);
    uint64_t *key2 = malloc(n * sizeof *key2);
    uint32_t *cnt = malloc(65536 * sizeof *cnt);
    if (!idx2 || !key2 || !cnt) {
        free(idx2);
        free(key2);
        free(cnt);
        return -1;
    }
    for (unsigned shift = 0; shift < 64 && (maxkey >> shift) != 0; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++)
            cnt[(key[i] >> shift) & 0xffff]++;
        uint32_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            uint32_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t p = cnt[(key[i] >> shift) & 0xffff]++;
            idx2[p] = idx[i];
            key2[p] = key[i];
        }
        memcpy(idx, idx2, n * sizeof *idx);
        memcpy(key, key2, n * sizeof *key);
    }
    free(idx2);
    free(key2);
    free(cnt);
    return 0;
}

void mm_trace_graph_free(mm_trace_graph *g)
{
    if (g == NULL)
        return;
    free(g->names);
    free(g->name_off);
    free(g->acct_slot);
    free(g->kind);
    free(g->out_off);
    free(g->tx);
    free(g->ext);
    free(g->in_off);
    free(g->in_tr);
    free(g->id_slot);
    free(g->ids);
    free(g);
}

mm_status mm_trace_builder_freeze(mm_trace_builder *b, mm_trace_graph **out, mm_error *err)
{
    *out = NULL;
    if (b->acct_slot == NULL) { /* frozen before and nothing added since */
        b->acct_mask = 1023;
        if ((b->acct_slot = calloc(1024, sizeof *b->acct_slot)) == NULL)
            return mm_error_set(err, MM_ENOMEM, "", "out of memory");
    }
    ev_src E = {.base = b->base, .nb = b->base ? b->base->ntr : 0, .b = b};
    size_t N = (size_t)E.nb + b->n;
    const char *idpool = b->ids; /* base's ids were copied into the builder's pool */
    mm_trace_graph *g = calloc(1, sizeof *g);
    uint32_t *slot = NULL, *order = NULL, *final = NULL, *next = NULL, *base_from = NULL;
    uint64_t *key = NULL;
    if (g == NULL)
        goto oom;
    if (E.nb) {
        if ((base_from = malloc((size_t)E.nb * sizeof *base_from)) == NULL)
            goto oom;
        for (uint32_t a = 0; a < b->base->nacc; a++)
            for (uint32_t t = b->base->out_off[a]; t < b->base->out_off[a + 1]; t++)
                base_from[t] = a;
        E.base_from = base_from;
    }
    g->nacc = b->nacc;

    /* 1. id index over the combined sequence; drop repeated ids */
    uint32_t cap = table_cap(N);
    uint32_t mask = cap - 1;
    if ((slot = calloc(cap, sizeof *slot)) == NULL || (order = malloc((N + 1) * sizeof *order)) == NULL)
        goto oom;
    size_t kept = 0;
    int64_t tmin = INT64_MAX, tmax = INT64_MIN;
    for (uint32_t s = 0; s < N; s++) {
        uint64_t x = ev_ext(&E, s);
        uint32_t i = (uint32_t)ext_hash(x, idpool) & mask;
        bool dup = false;
        for (; slot[i]; i = (i + 1) & mask)
            if (ext_same(ev_ext(&E, slot[i] - 1), x, idpool)) {
                dup = true;
                break;
            }
        if (dup) {
            g->dups++;
            continue;
        }
        slot[i] = s + 1;
        order[kept++] = s;
        int64_t t = ev_time(&E, s);
        if (t < tmin)
            tmin = t;
        if (t > tmax)
            tmax = t;
    }
    if (b->base)
        g->dups += b->base->dups;
    g->ntr = (uint32_t)kept;
    g->tmin = kept ? tmin : 0;
    g->tmax = kept ? tmax : 0;

    /* 2. stable sort of the kept events by time */
    if ((key = malloc((kept + 1) * sizeof *key)) == NULL)
        goto oom;
    for (size_t i = 0; i < kept; i++)
        key[i] = (uint64_t)(ev_time(&E, order[i]) - tmin);
    if (radix_sort(order, key, kept, kept ? (uint64_t)(tmax - tmin) : 0))
        goto oom;
    free(key);
    key = NULL;

    if (kept && (uint64_t)(tmax - tmin) > UINT32_MAX) {
        free(slot);
        free(order);
        free(key);
        free(base_from);
        mm_trace_graph_free(g);
        return mm_error_set(err, MM_ELIMIT, "time", "transfers span more than 136 years (%lld to %lld)",
                            (long long)tmin, (long long)tmax);
    }
    /* 3. out CSR: counting placement by sender, in time order */
    size_t na = g->nacc;
    g->out_off = calloc(na + 1, sizeof *g->out_off);
    g->in_off = calloc(na + 1, sizeof *g->in_off);
    next = malloc((na + 1) * sizeof *next);
    final = malloc((N + 1) * sizeof *final);
    g->tx = malloc((kept + 1) * sizeof *g->tx);
    g->ext = malloc((kept + 1) * sizeof *g->ext);
    g->in_tr = malloc((kept + 1) * sizeof *g->in_tr);
    if (!g->out_off || !g->in_off || !next || !final || !g->tx || !g->ext || !g->in_tr)
        goto oom;
    for (size_t i = 0; i < kept; i++) {
        g->out_off[ev_from(&E, order[i]) + 1]++;
        g->in_off[ev_to(&E, order[i]) + 1]++;
    }
    for (size_t a = 0; a < na; a++) {
        g->out_off[a + 1] += g->out_off[a];
        g->in_off[a + 1] += g->in_off[a];
    }
    memcpy(next, g->out_off, na * sizeof *next);
    for (size_t i = 0; i < kept; i++) {
        uint32_t s = order[i];
        uint32_t p = next[ev_from(&E, s)]++;
        final[s] = p;
        g->tx[p] = (tr_tx){.t = (uint32_t)(ev_time(&E, s) - tmin), .to = ev_to(&E, s),
                           .amount = ev_amount(&E, s)};
        g->ext[p] = ev_ext(&E, s);
    }
    /* 4. in CSR in time order; equal times by transfer index */
    memcpy(next, g->in_off, na * sizeof *next);
    for (size_t i = 0; i < kept; i++) {
        uint32_t s = order[i];
        g->in_tr[next[ev_to(&E, s)]++] = final[s];
    }
    for (size_t i = 1; i < kept; i++) { /* insertion sort of equal-time runs */
        uint32_t x = g->in_tr[i];
        size_t j = i;
        while (j > 0 && g->tx[g->in_tr[j - 1]].to == g->tx[x].to &&
               g->tx[g->in_tr[j - 1]].t == g->tx[x].t && g->in_tr[j - 1] > x) {
            g->in_tr[j] = g->in_tr[j - 1];
            j--;
        }
        g->in_tr[j] = x;
    }
    /* 5. FIFO positions: each inflow's place at its payee, each outflow's
     * cumulative consumption (outflows of a second before its inflows) */
    for (size_t a = 0; a < na; a++) {
        uint32_t ip = g->in_off[a], ie = g->in_off[a + 1], op = g->out_off[a],
                 oe = g->out_off[a + 1];
        int64_t pos = 0;
        for (uint32_t k = ip; k < ie; k++) {
            g->tx[g->in_tr[k]].pos = pos;
            pos += g->tx[g->in_tr[k]].amount;
        }
        int64_t total = 0, cum = 0;
        while (op < oe) {
            if (ip < ie && g->tx[g->in_tr[ip]].t < g->tx[op].t) {
                total += g->tx[g->in_tr[ip++]].amount;
                continue;
            }
            int64_t x = g->tx[op].amount < total ? g->tx[op].amount : total;
            total -= x;
            cum += x;
            g->tx[op++].ca = cum;
        }
    }
    /* 6. the id index now points at final transfer indices */
    for (uint32_t i = 0; i < cap; i++)
        if (slot[i])
            slot[i] = final[slot[i] - 1] + 1;
    g->id_slot = slot;
    g->id_mask = mask;
    slot = NULL;
    free(order);
    free(final);
    free(next);
    free(base_from);

    /* accounts and pools move from the builder */
    g->names = b->names;
    g->names_len = b->names_len;
    g->name_off = b->name_off;
    g->acct_slot = b->acct_slot;
    g->acct_mask = b->acct_mask;
    g->ids = b->ids;
    g->ids_len = b->ids_len;
    b->names = NULL;
    b->name_off = NULL;
    b->acct_slot = NULL;
    b->ids = NULL;
    builder_clear(b);
    if (g->names == NULL) { /* empty graph: keep the lookups valid */
        g->names = calloc(1, 1);
        g->name_off = calloc(1, sizeof *g->name_off);
    }
    if (g->names == NULL || g->name_off == NULL)
        goto oom;
    if ((g->kind = malloc(na + 1)) == NULL)
        goto oom;
    for (size_t a = 0; a < na; a++) {
        const char *nm = g->names + g->name_off[a];
        g->kind[a] = (uint8_t)mm_trace_account_kind(nm, strlen(nm));
    }
    *out = g;
    return MM_OK;
oom:
    free(base_from);
    free(slot);
    free(order);
    free(final);
    free(next);
    free(key);
    if (g && g->names == b->names)
        g->names = NULL;
    mm_trace_graph_free(g);
    return mm_error_set(err, MM_ENOMEM, "", "out of memory building the trace graph");
}

/* ---- reading ---------------------------------------------------------------------- */

size_t mm_trace_graph_accounts(const mm_trace_graph *g)
{
    return g ? g->nacc : 0;
}

size_t mm_trace_graph_transfers(const mm_trace_graph *g)
{
    return g ? g->ntr : 0;
}

size_t mm_trace_graph_duplicates(const mm_trace_graph *g)
{
    return g ? g->dups : 0;
}

size_t mm_trace_graph_bytes(const mm_trace_graph *g)
{
    if (g == NULL)
        return 0;
    size_t n = sizeof *g;
    n += g->names_len + (size_t)g->nacc * sizeof(uint32_t);    /* names + name_off */
    n += ((size_t)g->acct_mask + 1) * sizeof(uint32_t);         /* account table */
    n += g->nacc;                                               /* kind */
    n += 2 * ((size_t)g->nacc + 1) * sizeof(uint32_t);          /* out_off, in_off */
    n += (size_t)g->ntr * (sizeof(tr_tx) + 8 + 4); /* records, ext, in_tr */
    n += ((size_t)g->id_mask + 1) * sizeof(uint32_t) + g->ids_len; /* id index + pool */
    return n;
}

int64_t mm_trace_graph_min_time(const mm_trace_graph *g)
{
    return g ? g->tmin : 0;
}

int64_t mm_trace_graph_max_time(const mm_trace_graph *g)
{
    return g ? g->tmax : 0;
}

uint32_t mm_trace_graph_find_account(const mm_trace_graph *g, const char *account, size_t len)
{
    if (g == NULL || g->acct_slot == NULL || account == NULL)
        return MM_TRACE_NONE;
    return acct_lookup(g->names, g->name_off, g->acct_slot, g->acct_mask, account, len, NULL);
}

const char *mm_trace_graph_account(const mm_trace_graph *g, uint32_t a)
{
    return a < g->nacc ? tr_name(g, a) : "";
}

uint32_t mm_trace_graph_find_transfer(const mm_trace_graph *g, const char *id, size_t len)
{
    if (g == NULL || g->id_slot == NULL || id == NULL || len == 0)
        return MM_TRACE_NONE;
    uint32_t mask = g->id_mask;
    for (uint32_t i = (uint32_t)id_hash_str(id, len) & mask; g->id_slot[i]; i = (i + 1) & mask) {
        uint32_t t = g->id_slot[i] - 1;
        if (ext_equals(g->ext[t], g->ids, id, len))
            return t;
    }
    return MM_TRACE_NONE;
}

void mm_trace_graph_transfer(const mm_trace_graph *g, uint32_t t, mm_trace_transfer *out)
{
    out->from = tr_from(g, t);
    out->to = g->tx[t].to;
    out->time = tr_time(g, t);
    out->amount = g->tx[t].amount;
}

size_t mm_trace_graph_transfer_id(const mm_trace_graph *g, uint32_t t, char *buf, size_t cap)
{
    uint64_t x = g->ext[t];
    char tmp[24];
    const char *s;
    if (x & TR_EXT_STR) {
        s = g->ids + (x & ~TR_EXT_STR);
    } else {
        char *p = tmp + sizeof tmp;
        *--p = '\0';
        do {
            *--p = (char)('0' + x % 10);
            x /= 10;
        } while (x);
        s = p;
    }
    size_t n = strlen(s);
    if (cap) {
        size_t c = n < cap - 1 ? n : cap - 1;
        memcpy(buf, s, c);
        buf[c] = '\0';
    }
    return n;
}

int64_t mm_trace_graph_transfer_num(const mm_trace_graph *g, uint32_t t)
{
    uint64_t x = g->ext[t];
    return (x & TR_EXT_STR) ? -1 : (int64_t)x;
}

void mm_trace_graph_out(const mm_trace_graph *g, uint32_t a, uint32_t *lo, uint32_t *hi)
{
    *lo = g->out_off[a];
    *hi = g->out_off[a + 1];
}

const uint32_t *mm_trace_graph_in(const mm_trace_graph *g, uint32_t a, size_t *n)
{
    *n = g->in_off[a + 1] - g->in_off[a];
    return g->in_tr + g->in_off[a];
}
