/* Tests for msg_drop_denied_hits (message_negation.c): which phrase hits a
 * clause's own denial drops, and that the answer does not depend on the
 * order the hits come in — the pass reuses its last look-ahead when the
 * next hit starts inside it, so an order-dependent slip would show here. */
#include "msg_fixture.h"
#include "screen/message_internal.h"

/* A phrase whose signal a denial may drop (not secrecy or a marker). */
static uint32_t droppable_phrase(const mm_message_model *m)
{
    for (size_t i = 0; i < m->nphrases; i++) {
        int s = m->phrases[i].signal;
        if (s != m->sig_secrecy && s != m->sig_warn && s != m->sig_never)
            return (uint32_t)i;
    }
    cr_assert_fail("no droppable phrase in the model");
    return 0;
}

/* Byte offset just after the first occurrence of w in t. */
static uint32_t after(const char *t, const char *w)
{
    const char *p = strstr(t, w);
    cr_assert_not_null(p, "'%s' not in the text", w);
    return (uint32_t)(p - t + strlen(w));
}

/* Run the pass over hits given in the order of idx; returns the `to` of
 * the hits kept, as a bit set over the input positions. */
static unsigned kept(const mm_message_model *m, const char *t, const msg_hit *in, size_t n,
                     const size_t *idx)
{
    msg_hit h[16];
    for (size_t i = 0; i < n; i++)
        h[i] = in[idx[i]];
    size_t k = msg_drop_denied_hits(m, h, n, t, strlen(t));
    unsigned set = 0;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < n; i++)
            if (in[i].to == h[j].to)
                set |= 1u << i;
    return set;
}

Test(message_negation, denial_drops_its_own_clause_in_any_hit_order)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    const mm_message_model *m = ctx.message;
    uint32_t id = droppable_phrase(m);
    /* clause 1 is denied; clause 2 is not (its 。 ends it first); clause 3
     * has a denial more than 90 bytes after its first hit, and a hit near
     * enough to it */
    const char *t = "当行からATMで還付の手続きはできません。"
                    "お荷物をお預かりしています。ご確認ください。"
                    "長い前置きがここからしばらく続きますがまだ終わらずにさらに続いていきます"
                    "ずっと続いて最後に申込はできません。";
    msg_hit in[7] = {
        {id, 0, after(t, "当行")},              /* denied */
        {id, 0, after(t, "還付")},              /* denied, same look-ahead */
        {id, 0, after(t, "お荷物")},            /* kept: 。 first */
        {id, 0, after(t, "ご確認")},            /* kept */
        {id, 0, after(t, "長い前置き")},        /* kept: the denial is out of reach */
        {id, 0, after(t, "最後に")},            /* denied */
        {id, 0, after(t, "さらに")},            /* denied: reaches past 4's look-ahead */
    };
    unsigned want = (1u << 2) | (1u << 3) | (1u << 4);
    static const size_t orders[][7] = {
        {0, 1, 2, 3, 4, 6, 5}, {5, 6, 4, 3, 2, 1, 0}, {1, 0, 3, 2, 4, 5, 6},
        {4, 6, 5, 0, 2, 1, 3}, {2, 0, 6, 4, 1, 5, 3}, {0, 4, 1, 5, 2, 3, 6},
    };
    for (size_t o = 0; o < sizeof orders / sizeof orders[0]; o++)
        cr_expect_eq(kept(m, t, in, 7, orders[o]), want, "order %zu: kept %#x, want %#x", o,
                     kept(m, t, in, 7, orders[o]), want);
    mm_screen_ctx_unload(&ctx);
}
