/*
 * snapshot_internal.h — the two hooks that snapshot_publish.c needs from
 * snapshot.c, kept out of the public intel.h.
 *
 * snapshot.c owns the layout and the memory of a snapshot; snapshot_publish.c
 * owns the reference-counting protocol. The protocol only needs the
 * snapshot's counter and a way to free it, so that is all this header
 * exposes. Nothing outside src/intel/snapshot*.c includes it.
 */
#ifndef MAMORU_INTEL_SNAPSHOT_INTERNAL_H
#define MAMORU_INTEL_SNAPSHOT_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>

#include "mamoru/intel.h"

/* The snapshot's reference counter (see snapshot_publish.c for its
 * meaning). A snapshot returned by mm_snapshot_build_from starts at 1. The
 * snapshot struct is 64-byte aligned and the counter sits alone on its own
 * cache line, so counting never slows lookups down through false sharing. */
_Atomic int64_t *mm_snapshot_refcount(mm_snapshot *snap);

/* Free every array of the snapshot and the snapshot itself. Only the
 * publication code calls this, when the last reference is gone. */
void mm_snapshot_destroy(mm_snapshot *snap);

#endif
