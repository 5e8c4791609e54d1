/* Tests for the payment model's pure helpers: type names round-trip,
 * flags, and one canonical account from any writing (src/screen/
 * payment_model.c, src/norm/account.c). */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/payment.h"

Test(screen_payment_model, type_names_round_trip_and_unknown_is_named)
{
    for (int i = 0; i < MM_PAY__COUNT; i++) {
        mm_pay_type t;
        const char *n = mm_pay_type_name((mm_pay_type)i);
        cr_assert_not_null(n);
        cr_assert_eq(mm_pay_type_parse(n, &t, NULL), MM_OK);
        cr_assert_eq((int)t, i);
    }
    mm_pay_type t;
    mm_error e;
    cr_assert_eq(mm_pay_type_parse("wire", &t, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "type");
    cr_assert(strstr(e.message, "'wire'"));
    cr_assert_null(mm_pay_type_name(MM_PAY__COUNT));
}

Test(screen_payment_model, flags)
{
    mm_payment p = {.flags = {"on_phone_call", "first_payee"}, .nflags = 2};
    cr_assert(mm_payment_has_flag(&p, "first_payee"));
    cr_assert_not(mm_payment_has_flag(&p, "on_phone"));
}

Test(screen_payment_model, account_any_writing_to_one_canonical)
{
    static const struct {
        const char *in;
        mm_kind kind;
        const char *want; /* NULL = refused */
    } cases[] = {
        {"0001-001-1-1234567", MM_KIND_BANK_ACCOUNT, "0001-001-1-1234567"},
        {"0001 001 普通 1234567", MM_KIND_BANK_ACCOUNT, "0001-001-1-1234567"},
        {"０００１－００１－１－１２３４５６７", MM_KIND_BANK_ACCOUNT, "0001-001-1-1234567"},
        {"bank=0005 branch=002 type=当座 number=123", MM_KIND_BANK_ACCOUNT, "0005-002-2-0000123"},
        {"0x52908400098527886e0f7030069857d2e4169ee7", MM_KIND_CRYPTO_ADDRESS,
         "eth:0x52908400098527886E0F7030069857D2E4169EE7"},
        {"btc:BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", MM_KIND_CRYPTO_ADDRESS,
         "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
        {"0x52908400098527886e0f7030069857d2e4169ee", MM_KIND_CRYPTO_ADDRESS, NULL},
        {"hello", MM_KIND_BANK_ACCOUNT, NULL},
        {"", MM_KIND_BANK_ACCOUNT, NULL},
    };
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *out = NULL;
        mm_kind k = MM_KIND__COUNT;
        mm_error e;
        mm_status st = mm_norm_account(cases[i].in, NULL, a, &out, &k, &e);
        if (cases[i].want == NULL) {
            cr_assert_eq(st, MM_EINVAL, "%s", cases[i].in);
            cr_assert_str_eq(e.field, "account", "%s: %s", cases[i].in, e.field);
            continue;
        }
        cr_assert_eq(st, MM_OK, "%s: %s", cases[i].in, e.message);
        cr_assert_eq(k, cases[i].kind, "%s", cases[i].in);
        cr_assert_str_eq(out, cases[i].want);
    }
    mm_arena_free(a);
}

Test(screen_payment_model, holder_forms_agree)
{
    mm_arena *a = mm_arena_new(0);
    const char *x, *y, *z;
    cr_assert_eq(mm_norm_holder("ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", a, &x, NULL), MM_OK);
    cr_assert_eq(mm_norm_holder("株式会社やまだしょうじ", a, &y, NULL), MM_OK);
    cr_assert_eq(mm_norm_holder("カ）ヤマダショウジ", a, &z, NULL), MM_OK);
    cr_assert_str_eq(x, y);
    cr_assert_str_eq(x, z);
    mm_error e;
    cr_assert_eq(mm_norm_holder("", a, &x, &e), MM_EINVAL);
    cr_assert_str_eq(e.field, "name");
    mm_arena_free(a);
}
