/*
 * jsonl_group.c — the line groups behind every JSONL batch: `mamoru screen
 * … --jsonl` (src/cli/cmd_screen.c) and POST /v1/screen/…/batch
 * (src/server/screen_batch.c). Both parse up to `max` lines, hand them to a
 * detector at once (a batch form such as URLs overlaps their lookups), then
 * write them in order and release them; only the reading of lines and the
 * shape of an output line differ, and those stay with each caller.
 */
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"

mm_status mm_jsonl_group_init(mm_jsonl_group *g, size_t max)
{
    memset(g, 0, sizeof *g);
    g->max = max ? max : 1;
    g->in = calloc(g->max, sizeof *g->in);
    g->out = calloc(g->max, sizeof *g->out);
    g->e = calloc(g->max, sizeof *g->e);
    g->lineno = calloc(g->max, sizeof *g->lineno);
    if (g->in && g->out && g->e && g->lineno)
        return MM_OK;
    mm_jsonl_group_free(g);
    return MM_ENOMEM;
}

bool mm_jsonl_group_add(mm_jsonl_group *g, const char *line, size_t len, size_t json_flags,
                        const char *parse_field, size_t lineno)
{
    mm_error *e = &g->e[g->n];
    mm_error_clear(e);
    json_error_t je;
    g->in[g->n] = json_loadb(line, len, json_flags, &je);
    if (g->in[g->n] == NULL)
        mm_error_set(e, MM_EINVAL, parse_field, "invalid JSON at column %d: %s", je.column,
                     je.text);
    g->lineno[g->n++] = lineno;
    return g->n == g->max;
}

void mm_jsonl_group_clear(mm_jsonl_group *g)
{
    for (size_t i = 0; i < g->n; i++) {
        const mm_jsonl_out *o = &g->out[i];
        if (o->json && (g->in[i] == NULL || o->text))
            json_decref(o->json); /* set where it should not have been */
        json_decref(g->in[i]);
    }
    memset(g->out, 0, g->n * sizeof *g->out);
    g->n = 0;
}

void mm_jsonl_group_free(mm_jsonl_group *g)
{
    free(g->in);
    free(g->out);
    free(g->e);
    free(g->lineno);
    memset(g, 0, sizeof *g);
}
