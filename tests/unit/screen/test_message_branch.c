/* Tests for src/screen/message_branch.c: bank accounts written with the
 * branch's name resolve to the Zengin branch code through the hook in
 * message_extract.c — by suffix (渋谷支店), complete names (本店, 東京営業部),
 * longest name first (渋谷駅前 before 渋谷), however the name is written
 * (ﾛｯｸ, ひばりが丘), only within the named bank; an explicit branch code
 * still wins; without the Zengin list the account stays partial. */
#include <stdio.h>
#include <stdlib.h>

#include "msg_fixture.h"

static const char banks[] =
    "bank_code\tname\n0001\tみずほ\n0009\t三井住友\n0036\t楽天\n9900\tゆうちょ\n";
static const char branches[] =
    "bank_code\tbranch_code\tbank_name\tbranch_name\n"
    "0001\t001\tみずほ\t東京営業部\n0001\t100\tみずほ\t本店\n0001\t210\tみずほ\t渋谷\n"
    "0001\t262\tみずほ\tひばりが丘\n0009\t200\t三井住友\t本店営業部\n"
    "0009\t101\t三井住友\t大阪本店営業部\n0009\t234\t三井住友\t渋谷駅前\n"
    "0009\t654\t三井住友\t渋谷\n0009\t400\t三井住友\t梅田\n0036\t202\t楽天\tロック\n"
    "0001\t500\tみずほ\t白金出張所\n9900\t018\tゆうちょ\t〇一八\n";

/* The bank account extracted from text: its value and flags. */
static const mm_extracted *account(const mm_screen_ctx *ctx, mm_arena *a, const char *text)
{
    mm_extracted *xs;
    size_t n;
    mm_error e = {0};
    cr_assert_eq(mm_message_extract(ctx->message, text, strlen(text), a, &xs, &n, &e), MM_OK, "%s",
                 e.message);
    for (size_t i = 0; i < n; i++)
        if (xs[i].kind == MM_KIND_BANK_ACCOUNT)
            return &xs[i];
    return NULL;
}

static const struct {
    const char *text, *want; /* want NULL: partial */
} cases[] = {
    {"還付金はみずほ銀行 渋谷支店 普通 1234567 へ", "0001-210-1-1234567"},
    {"振込先：みずほ銀行ひばりが丘支店 普通口座 7654321", "0001-262-1-7654321"},
    {"振込先 みずほ 本店 普通 1111111", "0001-100-1-1111111"},
    {"みずほ銀行 東京営業部 当座 2222222", "0001-001-2-2222222"},
    {"みずほ銀行 白金出張所 普通 3333333", "0001-500-1-3333333"},
    {"三井住友銀行 渋谷駅前支店 普通 4444444", "0009-234-1-4444444"},
    {"三井住友銀行 渋谷支店 普通 4444444", "0009-654-1-4444444"},
    {"三井住友銀行 大阪本店営業部 普通 5555555", "0009-101-1-5555555"},
    {"三井住友銀行 本店営業部 普通 5555555", "0009-200-1-5555555"},
    {"楽天銀行 ﾛｯｸ支店 普通 6666666", "0036-202-1-6666666"},
    {"ゆうちょ銀行 〇一八店 普通 7777777", "9900-018-1-7777777"},
    {"みずほ銀行 渋谷店 普通 1234567", "0001-210-1-1234567"},
    /* an explicit branch code is used as written */
    {"みずほ銀行 渋谷支店(店番 211) 普通 1234567", "0001-211-1-1234567"},
    /* a branch of another bank, an unknown branch, no suffix: partial */
    {"みずほ銀行 梅田支店 普通 1234567", NULL},
    {"みずほ銀行 新宿支店 普通 1234567", NULL},
    {"みずほ銀行 渋谷 普通 1234567", NULL},
};

