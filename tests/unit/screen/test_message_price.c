/* Tests for msg_deep_price_cut (message_price.c): a list price next to a
 * selling price of at most 55 % of it is a deep cut, in either order; a
 * shipping fee, a discount amount or a modest sale is not. The texts are
 * normalised as the screen normalises them. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/core.h"
#include "mamoru/norm.h"
#include "screen/message_internal.h"

static bool deep(const char *raw)
{
    mm_arena *a = mm_arena_new(1 << 14);
    mm_text t;
    mm_error e;
    cr_assert_eq(mm_norm_text(raw, strlen(raw), a, &t, &e), MM_OK);
    size_t from = 0, to = 0;
    bool got = msg_deep_price_cut(t.text, t.len, &from, &to);
    if (got)
        cr_assert(from < to && to <= t.len, "span [%zu, %zu) of %zu", from, to, t.len);
    mm_arena_free(a);
    return got;
}

Test(message_price, a_cut_to_half_or_less_is_deep)
{
    static const char *const yes[] = {
        "人気ベビーカー 定価69,800円→19,800円 先着10台",
        "販売価格：41,800円（定価83,600円）送料無料",
        "定価124,300円 → シーズン前特価54,800円",
        "通常価格 3万円のところ 12,000円",
        "Regular price ¥30,000, now only ¥9,800",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_expect(deep(yes[i]), "not read as a deep cut: %s", yes[i]);
}

Test(message_price, other_amounts_near_a_list_price_are_not)
{
    static const char *const no[] = {
        "定価10,000円→8,000円のセール",            /* 20 % off */
        "定価10,000円のところ5,000円引き",         /* a discount amount */
        "定価10,000円 送料500円",                  /* a fee, under a tenth */
        "定価10,000円、今なら3,000円分のポイント", /* points given back */
        "定価500円→100円",                         /* too small to be bait */
        "販売価格 19,800円 送料無料",              /* no list price */
    };
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_expect(!deep(no[i]), "read as a deep cut: %s", no[i]);
}
