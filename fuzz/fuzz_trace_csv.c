/*
 * fuzz_trace_csv.c — libFuzzer target for the transfers CSV parser of the
 * trace graph (mm_trace_builder_add_csv), then a freeze and a plain and a
 * FIFO trace from every transfer of what was parsed, so the graph layout
 * and the tracers also see arbitrary (but parseable) inputs.
 */
#include <stdint.h>
#include <stdlib.h>

#include "mamoru/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mm_trace_builder *b = mm_trace_builder_new(NULL);
    mm_arena *a = mm_arena_new(0);
    mm_error err;
    size_t rows = 0;
    mm_trace_builder_add_csv(b, (const char *)data, size, a, &rows, &err);
    mm_trace_graph *g = NULL;
    if (mm_trace_builder_freeze(b, &g, &err) == MM_OK) {
        mm_trace_scratch *s = mm_trace_scratch_new();
        mm_trace_params p = {.hops = 3, .window_s = 86400};
        for (uint32_t t = 0; t < mm_trace_graph_transfers(g) && t < 64; t++) {
            mm_trace_reach r;
            mm_trace_result f;
            mm_trace_expand(g, t, &p, s, &r, &err);
            if (mm_trace_fifo(g, t, &p, s, &f, &err) == MM_OK &&
                f.victim_amount != f.remaining + f.cashed_out + f.untraced)
                abort(); /* victim money must be conserved */
        }
        mm_trace_scratch_free(s);
        mm_trace_graph_free(g);
    }
    mm_trace_builder_free(b);
    mm_arena_free(a);
    return 0;
}
