/*
 * snapshot.c — the immutable in-memory image of the intelligence that
 * screening reads: exact lookup per kind, the hash-prefix set, category names.
 *
 * Built once, never changed, read without locks. Per kind, an open-addressing
 * table of 16-byte slots (seeded 64-bit XXH3 of the value, indicator id,
 * packed record), linear probing kept sorted by hash, any size (home = high
 * bits of hash × size) at load 0.8: ~20 bytes a value at every size, plus a
 * 4-byte prefix, no value strings. URL values are keyed without "http(s)://"
 * (the scheme is a tag), so one hash of a Safe-Browsing expression finds both
 * schemes; a filter of the hosts listed URLs are under lets URL lookups skip
 * most expressions. Lookups come in halves (start: hash + prefetch; finish:
 * compare) so callers overlap many keys' memory misses. Prefixes: a sorted
 * array with a bucket index. Publication and refcounts: snapshot_publish.c.
 */
#include <openssl/evp.h>
#include <openssl/params.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>

#include "intel/snapshot_internal.h"
#include "mamoru/intel.h"

/* ---- layout ------------------------------------------------------------ */

/* One table slot. hash == EMPTY (all ones) marks an empty slot, so "skip
 * while slot hash < key hash" stops at an empty slot with no extra test; a
 * real hash of 0 or EMPTY is remapped (see key_hash), and 0 is kept to
 * mean "no key" in a probe. */
typedef struct slot {
    uint64_t hash;
    uint32_t id;
    uint32_t meta; /* tag:4 status:3 distribution:2 confidence:7 category:16 */
} slot;

_Static_assert(sizeof(slot) == 16, "a slot is 16 bytes: four per cache line");
_Static_assert(MM_IND__COUNT <= 8, "status must fit in 3 bits");
_Static_assert(MM_DIST__COUNT <= 4, "distribution must fit in 2 bits");

/* The tag says how the hashed bytes relate to the canonical value. The kind
 * is not stored: it is the table's. A URL "http://rest" / "https://rest" is
 * hashed as "rest" and tagged with its scheme; every other value (and a URL
 * with another scheme) is hashed whole, tag 0. Two listed URLs that differ
 * only in scheme are two slots with one hash and different tags. */
enum { TAG_WHOLE = 0, TAG_HTTP = 1, TAG_HTTPS = 2, TAG_EITHER = 3 /* probes only */ };

#define META_PACK(tag, status, dist, conf, cat)                                                    \
    ((uint32_t)(tag) | (uint32_t)(status) << 4 | (uint32_t)(dist) << 7 | (uint32_t)(conf) << 9 |   \
     (uint32_t)(cat) << 16)
#define META_TAG(m) ((m)&15u)

/* The most distinct categories one snapshot can name (hit.category is 16-bit). */
#define MAX_CATEGORIES 65535u
/* Entries per build: ids and counts are kept in 32 bits. */
#define MAX_ENTRIES ((size_t)1 << 31)
/* Tables at least this big get a transparent-huge-page hint: at ten million
 * indicators every lookup is a TLB miss on 4 KiB pages. */
#define HUGE_PAGE ((size_t)2 << 20)
/* A hash of 0 or EMPTY becomes this (any other fixed value would do). */
#define ZERO_HASH_REMAP 0x9e3779b97f4a7c15ull
#define EMPTY UINT64_MAX
/* Slots after the last home slot of a table, for the values whose probe
 * run goes past the end (runs do not wrap: the table stays sorted). The
 * last one is never filled, so every scan stops there. A build that needs
 * more (a run longer than this at the very end: not seen at load 0.8) is
 * redone with four times as many. */
#define TAIL_SLOTS 64

typedef struct table {
    const slot *slots; /* cap + tail slots, inside snap->slots */
    uint64_t cap;      /* home slots: any size (a multiple of 4); 0 = no table */
    uint64_t tail;     /* slots after them */
    uint64_t count;    /* distinct values stored */
} table;

struct mm_snapshot {
    /* Alone on the first cache line: written by every acquire/release. */
    _Alignas(64) _Atomic int64_t refs;
    /* Everything below is written once by the builder, then only read. */
    _Alignas(64) table tab[MM_KIND__COUNT];
    uint64_t seed; /* XXH3 seed derived from the HMAC key */
    uint8_t *key;  /* copy of the HMAC key, for personal-kind lookups */
    size_t keylen;
    slot *slots; /* all tables, one allocation */
    size_t slots_bytes;
    uint32_t *prefix; /* sorted, unique */
    size_t nprefix;
    uint32_t *bucket; /* bucket[b] = first prefix whose top bucket_bits bits are ≥ b */
    int bucket_bits;  /* 2^bits + 1 entries; 0 bits = a single bucket */
    char *names;      /* NUL-terminated category names, back to back */
    size_t names_len;
    uint32_t *name_off; /* start of each name in names */
    uint32_t ncat;
    size_t count;
    size_t bytes;
    uint64_t *hosts;      /* URL-host filter, nhostblocks lines of 512 bits (see host_bits) */
    uint64_t nhostblocks; /* 0 = no URL listed under http(s) */
    /* callburst hook: recent phone activity (snapshot_activity.c), owned;
     * base != NULL: every table above is borrowed from base (a reference
     * is held), see mm_snapshot_with_activity */
    mm_activity *activity;
    mm_snapshot *base;
};

/* ---- hashing ----------------------------------------------------------- */