Test(message_branch, names_resolve_through_zengin)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    mm_zengin *z = NULL;
    cr_assert_eq(mm_zengin_parse(banks, sizeof banks - 1, branches, sizeof branches - 1, &z, NULL),
                 MM_OK);
    mm_arena *a = mm_arena_new(0);
    /* without the list: partial */
    const mm_extracted *x = account(&ctx, a, cases[0].text);
    cr_assert_not_null(x);
    cr_expect(x->flags & MM_EXTRACT_PARTIAL, "no Zengin list: %s", x->value);
    cr_assert_eq(mm_screen_ctx_set_zengin(&ctx, z, NULL), MM_OK);
    mm_zengin_free(z); /* the model keeps its own index */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        x = account(&ctx, a, cases[i].text);
        cr_assert_not_null(x, "%s: no account", cases[i].text);
        if (cases[i].want) {
            cr_expect_str_eq(x->value, cases[i].want, "%s", cases[i].text);
            cr_expect_eq(x->flags & MM_EXTRACT_PARTIAL, 0, "%s", cases[i].text);
        } else {
            cr_expect(x->flags & MM_EXTRACT_PARTIAL, "%s: got %s", cases[i].text, x->value);
        }
        mm_arena_reset(a);
    }
    /* an empty list removes the index again */
    cr_assert_eq(mm_screen_ctx_set_zengin(&ctx, NULL, NULL), MM_OK);
    x = account(&ctx, a, cases[0].text);
    cr_expect(x->flags & MM_EXTRACT_PARTIAL);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        if (*n + 65536 > cap) {
            cap = cap ? cap * 2 : 1 << 20;
            char *nb = realloc(buf, cap);
            cr_assert_not_null(nb);
            buf = nb;
        }
        size_t r = fread(buf + *n, 1, cap - *n, f);
        *n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    return buf;
}

/* The real list (../shared/data/zengin-code): every branch of the big banks
 * written "<bank>銀行 <branch>支店 普通 1234567" (ゆうちょ: "<店名>店")
 * resolves to its own code unless another branch of the same bank has a
 * longer name ending in it. */
Test(message_branch, real_zengin_list)
{
    size_t nb, nr;
    char *b = slurp("../shared/data/zengin-code/banks.tsv", &nb);
    char *r = slurp("../shared/data/zengin-code/branches_all.tsv", &nr);
    if (b == NULL || r == NULL) {
        free(b);
        free(r);
        cr_skip_test("../shared/data/zengin-code is absent");
    }
    mm_zengin *z = NULL;
    cr_assert_eq(mm_zengin_parse(b, nb, r, nr, &z, NULL), MM_OK);
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    cr_assert_eq(mm_screen_ctx_set_zengin(&ctx, z, NULL), MM_OK);
    mm_arena *a = mm_arena_new(0);
    static const struct {
        const char *bank, *written, *suffix;
    } big[] = {{"0001", "みずほ銀行", "支店"},
               {"0005", "三菱UFJ銀行", "支店"},
               {"0009", "三井住友銀行", "支店"},
               {"9900", "ゆうちょ銀行", "店"}}; /* 〇一八店 */
    size_t tried = 0, ok = 0;
    for (size_t i = 0; i < mm_zengin_branch_count(z); i++) {
        char bank[5], code[4];
        const char *name = mm_zengin_branch_at(z, i, bank, code);
        for (size_t k = 0; k < sizeof big / sizeof big[0]; k++) {
            if (strcmp(bank, big[k].bank) != 0 || strstr(name, "出張所") ||
                strstr(name, "営業部") || strcmp(name, "本店") == 0)
                continue;
            char text[256], want[32];
            snprintf(text, sizeof text, "振込先 %s %s%s 普通 1234567", big[k].written, name,
                     big[k].suffix);
            snprintf(want, sizeof want, "%s-%s-1-1234567", bank, code);
            const mm_extracted *x = account(&ctx, a, text);
            tried++;
            ok += x && strcmp(x->value, want) == 0;
            mm_arena_reset(a);
        }
    }
    cr_log_info("%zu of %zu branch names resolved", ok, tried);
    cr_expect_gt(tried, 1000);
    cr_expect_geq((double)ok / (double)tried, 0.97, "%zu of %zu branch names resolved", ok, tried);
    mm_arena_free(a);
    mm_screen_ctx_unload(&ctx);
    mm_zengin_free(z);
    free(b);
    free(r);
}
