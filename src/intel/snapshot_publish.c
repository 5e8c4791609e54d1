/*
 * snapshot_publish.c — the one published snapshot and its reference counts:
 * readers never block, and a snapshot is freed exactly when its last
 * reader leaves.
 *
 * The naive scheme (load the pointer, then increment the snapshot's count)
 * is wrong: between the load and the increment a publisher may drop the
 * last reference and free the snapshot, so the reader increments freed
 * memory. This file uses a split reference count instead: the published
 * word packs the pointer with a small count of readers that are inside
 * acquire, so "read the pointer" and "take a ticket on it" are one atomic
 * fetch_add. The full argument is in the comment below. The packed word is
 * the only mutable global of mamoru (CONVENTIONS.md allows exactly this one).
 */
#include <assert.h>
#include <stdatomic.h>
#include <stdint.h>

#include "intel/snapshot_internal.h"
#include "mamoru/intel.h"

/*
 * How it works.
 *
 *   published = (pointer >> 6) | tickets << 48     (one 64-bit atomic word)
 *   snap->refs                                      (64-bit atomic per snapshot)
 *
 * acquire:  w = fetch_add(published, ONE_TICKET)   -- reads p = ptr(w) and
 *              takes a ticket on p in one step; NULL → return NULL;
 *           fetch_add(p->refs, 1)                  -- a real reference;
 *           give the ticket back: CAS published -= ONE_TICKET while it
 *              still holds p with tickets > 0, otherwise (p was swapped
 *              out and its tickets moved into p->refs, see publish)
 *              fetch_sub(p->refs, 1).
 * release:  if fetch_sub(p->refs, 1) == 1 → free.
 * publish:  fetch_add(s->refs, BIAS - 1)           -- the caller's reference
 *              becomes "is published", worth BIAS;
 *           old = exchange(published, s with 0 tickets);
 *           fetch_add(old->refs, tickets(old) - BIAS) -- move the tickets
 *              that were on the word into refs and drop the published
 *              reference, in one step; the result 0 → free.
 *
 * Why no one touches freed memory. Count every ticket handed out: each is
 * added once (to the word, by acquire) and removed once (from the word by
 * its CAS, or from refs), and publish moves the word's tickets into refs
 * with the same atomic add that removes BIAS. So refs + (tickets still on the
 * word, if it holds p) + (BIAS while p is published or its swap-out add has
 * not run yet) = references + outstanding tickets, exactly. refs can only
 * fall to 0 after the swap-out add, because before it refs carries BIAS
 * (2^40) and at most "readers inside acquire" (< 2^16) decrements can have
 * run against it. After the swap-out add, refs counts every holder and
 * every outstanding ticket, so it reaches 0 only once nobody holds p and
 * no acquire still has p in hand. A reader touches p->refs only while it
 * holds a ticket or a reference, so p is alive whenever it does.
 * Re-publishing a snapshot that was published before works too (its refs
 * then carries one BIAS per pending publication). All operations are
 * sequentially consistent: this is a few atomics per request, not per
 * lookup, and it keeps the argument above simple.
 *
 * Limits. At most 65535 threads may be inside mm_snapshot_acquire at the
 * same moment (tickets are 16 bits; they are given back before acquire
 * returns, so they do not accumulate). Snapshots are 64-byte aligned and
 * their addresses must be below 2^54 (true of every 64-bit Linux user
 * space), which the packing asserts.
 */

#define ONE_TICKET ((uint64_t)1 << 48)
#define PTR_BITS (ONE_TICKET - 1)
#define BIAS ((int64_t)1 << 40)

static _Atomic uint64_t published;

static mm_snapshot *ptr_of(uint64_t w)
{
    return (mm_snapshot *)(uintptr_t)((w & PTR_BITS) << 6);
}

static uint64_t tickets_of(uint64_t w)
{
    return w >> 48;
}

static uint64_t pack(mm_snapshot *s)
{
    uint64_t v = (uint64_t)(uintptr_t)s;
    assert((v & 63) == 0 && (v >> 6) <= PTR_BITS);
    return v >> 6;
}

/* Drop the published reference of the word's snapshot (after the word has
 * been replaced), moving its tickets into refs; free it if that was the
 * last reference. */
static void retire(uint64_t old)
{
    mm_snapshot *p = ptr_of(old);
    if (p == NULL)
        return; /* tickets taken on an empty word belong to nobody */
    int64_t delta = (int64_t)tickets_of(old) - BIAS;
    if (atomic_fetch_add(mm_snapshot_refcount(p), delta) + delta == 0)
        mm_snapshot_destroy(p);
}

/*
 * The published snapshot with a reference taken, or NULL when none is
 * published. Never blocks; release it when done:
 *   mm_snapshot *s = mm_snapshot_acquire(); ... mm_snapshot_release(s);
 */
mm_snapshot *mm_snapshot_acquire(void)
{
    uint64_t w = atomic_fetch_add(&published, ONE_TICKET);
    mm_snapshot *p = ptr_of(w);
    if (p == NULL)
        return NULL;
    _Atomic int64_t *refs = mm_snapshot_refcount(p);
    atomic_fetch_add(refs, 1);
    uint64_t cur = atomic_load(&published);
    for (;;) {
        if (ptr_of(cur) != p || tickets_of(cur) == 0) {
            /* Our ticket left with a swap-out (or a re-publication reset the
             * word): it is, or will be, counted in refs. We hold a
             * reference, so this cannot reach 0. */
            atomic_fetch_sub(refs, 1);
            break;
        }
        if (atomic_compare_exchange_weak(&published, &cur, cur - ONE_TICKET))
            break;
    }
    return p;
}

/* Drop one reference; the last one frees the snapshot. Accepts NULL. Also
 * the way to free a snapshot that was built but never published. */
void mm_snapshot_release(mm_snapshot *snap)
{
    if (snap == NULL)
        return;
    if (atomic_fetch_sub(mm_snapshot_refcount(snap), 1) == 1)
        mm_snapshot_destroy(snap);
}

/* Make snap the published snapshot, taking over the caller's reference,
 * and drop the previous one's published reference (it is freed when its
 * last reader releases it). NULL is the same as mm_snapshot_unpublish. */
void mm_snapshot_publish(mm_snapshot *snap)
{
    if (snap == NULL) {
        mm_snapshot_unpublish();
        return;
    }
    atomic_fetch_add(mm_snapshot_refcount(snap), BIAS - 1);
    retire(atomic_exchange(&published, pack(snap)));
}

/* Publish nothing; the snapshot that was published is released. */
void mm_snapshot_unpublish(void)
{
    retire(atomic_exchange(&published, (uint64_t)0));
}