/* Table key of a value: XXH3 seeded with a value derived from the HMAC key
 * (so someone who can report values cannot cheaply craft one whose 64-bit
 * hash equals a legitimate value's without the key), 0 remapped. */
static inline uint64_t key_hash(uint64_t seed, const void *p, size_t n)
{
    uint64_t h = XXH3_64bits_withSeed(p, n, seed);
    return h != 0 && h != EMPTY ? h : ZERO_HASH_REMAP;
}

/* Home slot of hash h in a table of cap slots: the high 64 bits of h × cap.
 * Monotone in h, so the whole table can be kept sorted by hash, and any
 * size works (no rounding up to a power of two, which cost up to 2× the
 * memory). */
static inline uint64_t home_of(uint64_t h, uint64_t cap)
{
    return (uint64_t)(((unsigned __int128)h * cap) >> 64);
}

/* The URL-host filter: a blocked Bloom filter of the hosts that listed
 * http(s) URLs are under, keyed by the host's table hash (the same hash a
 * kind-domain probe of that host computes, so asking costs no hashing).
 * Block = one cache line chosen by the high bits, six bits in it chosen by
 * the low 54 bits; ~10 bits per URL give ~1 % false positives. A URL
 * lookup probes a host's Safe-Browsing expressions only when the filter
 * says "maybe": for the many URLs whose hosts list nothing that skips ~8
 * DRAM misses, and it never skips a listed URL (no false negatives). */
#define HOST_BITS_PER_URL 10
#define HOST_HASHES 6

static inline const uint64_t *host_block(const uint64_t *hosts, uint64_t nblocks, uint64_t h)
{
    return hosts + 8 * home_of(h, nblocks);
}

static inline bool host_maybe(const uint64_t *b, uint64_t h)
{
    uint64_t miss = 0;
    for (int j = 0; j < HOST_HASHES; j++) {
        unsigned pos = (unsigned)(h >> (9 * j)) & 511;
        miss |= ~b[pos >> 6] & (1ull << (pos & 63));
    }
    return miss == 0;
}

/* Hash of a value of kind as stored: URL values lose an "http://" or
 * "https://" and say which in *tag (see TAG_*). */
static inline uint64_t value_hash(uint64_t seed, mm_kind kind, const char *p, size_t n,
                                  unsigned *tag)
{
    *tag = TAG_WHOLE;
    if (kind == MM_KIND_URL && n >= 7 && memcmp(p, "http", 4) == 0) {
        if (memcmp(p + 4, "://", 3) == 0)
            *tag = TAG_HTTP, p += 7, n -= 7;
        else if (n >= 8 && memcmp(p + 4, "s://", 4) == 0)
            *tag = TAG_HTTPS, p += 8, n -= 8;
    }
    return key_hash(seed, p, n);
}

