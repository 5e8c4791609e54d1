/*
 * message_branch.c — bank accounts written with the branch's NAME
 * ("○○銀行 渋谷支店 普通 1234567") resolved to the Zengin branch code, so the
 * account is canonical and is looked up like "0001-210-1-1234567".
 *
 * To be paid, a fraudster must name bank, branch and number, and branches
 * are written by name far more often than by code. The list is the Zengin
 * list the store already uses (../shared/data/zengin-code), handed to the
 * model by its loader (server, CLI with --db). Names are normalised once
 * with mm_norm_text, like the message text (ひばりが丘, ﾛｯｸ, full-width
 * letters match however written), kept per bank, longest first. A name
 * matches right before 支店 / 出張所 / 支所 / 店 (渋谷支店, ゆうちょ 〇一八店)
 * or when complete itself (本店, 東京営業部, 白金出張所); the match nearest
 * the account number wins. No I/O; lookups allocate nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "screen/message_internal.h"

typedef struct branch {
    char bank[5];
    char code[4];
    uint32_t off; /* normalised name in pool */
    uint16_t len;
    bool complete; /* the name ends in 本店 / 営業部 / 出張所 / 支所 itself */
} branch;

struct msg_branches {
    branch *v;
    size_t n;
    char *pool;
};

/* longest first: "支店" must win over "店" */
static const char *const suffixes[] = {"支店", "出張所", "支所", "店"};
static const char *const complete_ends[] = {"本店", "営業部", "出張所", "支所", "支店"};

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t l = strlen(suf);
    return n >= l && memcmp(s + n - l, suf, l) == 0;
}

/* Bank code ascending, then longer names first. */
static int branch_cmp(const void *pa, const void *pb)
{
    const branch *a = pa, *b = pb;
    int c = memcmp(a->bank, b->bank, 4);
    if (c)
        return c;
    return (int)b->len - (int)a->len;
}

void msg_branches_free(msg_branches *b)
{
    if (b == NULL)
        return;
    free(b->v);
    free(b->pool);
    free(b);
}

mm_status mm_message_model_set_branches(mm_message_model *m, const mm_zengin *z, mm_error *err)
{
    msg_branches_free(m->branches);
    m->branches = NULL;
    size_t n = mm_zengin_branch_count(z);
    if (n == 0)
        return MM_OK;
    msg_branches *b = calloc(1, sizeof *b);
    mm_arena *a = mm_arena_new(1 << 16);
    size_t cap = 1 << 16, used = 0;
    if (b == NULL || a == NULL || (b->v = malloc(n * sizeof *b->v)) == NULL ||
        (b->pool = malloc(cap)) == NULL)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        branch *e = &b->v[b->n];
        const char *name = mm_zengin_branch_at(z, i, e->bank, e->code);
        mm_text t;
        mm_arena_reset(a);
        if (name == NULL || name[0] == 0 ||
            mm_norm_text(name, strlen(name), a, &t, NULL) != MM_OK || t.len == 0 ||
            t.len > UINT16_MAX)
            continue; /* a name that does not normalise cannot be matched */
        if (used + t.len > cap) {
            while (used + t.len > cap)
                cap *= 2;
            char *np = realloc(b->pool, cap);
            if (np == NULL)
                goto nomem;
            b->pool = np;
        }
        if (used > UINT32_MAX - t.len)
            goto nomem;
        memcpy(b->pool + used, t.text, t.len);
        e->off = (uint32_t)used;
        e->len = (uint16_t)t.len;
        e->complete = false;
        for (size_t k = 0; k < sizeof complete_ends / sizeof complete_ends[0]; k++)
            e->complete = e->complete || ends_with(t.text, t.len, complete_ends[k]);
        used += t.len;
        b->n++;
    }
    qsort(b->v, b->n, sizeof *b->v, branch_cmp);
    mm_arena_free(a);
    m->branches = b;
    return MM_OK;
nomem:
    mm_arena_free(a);
    msg_branches_free(b);
    return mm_error_set(err, MM_ENOMEM, "zengin", "out of memory indexing %zu branch names", n);
}

mm_status mm_screen_ctx_set_zengin(mm_screen_ctx *ctx, const mm_zengin *z, mm_error *err)
{
    if (ctx->message == NULL)
        return MM_OK;
    /* The context's owner calls this once, before sharing the context: the
     * model is still its own to change. */
    return mm_message_model_set_branches((mm_message_model *)ctx->message, z, err);
}

/* First entry of bank4 in the sorted index, or b->n. */
static size_t bank_start(const msg_branches *b, const char *bank4)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(b->v[mid].bank, bank4, 4) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool msg_branch_by_name(const mm_message_model *m, const char *bank4, const char *text, size_t len,
                        char branch3[4])
{
    const msg_branches *b = m ? m->branches : NULL;
    if (b == NULL || bank4 == NULL || strlen(bank4) != 4)
        return false;
    size_t lo = bank_start(b, bank4), hi = lo;
    while (hi < b->n && memcmp(b->v[hi].bank, bank4, 4) == 0)
        hi++;
    if (lo == hi)
        return false;
    /* the match ending nearest the account number wins: walk end positions
     * backwards; at each, longer names come first */
    for (size_t end = len; end > 0; end--) {
        size_t sl = 0; /* a suffix ending at `end`: the name ends before it */
        for (size_t k = 0; sl == 0 && k < sizeof suffixes / sizeof suffixes[0]; k++)
            if (ends_with(text, end, suffixes[k]))
                sl = strlen(suffixes[k]);
        bool complete_here = false; /* a complete name can only end in one of these */
        for (size_t k = 0; !complete_here && k < sizeof complete_ends / sizeof complete_ends[0];
             k++)
            complete_here = ends_with(text, end, complete_ends[k]);
        if (sl == 0 && !complete_here)
            continue;
        for (size_t i = lo; i < hi; i++) {
            const branch *e = &b->v[i];
            const char *name = b->pool + e->off;
            if (e->complete ? complete_here && e->len <= end &&
                                  memcmp(text + end - e->len, name, e->len) == 0
                            : sl && e->len + sl <= end &&
                                  memcmp(text + end - sl - e->len, name, e->len) == 0) {
                memcpy(branch3, e->code, 4);
                return true;
            }
        }
    }
    return false;
}
