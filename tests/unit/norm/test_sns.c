/* Tests for src/norm/sns.c: "platform:id" forms and profile URLs of the
 * messengers and SNS that fraud uses to move and recruit victims. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct io_case {
    const char *in;
    const char *want;
} io_case;

static const io_case cases[] = {
    /* LINE: case-insensitive; '@' marks official accounts and is kept */
    {"line:ABC_123", "line:abc_123"},
    {"LINE: yamada.taro", "line:yamada.taro"},
    {"line:@Shop123", "line:@shop123"},
    {"ＬＩＮＥ：ａｂｃ", "line:abc"},
    {"https://line.me/ti/p/~Abc", "line:abc"},
    {"https://line.me/R/ti/p/~abc", "line:abc"},
    {"https://line.me/R/ti/p/@shop123", "line:@shop123"},
    {"https://line.me/R/ti/p/%40shop123", "line:@shop123"},
    /* Telegram */
    {"telegram:@Name_01", "telegram:name_01"},
    {"tg:name_01", "telegram:name_01"},
    {"https://t.me/Name_01", "telegram:name_01"},
    {"t.me/name_01", "telegram:name_01"},
    {"https://telegram.me/name_01/", "telegram:name_01"},
    {"https://t.me/s/name_01", "telegram:name_01"},
    /* X / Twitter */
    {"x:@Name", "x:name"},
    {"twitter:@Name", "x:name"},
    {"Twitter : name", "x:name"},
    {"https://x.com/Name", "x:name"},
    {"https://twitter.com/name?s=20", "x:name"},
    {"https://mobile.twitter.com/name", "x:name"},
    {"https://x.com/name/status/123", "x:name"},
    /* Instagram */
    {"instagram:@Some.One", "instagram:some.one"},
    {"ig:some.one", "instagram:some.one"},
    {"https://www.instagram.com/some.one/", "instagram:some.one"},
    {"https://instagram.com/stories/some.one/123", "instagram:some.one"},
    /* Facebook */
    {"facebook:Some.One", "facebook:some.one"},
    {"https://www.facebook.com/Some.One", "facebook:some.one"},
    {"https://m.facebook.com/profile.php?id=100012345678", "facebook:100012345678"},
    {"https://www.facebook.com/people/Some-One/100012345678/", "facebook:100012345678"},
    /* Signal: username or number */
    {"signal:Name.01", "signal:name.01"},
    {"signal:+81 90-1234-5678", "signal:+819012345678"},
    /* WhatsApp: '+' and digits */
    {"whatsapp:+81 90-1234-5678", "whatsapp:+819012345678"},
    {"whatsapp:+1 (555) 010-0110", "whatsapp:+15550100110"},
    {"wa:090-1234-5678", "whatsapp:09012345678"},
    {"https://wa.me/819012345678", "whatsapp:+819012345678"},
    {"https://api.whatsapp.com/send?phone=819012345678&text=hi", "whatsapp:+819012345678"},
    /* TikTok */
    {"tiktok:@Name", "tiktok:name"},
    {"https://www.tiktok.com/@Name/video/1", "tiktok:name"},
};

Test(norm_sns, table)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        mm_error e = {0};
        cr_assert_eq(mm_norm_sns_account(cases[i].in, a, &out, &e), MM_OK, "case %zu: %s", i,
                     e.message);
        cr_expect_str_eq(out, cases[i].want, "case %zu '%s'", i, cases[i].in);
    }
    mm_arena_free(a);
}

typedef struct err_case {
    const char *in;
    const char *want_in_message; /* the offending value must be quoted */
} err_case;

static const err_case errors[] = {
    {"myspace:abc", "unknown platform 'myspace'"},
    {"skype:abc", "'skype'"},
    {"abc", "'abc': expected platform:id"},
    {"", "''"},
    {"telegram:", "'' is not a valid telegram id"},
    {"line:abc def", "'abc def' is not a valid line id"},
    {"x:@na!me", "'@na!me' is not a valid x id"},
    {"whatsapp:+81 90 abc", "not a valid whatsapp id"},
    {"whatsapp:123", "'123' is not a valid whatsapp id"},
    {"https://t.me/+AbCdEf", "'https://t.me/+AbCdEf': URL does not name an account"},
    {"https://t.me/joinchat/AbCdEf", "does not name an account"},
    {"https://line.me/R/ti/p/AbCdEfGh", "does not name an account"},
    {"https://www.instagram.com/p/Cxyz/", "does not name an account"},
    {"https://x.com/i/web/status/1", "does not name an account"},
    {"https://example.com/name", "'https://example.com/name': not a profile URL"},
    {"line:\xed\xa0\x80", "offset 5"},
};

Test(norm_sns, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        char *out = NULL;
        mm_error e = {0};
        cr_expect_eq(mm_norm_sns_account(errors[i].in, a, &out, &e), MM_EINVAL, "case %zu", i);
        cr_expect_str_eq(e.field, "value", "case %zu", i);
        cr_expect_not_null(strstr(e.message, errors[i].want_in_message), "case %zu: %s", i,
                           e.message);
    }
    char *out;
    mm_error e = {0};
    cr_expect_eq(mm_norm_sns_account(NULL, a, &out, &e), MM_EINVAL);
    cr_expect_str_eq(e.field, "value");
    mm_arena_free(a);
}