static uint32_t be32(const unsigned char *d)
{
    return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | (uint32_t)d[3];
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Is p[0..n) exactly 64 lower-case hex digits (an mm_hmac_hex output)? */
static bool is_hmac_hex(const char *p, size_t n)
{
    if (n != 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (hexval(p[i]) < 0)
            return false;
    return true;
}

/* The builder's OpenSSL state: one SHA-256 context and one HMAC context
 * keyed once and re-initialised per value, which is 5-8 times faster than
 * the one-shot SHA256() / HMAC() calls at ten million values. */
typedef struct crypto {
    EVP_MD *sha;
    EVP_MD_CTX *md;
    EVP_MAC *mac;
    EVP_MAC_CTX *hmac; /* NULL when the snapshot has no key */
} crypto;

static void crypto_free(crypto *c)
{
    EVP_MAC_CTX_free(c->hmac);
    EVP_MAC_free(c->mac);
    EVP_MD_CTX_free(c->md);
    EVP_MD_free(c->sha);
}

static bool crypto_init(crypto *c, const uint8_t *key, size_t keylen)
{
    memset(c, 0, sizeof *c);
    c->sha = EVP_MD_fetch(NULL, "SHA256", NULL);
    c->md = EVP_MD_CTX_new();
    if (c->sha == NULL || c->md == NULL)
        return false;
    if (keylen == 0)
        return true;
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                           OSSL_PARAM_construct_end()};
    c->mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    c->hmac = c->mac ? EVP_MAC_CTX_new(c->mac) : NULL;
    return c->hmac != NULL && EVP_MAC_init(c->hmac, key, keylen, params);
}

static bool crypto_sha256(crypto *c, const void *p, size_t n, unsigned char md[32])
{
    unsigned int len = 0;
    return EVP_DigestInit_ex2(c->md, c->sha, NULL) && EVP_DigestUpdate(c->md, p, n) &&
           EVP_DigestFinal_ex(c->md, md, &len) && len == 32;
}

/* HMAC-SHA-256 under the key given to crypto_init (re-init keeps the key). */
static bool crypto_hmac(crypto *c, const void *p, size_t n, unsigned char md[32])
{
    size_t len = 0;
    return EVP_MAC_init(c->hmac, NULL, 0, NULL) && EVP_MAC_update(c->hmac, p, n) &&
           EVP_MAC_final(c->hmac, md, &len, 32) && len == 32;
}

/* ---- category interning (build time only) ------------------------------ */

typedef struct interner {
    uint32_t *tab; /* index + 1 of a name, 0 = empty; power-of-two size */
    uint32_t mask;
    char *names;
    size_t len, cap;
    uint32_t *off;
    uint32_t n, off_cap;
    const char *last; /* the previous entry's category pointer, a cheap cache */
    uint16_t last_idx;
} interner;

static void interner_free(interner *in)
{
    free(in->tab);
    free(in->names);
    free(in->off);
}

static bool interner_grow(interner *in)
{
    uint32_t cap = in->tab ? (in->mask + 1) * 2 : 64;
    uint32_t *tab = calloc(cap, sizeof *tab);
    if (tab == NULL)
        return false;
    for (uint32_t i = 0; i < in->n; i++) {
        const char *s = in->names + in->off[i];
        uint32_t j = (uint32_t)XXH3_64bits(s, strlen(s)) & (cap - 1);
        while (tab[j])
            j = (j + 1) & (cap - 1);
        tab[j] = i + 1;
    }
    free(in->tab);
    in->tab = tab;
    in->mask = cap - 1;
    return true;
}

/* Index of name, adding it if new. MM_ENOMEM or MM_ELIMIT on failure. */
static mm_status interner_add(interner *in, const char *name, uint16_t *idx)
{
    if (name == NULL)
        name = "";
    if (name == in->last && in->n > 0) {
        *idx = in->last_idx;
        return MM_OK;
    }
    size_t len = strlen(name);
    if (in->tab == NULL && !interner_grow(in))
        return MM_ENOMEM;
    uint32_t j = (uint32_t)XXH3_64bits(name, len) & in->mask;
    for (; in->tab[j]; j = (j + 1) & in->mask) {
        uint32_t i = in->tab[j] - 1;
        if (strcmp(in->names + in->off[i], name) == 0) {
            in->last = name;
            in->last_idx = (uint16_t)i;
            *idx = (uint16_t)i;
            return MM_OK;
        }
    }
    if (in->n >= MAX_CATEGORIES)
        return MM_ELIMIT;
    if (in->len + len + 1 > in->cap) {
        size_t cap = (in->cap ? in->cap * 2 : 256) + len + 1;
        char *p = realloc(in->names, cap);
        if (p == NULL)
            return MM_ENOMEM;
        in->names = p;
        in->cap = cap;
    }
    if (in->n == in->off_cap) {
        uint32_t cap = in->off_cap ? in->off_cap * 2 : 16;
        uint32_t *p = realloc(in->off, cap * sizeof *p);
        if (p == NULL)
            return MM_ENOMEM;
        in->off = p;
        in->off_cap = cap;
    }
    memcpy(in->names + in->len, name, len + 1);
    in->off[in->n] = (uint32_t)in->len;
    in->len += len + 1;
    in->tab[j] = in->n + 1;
    *idx = (uint16_t)in->n++;
    in->last = name;
    in->last_idx = *idx;
    if ((uint64_t)in->n * 2 > in->mask && !interner_grow(in))
        return MM_ENOMEM;
    return MM_OK;
}

/* ---- prefix sorting ------------------------------------------------------ */

/* LSD radix sort of n 32-bit values (11 + 11 + 10 bits), tmp holds n values.
 * qsort takes about a second at ten million prefixes; this takes ~50 ms. */
static void radix_sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    static const int shift[3] = {0, 11, 22};
    uint32_t *src = a, *dst = tmp;
    for (int pass = 0; pass < 3; pass++) {
        size_t count[2048] = {0};
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift[pass]) & 2047]++;
        size_t sum = 0;
        for (size_t b = 0; b < 2048; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift[pass]) & 2047]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) /* three passes: the result is in tmp */
        memcpy(a, src, n * sizeof *a);
}

/* Index the sorted prefixes by their top bits, one bucket per ≤ 32 values
 * (two cache lines): has_prefix reads one index entry and bisects a bucket
 * instead of bisecting the whole array — at ten million prefixes about 3
 * dependent cache misses instead of ~20 (bench: 3.8 → 21 M/s), for an
 * eighth of a byte per indicator. */
static bool bucket_index(mm_snapshot *snap)
{
    int bits = 0;
    while (bits < 24 && ((size_t)32 << bits) < snap->nprefix)
        bits++;
    size_t nb = (size_t)1 << bits;
    snap->bucket = malloc((nb + 1) * sizeof *snap->bucket);
    if (snap->bucket == NULL)
        return false;
    snap->bucket_bits = bits;
    size_t i = 0;
    for (size_t b = 0; b < nb; b++) {
        while (i < snap->nprefix && (bits == 0 ? 0 : snap->prefix[i] >> (32 - bits)) < b)
            i++;
        snap->bucket[b] = (uint32_t)i;
    }
    snap->bucket[nb] = (uint32_t)snap->nprefix;
    return true;
}

/* ---- allocation ---------------------------------------------------------- */

/* Table memory filled with EMPTY slots, 64-byte aligned (a probe run never straddles more
 * lines than it must); big tables are 2 MiB aligned with a huge-page hint.
 * *held receives the bytes actually reserved. */
