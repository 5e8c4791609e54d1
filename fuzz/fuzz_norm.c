/*
 * fuzz_norm.c — libFuzzer target for every normaliser: the first input
 * byte picks the kind, the rest is the value. Any crash, sanitizer report
 * or a success without a canonical form is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/norm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    mm_kind kind = (mm_kind)(data[0] % MM_KIND__COUNT);
    char *value = malloc(size);
    memcpy(value, data + 1, size - 1);
    value[size - 1] = '\0';
    mm_arena *a = mm_arena_new(0);
    mm_norm_result r;
    mm_error err;
    if (mm_norm_value(kind, value, NULL, a, &r, &err) == MM_OK) {
        if (r.canonical == NULL || r.canonical[0] == '\0')
            abort();
    } else if (err.message[0] == '\0') {
        abort(); /* every failure must explain itself */
    }
    mm_arena_free(a);
    free(value);
    return 0;
}
