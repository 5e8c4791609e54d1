/* Tests for the payment rules parser (src/screen/payment_rules.c): the
 * reviewed file loads whole, and each kind of mistake in a rules or
 * exchange file is refused naming its line and what is wrong. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_payment.h"

Test(screen_payment_rules, reviewed_files_load)
{
    char *r, *x;
    size_t rl, xl;
    mm_error e;
    cr_assert_eq(mm_read_file("data/payment_rules.tsv", &r, &rl, &e), MM_OK, "%s", e.message);
    cr_assert_eq(mm_read_file("data/exchange_accounts.tsv", &x, &xl, &e), MM_OK, "%s", e.message);
    mm_payment_rules *p;
    cr_assert_eq(mm_payment_rules_parse(r, rl, x, xl, &p, &e), MM_OK, "%s", e.message);
    cr_assert_eq(mm_payment_rules_count(p), 23);
    cr_assert_eq(mm_payment_rules_exchanges(p), 4);
    cr_assert_str_eq(mm_payment_rules_exchange(p, "0036-251-1-9000001"), "Example Coin Exchange");
    cr_assert_null(mm_payment_rules_exchange(p, "0036-251-1-9000009"));
    mm_payment_rules_free(p);
    free(r);
    free(x);
}

Test(screen_payment_rules, mistakes_are_named)
{
    static const struct {
        const char *rules;
        const char *exch;
        const char *field;
        const char *in_message;
    } cases[] = {
        {"# c\nNOPE\t10\t-\t-\tclerk\tja\ten\n", NULL, "code", "line 2"},
        {"ATM_ON_PHONE_CALL\t101\t-\t-\tclerk\tja\ten\n", NULL, "weight", "line 1"},
        {"ATM_ON_PHONE_CALL\t10\t-\t-\tclerk\tja\n", NULL, "payment_rules", "6 columns"},
        {"ELDERLY_LARGE_TRANSFER\t10\tmin_age=65\t-\tclerk\tja\ten\n", NULL, "params",
         "min_amount"},
        {"ELDERLY_LARGE_TRANSFER\t10\tmin_age=65,min_ammount=5\t-\tclerk\tja\ten\n", NULL, "params",
         "min_ammount"},
        {"PAYEE_VELOCITY\t10\twindow=60,min_count=9,min_amount=1\t-\tclerk\tja\ten\n", NULL,
         "params", "min_count=9"},
        {"ATM_ON_PHONE_CALL\t10\t-\t-\tboss\tja\ten\n", NULL, "audience", "boss"},
        {"ATM_ON_PHONE_CALL\t10\t-\t-\tclerk\t\ten\n", NULL, "text", "line 1"},
        {"ATM_ON_PHONE_CALL\t10\t-\t-\tclerk\tja\ten\nATM_ON_PHONE_CALL\t10\t-\t-\tclerk\tja\ten\n",
         NULL, "code", "twice"},
        {"", "0001-001-1-1\tX\n", "exchange_accounts", "3"},
        {"", "hello\tX\tY\n", "account", "line 1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_payment_rules *p = NULL;
        mm_error e;
        const char *x = cases[i].exch;
        mm_status st = mm_payment_rules_parse(cases[i].rules, strlen(cases[i].rules), x,
                                              x ? strlen(x) : 0, &p, &e);
        cr_assert_eq(st, MM_EINVAL, "case %zu", i);
        cr_assert_null(p);
        cr_assert_str_eq(e.field, cases[i].field, "case %zu: %s (%s)", i, e.field, e.message);
        cr_assert(strstr(e.message, cases[i].in_message), "case %zu: %s", i, e.message);
    }
}