static void *table_alloc(size_t size, size_t *held)
{
    size_t align = size >= HUGE_PAGE ? HUGE_PAGE : 64;
    size = (size + align - 1) / align * align;
    void *p = aligned_alloc(align, size);
    if (p == NULL)
        return NULL;
#ifdef MADV_HUGEPAGE
    if (align == HUGE_PAGE)
        (void)madvise(p, size, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
    memset(p, 0xff, size); /* every slot's hash = EMPTY */
    *held = size;
    return p;
}

void mm_snapshot_destroy(mm_snapshot *snap)
{
    if (snap == NULL)
        return;
    if (snap->base != NULL) { /* callburst hook: a borrowing snapshot */
        mm_snapshot *base = snap->base;
        mm_activity_free(snap->activity);
        free(snap);
        mm_snapshot_release(base);
        return;
    }
    if (snap->key != NULL) {
        explicit_bzero(snap->key, snap->keylen);
        free(snap->key);
    }
    free(snap->slots);
    free(snap->prefix);
    free(snap->bucket);
    free(snap->hosts);
    free(snap->names);
    free(snap->name_off);
    mm_activity_free(snap->activity); /* callburst hook */
    free(snap);
}

_Atomic int64_t *mm_snapshot_refcount(mm_snapshot *snap)
{
    return &snap->refs;
}

/* ---- build ----------------------------------------------------------------- */

/* Check one entry; the message quotes the entry's index and the bad value. */
static mm_status check_entry(const mm_snapshot_entry *x, size_t i, size_t keylen, mm_error *err)
{
    if ((unsigned)x->kind >= MM_KIND__COUNT)
        return mm_error_set(err, MM_EINVAL, "kind", "entry %zu: kind %d is out of range", i,
                            (int)x->kind);
    if (x->canonical == NULL || x->len == 0)
        return mm_error_set(err, MM_EINVAL, "canonical", "entry %zu: %s value is empty", i,
                            mm_kind_name(x->kind));
    if (mm_kind_is_personal(x->kind) && !is_hmac_hex(x->canonical, x->len))
        return mm_error_set(err, MM_EINVAL, "canonical",
                            "entry %zu: %s value '%.*s' is not a 64-digit lower-case hex "
                            "HMAC (personal kinds are stored only as keyed hashes)",
                            i, mm_kind_name(x->kind), (int)(x->len > 80 ? 80 : x->len),
                            x->canonical);
    if (mm_kind_is_enumerable(x->kind) && keylen == 0)
        return mm_error_set(err, MM_EINVAL, "hmac_key",
                            "entry %zu: %s values need a keyed published hash, but the HMAC "
                            "key is empty",
                            i, mm_kind_name(x->kind));
    if ((unsigned)x->hit.status >= MM_IND__COUNT)
        return mm_error_set(err, MM_EINVAL, "status", "entry %zu: status %d is out of range", i,
                            (int)x->hit.status);
    if ((unsigned)x->hit.distribution >= MM_DIST__COUNT)
        return mm_error_set(err, MM_EINVAL, "distribution",
                            "entry %zu: distribution %d is out of range", i,
                            (int)x->hit.distribution);
    if (x->hit.confidence > 100)
        return mm_error_set(err, MM_EINVAL, "confidence", "entry %zu: confidence %u is above 100",
                            i, (unsigned)x->hit.confidence);
    return MM_OK;
}

/* Slots for count values at load ≤ 0.8, rounded up to whole cache lines
 * (four slots), at least 8. Any size works (home_of), so the load is 0.8 at
 * every size: 20 bytes of slot per value, where power-of-two tables ranged
 * from 21 to 43 (37.8 bytes per entry at 2 M entries, 31.3 at 10 M). Robin
 * Hood order keeps probe runs short at 0.8: a hit reads ~1.6 slots, a miss
 * stops at the first occupant whose hash is above the key's. */
static uint64_t table_capacity(uint64_t count)
{
    if (count == 0)
        return 0;
    uint64_t cap = count + (count + 3) / 4; /* count / 0.8 */
    cap = (cap + 3) & ~(uint64_t)3;
    return cap < 8 ? 8 : cap;
}

/* Insert into t keeping every run sorted by hash (which, home being
 * monotone in the hash, is Robin Hood order with ties broken by hash):
 * walk from home past smaller hashes, and shift the rest of the run one
 * slot up to make room. Every value then sits at or after its home, after
 * all smaller hashes, so a lookup skips "hash < key" and stops at the first
 * slot that is not — one compare per slot, an empty slot (EMPTY) included;
 * a miss at load 0.8 reads ~3 slots. A value already present (same hash,
 * same tag) is replaced: the later entry wins. Returns 1 when the value was
 * new, 0 when it replaced one, -1 when the run would reach the last tail
 * slot (the build is then redone with a longer tail). */
static int table_put(table *t, slot *slots, uint64_t h, uint32_t id, uint32_t meta)
{
    uint64_t i = home_of(h, t->cap);
    while (slots[i].hash < h)
        i++;
    for (; slots[i].hash == h; i++)
        if (META_TAG(slots[i].meta) == META_TAG(meta)) {
            slots[i].id = id;
            slots[i].meta = meta;
            return 0;
        }
    uint64_t j = i, last = t->cap + t->tail - 1;
    while (slots[j].hash != EMPTY)
        j++;
    if (j >= last)
        return -1;
    memmove(&slots[i + 1], &slots[i], (j - i) * sizeof *slots);
    slots[i] = (slot){h, id, meta};
    return 1;
}

/*
 * Build a snapshot from n entries. Duplicates (same kind and canonical
 * value) are allowed: the LATER entry wins, exactly like replaying the
 * store's updates in order — so a later false_positive or a lowered
 * confidence takes effect (tables are sized for n, before duplicates are
 * folded). Entries with status expired / false_positive
 * are kept as given: the caller (mm_snapshot_build) decides what to leave
 * out. hit.kind is ignored (the entry's kind is used). A NULL category is
 * the empty name. hmac_key may be empty only when no entry is of an
 * enumerable kind. The result holds one reference: release it with
 * mm_snapshot_release, or hand it to mm_snapshot_publish.
 */
mm_status mm_snapshot_build_from(const mm_snapshot_entry *e, size_t n, const uint8_t *hmac_key,
                                 size_t keylen, mm_snapshot **out, mm_error *err)
{
    if (out == NULL)
        return mm_error_set(err, MM_EINVAL, "out", "no place for the snapshot (out is NULL)");
    *out = NULL;
    if (e == NULL && n > 0)
        return mm_error_set(err, MM_EINVAL, "entries", "%zu entries announced but none given", n);
    if (n >= MAX_ENTRIES)
        return mm_error_set(err, MM_ELIMIT, "entries",
                            "%zu entries is more than one snapshot holds (%zu)", n, MAX_ENTRIES);
    if (hmac_key == NULL && keylen > 0)
        return mm_error_set(err, MM_EINVAL, "hmac_key", "key length %zu but no key", keylen);

    uint64_t per_kind[MM_KIND__COUNT] = {0};
    for (size_t i = 0; i < n; i++) {
        mm_status st = check_entry(&e[i], i, keylen, err);
        if (st != MM_OK)
            return st;
        per_kind[e[i].kind]++;
    }

    mm_status st = MM_OK;
    interner in = {0};
    crypto cr;
    uint32_t *tmp = NULL;
    bool crypto_ok = crypto_init(&cr, hmac_key, keylen);
    mm_snapshot *snap = aligned_alloc(64, sizeof *snap);
    if (snap == NULL)
        goto nomem;
    memset(snap, 0, sizeof *snap);
    atomic_init(&snap->refs, 1);
    if (!crypto_ok)
        goto crypto_failed;

    /* key copy and seed */
    if (keylen > 0) {
        snap->key = malloc(keylen);
        if (snap->key == NULL)
            goto nomem;
        memcpy(snap->key, hmac_key, keylen);
        snap->keylen = keylen;
        static const char label[] = "mamoru snapshot xxh3 seed";
        unsigned char md[32];
        if (!crypto_hmac(&cr, label, sizeof label - 1, md))
            goto crypto_failed;
        memcpy(&snap->seed, md, sizeof snap->seed);
    }

    if (n > 0) {
        snap->prefix = malloc(n * sizeof *snap->prefix);
        if (snap->prefix == NULL)
            goto nomem;
    }

    /* tables */
    uint64_t caps[MM_KIND__COUNT], tail = TAIL_SLOTS;
    slot *slot_of[MM_KIND__COUNT];
tables:;
    uint64_t nslots = 0, tails[MM_KIND__COUNT];
    for (int k = 0; k < MM_KIND__COUNT; k++) {
        caps[k] = table_capacity(per_kind[k]);
        /* a run holds at most every value of the table: small tables need
         * no more tail than that (+1 for the stop slot), in whole lines */
        tails[k] = per_kind[k] + 1 < tail ? (per_kind[k] + 1 + 3) & ~(uint64_t)3 : tail;
        nslots += caps[k] ? caps[k] + tails[k] : 0;
    }
    if (nslots > 0) {
        snap->slots = table_alloc(nslots * sizeof(slot), &snap->slots_bytes);
        if (snap->slots == NULL)
            goto nomem;
    }
    size_t off = 0;
    for (int k = 0; k < MM_KIND__COUNT; k++) {
        slot_of[k] = snap->slots + off;
        snap->tab[k] = (table){.slots = slot_of[k], .cap = caps[k], .tail = caps[k] ? tails[k] : 0};
        off += caps[k] ? caps[k] + tails[k] : 0;
    }
    snap->count = 0;
    /* Each insert is a cache and TLB miss in a table of hundreds of MB, so
     * hashes are computed AHEAD entries early and their home slots
     * prefetched (build at 10 M: 4.1 → 2.3 s). */
    enum { AHEAD = 16 };
    uint64_t ring[AHEAD];
    unsigned tags[AHEAD];
    for (size_t j = 0; j < n && j < AHEAD; j++) {
        ring[j] = value_hash(snap->seed, e[j].kind, e[j].canonical, e[j].len, &tags[j]);
        __builtin_prefetch(&slot_of[e[j].kind][home_of(ring[j], caps[e[j].kind])], 1);
    }
    for (size_t i = 0; i < n; i++) {
        const mm_snapshot_entry *x = &e[i];
        uint64_t h = ring[i % AHEAD];
        unsigned tag = tags[i % AHEAD];
        if (i + AHEAD < n) {
            const mm_snapshot_entry *y = &e[i + AHEAD];
            uint64_t hy = value_hash(snap->seed, y->kind, y->canonical, y->len, &tags[i % AHEAD]);
            ring[i % AHEAD] = hy;
            __builtin_prefetch(&slot_of[y->kind][home_of(hy, caps[y->kind])], 1);
        }
        uint16_t cat;
        st = interner_add(&in, x->category, &cat);
        if (st == MM_ELIMIT) {
            st = mm_error_set(err, MM_ELIMIT, "category",
                              "entry %zu: category '%.60s' is one more than the %u distinct "
                              "categories a snapshot can name",
                              i, x->category ? x->category : "", MAX_CATEGORIES);
            goto out;
        }
        if (st != MM_OK)
            goto nomem;

        uint32_t meta = META_PACK(tag, x->hit.status, x->hit.distribution, x->hit.confidence, cat);
        int put = table_put(&snap->tab[x->kind], slot_of[x->kind], h, x->hit.id, meta);
        if (put < 0) { /* a run reached the end of the tail: again, longer tail */
            free(snap->slots);
            snap->slots = NULL;
            tail *= 4;
            goto tables;
        }
        if (put > 0) {
            snap->tab[x->kind].count++;
            snap->count++;
        }

        unsigned char md[32];
        if (mm_kind_is_personal(x->kind)) {
            uint32_t v = 0;
            for (int d = 0; d < 8; d++)
                v = v << 4 | (uint32_t)hexval(x->canonical[d]);
            snap->prefix[i] = v;
            continue;
        }
        if (mm_kind_is_enumerable(x->kind) ? !crypto_hmac(&cr, x->canonical, x->len, md)
                                           : !crypto_sha256(&cr, x->canonical, x->len, md))
            goto crypto_failed;
        snap->prefix[i] = be32(md);
    }

    /* prefixes: sort, de-duplicate, shrink */
    if (n > 0) {
        tmp = malloc(n * sizeof *tmp);
        if (tmp == NULL)
            goto nomem;
        radix_sort_u32(snap->prefix, tmp, n);
        size_t u = 1;
        for (size_t i = 1; i < n; i++)
            if (snap->prefix[i] != snap->prefix[u - 1])
                snap->prefix[u++] = snap->prefix[i];
        snap->nprefix = u;
        uint32_t *p = realloc(snap->prefix, u * sizeof *p);
        if (p != NULL)
            snap->prefix = p;
        if (!bucket_index(snap))
            goto nomem;
    }

    /* URL-host filter: the host of every http(s) URL value ("rest" up to
     * its first '/', which is where every expression's host part ends) */
    size_t nurl = 0;
    for (size_t i = 0; i < n; i++)
        nurl += e[i].kind == MM_KIND_URL;
    if (nurl > 0) {
        snap->nhostblocks = (nurl * HOST_BITS_PER_URL + 511) / 512;
        size_t fbytes = snap->nhostblocks * 64;
        snap->hosts = aligned_alloc(64, fbytes);
        if (snap->hosts == NULL)
            goto nomem;
        memset(snap->hosts, 0, fbytes);
        size_t set = 0;
        for (size_t i = 0; i < n; i++) {
            const char *v = e[i].canonical;
            size_t len = e[i].len, skip;
            if (e[i].kind != MM_KIND_URL)
                continue;
            if (len >= 8 && memcmp(v, "https://", 8) == 0)
                skip = 8;
            else if (len >= 7 && memcmp(v, "http://", 7) == 0)
                skip = 7;
            else
                continue; /* never reached by an expression probe */
            const char *slash = memchr(v + skip, '/', len - skip);
            size_t hl = slash ? (size_t)(slash - v) - skip : len - skip;
            uint64_t h = key_hash(snap->seed, v + skip, hl);
            uint64_t *b = snap->hosts + 8 * home_of(h, snap->nhostblocks);
            for (int j = 0; j < HOST_HASHES; j++) {
                unsigned pos = (unsigned)(h >> (9 * j)) & 511;
                b[pos >> 6] |= 1ull << (pos & 63);
            }
            set++;
        }
        if (set == 0) {
            free(snap->hosts);
            snap->hosts = NULL;
            snap->nhostblocks = 0;
        }
    }

    /* category names, exactly sized */
    snap->ncat = in.n;
    snap->names_len = in.len;
    if (in.n > 0) {
        snap->names = malloc(in.len);
        snap->name_off = malloc(in.n * sizeof *snap->name_off);
        if (snap->names == NULL || snap->name_off == NULL)
            goto nomem;
        memcpy(snap->names, in.names, in.len);
        memcpy(snap->name_off, in.off, in.n * sizeof *snap->name_off);
    }

    snap->bytes = sizeof *snap + snap->slots_bytes + snap->nprefix * sizeof(uint32_t) +
                  (snap->bucket ? ((size_t)1 << snap->bucket_bits) + 1 : 0) * sizeof(uint32_t) +
                  snap->names_len + snap->ncat * sizeof(uint32_t) + snap->keylen +
                  snap->nhostblocks * 64;
    *out = snap;
    snap = NULL;
    goto out;

nomem:
    st = mm_error_set(err, MM_ENOMEM, "snapshot",
                      "out of memory building a snapshot of %zu entries", n);
    goto out;
crypto_failed:
    st = mm_error_set(err, MM_ENOMEM, "snapshot",
                      "OpenSSL failed to set up or compute SHA-256 / HMAC-SHA-256 (key of %zu "
                      "bytes)",
                      keylen);
out:
    free(tmp);
    interner_free(&in);
    crypto_free(&cr);
    mm_snapshot_destroy(snap);
    return st;
}

/* ---- reading (pure, lock-free) -------------------------------------------- */

/* Fill p for a value hashed as h with tag in table kind, and prefetch the
 * cache lines its probe run most likely spans (the home slot's line and the
 * next one when the run may cross into it). */
static inline void probe_set(const mm_snapshot *snap, mm_kind kind, uint64_t h, unsigned tag,
                             mm_snapshot_probe *p)
{
    const table *t = &snap->tab[kind];
    p->hash = h;
    p->kind = (uint8_t)kind;
    p->tag = (uint8_t)tag;
    if (kind == MM_KIND_DOMAIN && snap->nhostblocks > 0) /* for mm_snapshot_probe_url_host */
        __builtin_prefetch(host_block(snap->hosts, snap->nhostblocks, h));
    if (t->count == 0) {
        p->home = UINT64_MAX; /* nothing can match; the hash stays for the filter */
        return;
    }
    p->home = home_of(h, t->cap);
    /* the home slot's line and the next: a scan reads ~3 slots */
    const slot *s = t->slots + p->home;
    __builtin_prefetch(s);
    __builtin_prefetch(s + 3);
}

/* The 64-bit key hash and tag of one value of kind (personal kinds keyed
 * with the snapshot's HMAC key first). False when it cannot be keyed. */
static bool key_of(const mm_snapshot *snap, mm_kind kind, const char *canonical, size_t len,
                   uint64_t *h, unsigned *tag)
{
    *tag = TAG_WHOLE;
    if (mm_kind_is_personal(kind)) {
        char hex[65];
        mm_hmac_hex(snap->key, snap->keylen, canonical ? canonical : "", len, hex);
        if (hex[0] == '\0')
            return false;
        *h = key_hash(snap->seed, hex, 64);
    } else {
        *h = value_hash(snap->seed, kind, canonical ? canonical : "", len, tag);
    }
    return true;
}

void mm_snapshot_probe_start(const mm_snapshot *snap, mm_kind kind, const char *canonical,
                             size_t len, mm_snapshot_probe *p)
{
    p->hash = 0;
    p->home = 0;
    p->kind = 0;
    p->tag = 0;
    if (snap == NULL || (unsigned)kind >= MM_KIND__COUNT || (canonical == NULL && len > 0))
        return;
    if (snap->tab[kind].count == 0 && !(kind == MM_KIND_DOMAIN && snap->nhostblocks > 0))
        return;
    unsigned tag;
    uint64_t h;
    if (!key_of(snap, kind, canonical, len, &h, &tag))
        return;
    probe_set(snap, kind, h, tag, p);
}

void mm_snapshot_probe_expression(const mm_snapshot *snap, const char *expr, size_t len,
                                  mm_snapshot_probe *p)
{
    p->hash = 0;
    p->home = 0;
    p->kind = MM_KIND_URL;
    p->tag = TAG_EITHER;
    if (snap == NULL || (expr == NULL && len > 0) || snap->tab[MM_KIND_URL].count == 0)
        return;
    probe_set(snap, MM_KIND_URL, key_hash(snap->seed, expr ? expr : "", len), TAG_EITHER, p);
}

bool mm_snapshot_probe_url_host(const mm_snapshot *snap, const mm_snapshot_probe *p)
{
    if (snap == NULL || p == NULL || p->kind != MM_KIND_DOMAIN || p->hash == 0)
        return snap != NULL && snap->tab[MM_KIND_URL].count > 0; /* cannot tell: maybe */
    if (snap->nhostblocks == 0)
        return false; /* no http(s) URL is listed at all */
    return host_maybe(host_block(snap->hosts, snap->nhostblocks, p->hash), p->hash);
}

static void hit_of(const slot *s, mm_kind kind, mm_hit *out)
{
    uint32_t m = s->meta;
    out->id = s->id;
    out->kind = kind;
    out->status = (mm_ind_status)(m >> 4 & 7);
    out->distribution = (mm_distribution)(m >> 7 & 3);
    out->confidence = (uint8_t)(m >> 9 & 127);
    out->category = (uint16_t)(m >> 16);
}

unsigned mm_snapshot_probe_finish(const mm_snapshot *snap, const mm_snapshot_probe *p,
                                  mm_hit out[2])
{
    if (snap == NULL || p == NULL || p->hash == 0 || p->kind >= MM_KIND__COUNT)
        return 0;
    const table *t = &snap->tab[p->kind];
    if (t->count == 0 || p->home >= t->cap)
        return 0;
    const slot *s = t->slots + p->home;
    const uint64_t h = p->hash;
    while (s->hash < h) /* stops at EMPTY at the latest */
        s++;
    unsigned found = 0;
    for (; s->hash == h; s++) {
        unsigned tag = META_TAG(s->meta), bit;
        if (p->tag != TAG_EITHER) {
            if (tag != p->tag)
                continue;
            bit = 0;
        } else if (tag == TAG_HTTPS || tag == TAG_HTTP) {
            bit = tag == TAG_HTTPS ? 0 : 1;
        } else {
            continue;
        }
        if (out != NULL)
            hit_of(s, (mm_kind)p->kind, &out[bit]);
        found |= 1u << bit;
    }
    return found;
}

/* Finish n probes without reading their records: found[k] = the bit set
 * mm_snapshot_probe_finish would return. */
void mm_snapshot_probe_finish_many(const mm_snapshot *snap, const mm_snapshot_probe *p, size_t n,
                                   uint8_t *found)
{
    for (size_t k = 0; k < n; k++) {
        found[k] = 0;
        uint64_t h = p[k].hash;
        if (snap == NULL || h == 0 || p[k].kind >= MM_KIND__COUNT)
            continue;
        const table *t = &snap->tab[p[k].kind];
        if (p[k].home >= t->cap)
            continue;
        /* the first slot not below h, without a branch per slot: the run
         * is sorted, so it is the count of the home line's hashes below h
         * (a tail of ≥ 4 slots keeps s[3] inside the table) */
        const slot *s = t->slots + p[k].home;
        unsigned c = (s[0].hash < h) + (s[1].hash < h) + (s[2].hash < h) + (s[3].hash < h);
        s += c;
        if (__builtin_expect(c == 4, 0))
            while (s->hash < h)
                s++;
        if (s->hash == h)
            found[k] = (uint8_t)mm_snapshot_probe_finish(snap, &p[k], NULL);
    }
}

/*
 * Exact lookup. Personal kinds: the plain canonical value is keyed with the
 * snapshot's HMAC key first (≈1 µs), then looked up like the rest. A hit is
 * a 64-bit hash match: two different values of one kind collide with
 * probability about count / 2^64 per lookup (≈ 5e-13 at ten million).
 */
bool mm_snapshot_lookup(const mm_snapshot *snap, mm_kind kind, const char *canonical, size_t len,
                        mm_hit *out)
{
    if (snap == NULL || (unsigned)kind >= MM_KIND__COUNT || (canonical == NULL && len > 0))
        return false;
    const table *t = &snap->tab[kind];
    if (t->count == 0)
        return false;
    /* one key: no prefetch (it would be read at once), no probe struct */
    unsigned tag;
    uint64_t h;
    if (!key_of(snap, kind, canonical, len, &h, &tag))
        return false;
    const slot *s = t->slots + home_of(h, t->cap);
    while (s->hash < h)
        s++;
    for (; s->hash == h; s++)
        if (META_TAG(s->meta) == tag) {
            if (out != NULL)
                hit_of(s, kind, out);
            return true;
        }
    return false;
}

/* Batched mm_snapshot_lookup: hash and prefetch GROUP keys, then compare
 * them, so their memory misses overlap instead of queueing. */
size_t mm_snapshot_lookup_many(const mm_snapshot *snap, const mm_snapshot_query *q, size_t n,
                               mm_hit *out, bool *found)
{
    enum { GROUP = 16 };
    size_t hits = 0;
    mm_snapshot_probe p[GROUP];
    for (size_t base = 0; base < n; base += GROUP) {
        size_t m = n - base < GROUP ? n - base : GROUP;
        for (size_t j = 0; j < m; j++)
            mm_snapshot_probe_start(snap, q[base + j].kind, q[base + j].canonical, q[base + j].len,
                                    &p[j]);
        for (size_t j = 0; j < m; j++) {
            mm_hit h[2];
            bool f = mm_snapshot_probe_finish(snap, &p[j], h) & 1;
            hits += f;
            if (found != NULL)
                found[base + j] = f;
            if (f && out != NULL)
                out[base + j] = h[0];
        }
    }
    return hits;
}

/* The prefix is the published hash's first four bytes read big-endian:
 * hash "0a1b2c3d…" has prefix 0x0a1b2c3d. */
bool mm_snapshot_has_prefix(const mm_snapshot *snap, uint32_t prefix)
{
    if (snap == NULL || snap->nprefix == 0)
        return false;
    const uint32_t *a = snap->prefix;
    size_t b = snap->bucket_bits ? prefix >> (32 - snap->bucket_bits) : 0;
    size_t lo = snap->bucket[b], hi = snap->bucket[b + 1], end = hi;
    /* first index in the bucket with a[i] >= prefix */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < prefix)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < end && a[lo] == prefix;
}

