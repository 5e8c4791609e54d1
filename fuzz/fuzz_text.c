/*
 * fuzz_text.c — libFuzzer target for mm_norm_text: on success the output is
 * valid UTF-8 and the offset map is monotone and inside the input, so spans
 * shown to analysts always point at real input bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mamoru/norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    mm_arena *a = mm_arena_new(0);
    mm_text t;
    if (mm_norm_text((const char *)data, size, a, &t, NULL) == MM_OK) {
        if (mm_utf8_validate(t.text, t.len, NULL) != MM_OK)
            abort();
        if (t.offmap[t.len] != size)
            abort();
        for (size_t i = 0; i < t.len; i++)
            if (t.offmap[i] > t.offmap[i + 1] || t.offmap[i] > size)
                abort();
    }
    mm_arena_free(a);
    return 0;
}