/* Name of category idx, or NULL when idx is not a category of this snapshot. */
const char *mm_snapshot_category_name(const mm_snapshot *snap, uint16_t idx)
{
    if (snap == NULL || idx >= snap->ncat)
        return NULL;
    return snap->names + snap->name_off[idx];
}

/* Distinct values held (duplicates counted once); 0 for NULL. */
/* callburst hook: the side table of recent phone activity (see
 * snapshot_activity.c); set by the builder before publication only. */
const mm_activity *mm_snapshot_activity(const mm_snapshot *snap)
{
    return snap ? snap->activity : NULL;
}

void mm_snapshot_set_activity(mm_snapshot *snap, mm_activity *act)
{
    if (snap == NULL) {
        mm_activity_free(act);
        return;
    }
    mm_activity_free(snap->activity);
    snap->activity = act;
}

/* callburst hook: a new snapshot (one reference) sharing every table of
 * base's root, with act as its activity table (taken over, also on
 * failure). Costs one small allocation, so fresh sightings can be
 * published without rebuilding the indicator tables. */
mm_status mm_snapshot_with_activity(mm_snapshot *base, mm_activity *act, mm_snapshot **out,
                                    mm_error *err)
{
    *out = NULL;
    mm_snapshot *root = base->base ? base->base : base;
    mm_snapshot *snap = aligned_alloc(64, sizeof *snap);
    if (snap == NULL) {
        mm_activity_free(act);
        return mm_error_set(err, MM_ENOMEM, "snapshot", "out of memory");
    }
    memcpy((char *)snap + offsetof(mm_snapshot, tab),
           (const char *)root + offsetof(mm_snapshot, tab),
           sizeof *snap - offsetof(mm_snapshot, tab));
    atomic_init(&snap->refs, 1);
    atomic_fetch_add(&root->refs, 1); /* the caller's reference on base keeps root alive */
    snap->base = root;
    snap->activity = act;
    *out = snap;
    return MM_OK;
}

size_t mm_snapshot_count(const mm_snapshot *snap)
{
    return snap ? snap->count : 0;
}

/* Bytes of memory the snapshot holds: header, tables, prefixes, names, key. */
size_t mm_snapshot_bytes(const mm_snapshot *snap)
{
    return snap ? snap->bytes + mm_activity_bytes(snap->activity) : 0; /* callburst hook */
}
