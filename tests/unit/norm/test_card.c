/* Tests for src/norm/card.c: the published test PANs of the card networks
 * (as listed by payment processors' sandbox documentation), separators and
 * full-width digits, Luhn failures, and that no message leaks the PAN. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/norm.h"

static const struct {
    const char *in;
    const char *digits;
    const char *brand;
} ok_cases[] = {
    {"4111111111111111", "4111111111111111", "visa"},
    {"4111 1111 1111 1111", "4111111111111111", "visa"},
    {"4111-1111-1111-1111", "4111111111111111", "visa"},
    {"４１１１　１１１１　１１１１　１１１１", "4111111111111111", "visa"},
    {"４１１１－１１１１－１１１１－１１１１", "4111111111111111", "visa"},
    {"4012888888881881", "4012888888881881", "visa"},
    {"4222222222222", "4222222222222", "visa"},
    {"4242424242424242", "4242424242424242", "visa"},
    {"5555555555554444", "5555555555554444", "mastercard"},
    {"5105105105105100", "5105105105105100", "mastercard"},
    {"2223003122003222", "2223003122003222", "mastercard"},
    {"2720990000000007", "2720990000000007", "mastercard"},
    {"378282246310005", "378282246310005", "amex"},
    {"3714 496353 98431", "371449635398431", "amex"},
    {"6011111111111117", "6011111111111117", "discover"},
    {"6011000990139424", "6011000990139424", "discover"},
    {"6445644564456445", "6445644564456445", "discover"},
    {"30569309025904", "30569309025904", "diners"},
    {"38520000023237", "38520000023237", "diners"},
    {"36227206271667", "36227206271667", "diners"},
    {"3530111333300000", "3530111333300000", "jcb"},
    {"3566002020360505", "3566002020360505", "jcb"},
    {"6200000000000005", "6200000000000005", "unionpay"},
    {"8000000000000003", "8000000000000003", "unknown"},
    {"4000 0000 0000 0000 006", "4000000000000000006", "visa"},
};

Test(norm_card, test_pans)
{
    for (size_t i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
        mm_card c;
        mm_error err = {0};
        cr_assert_eq(mm_norm_card(ok_cases[i].in, &c, &err), MM_OK, "%s: %s", ok_cases[i].in,
                     err.message);
        cr_expect_str_eq(c.digits, ok_cases[i].digits);
        cr_expect_str_eq(c.brand, ok_cases[i].brand, "%s", ok_cases[i].in);
        cr_expect_str_eq(c.last4, ok_cases[i].digits + strlen(ok_cases[i].digits) - 4);
    }
}

static const struct {
    const char *in;
    const char *msg_part;
} bad_cases[] = {
    {"4111111111111112", "ending 1112 fails the Luhn check"},
    {"4111 1111 1111 1121", "ending 1121 fails the Luhn check"},
    {"5555555555554445", "Luhn"},
    {"41111111111", "11 digits"},
    {"4111111111111111111111", "22 digits"},
    {"", "0 digits"},
    {"4111.1111.1111.1111", "unexpected character at position 5"},
    {"4111111111111111 exp 12/30", "unexpected character"},
    {"411111111111111１x", "unexpected character at position 17"},
    {"4111\xff", "UTF-8"},
};

Test(norm_card, errors_never_echo_the_number)
{
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        mm_card c;
        mm_error err = {0};
        cr_assert_eq(mm_norm_card(bad_cases[i].in, &c, &err), MM_EINVAL, "%s accepted",
                     bad_cases[i].in);
        cr_expect_str_eq(err.field, "card");
        cr_expect(strstr(err.message, bad_cases[i].msg_part) != NULL, "%s: '%s' lacks '%s'",
                  bad_cases[i].in, err.message, bad_cases[i].msg_part);
        /* nothing beyond the last four digits: no run of 5 input digits */
        cr_expect(strstr(err.message, "41111") == NULL && strstr(err.message, "55555") == NULL,
                  "%s: message leaks digits: %s", bad_cases[i].in, err.message);
        cr_expect_str_eq(c.digits, "");
    }
    mm_card c;
    cr_assert_eq(mm_norm_card(NULL, &c, NULL), MM_EINVAL);
}

Test(norm_card, every_single_digit_error_is_caught)
{
    /* Luhn detects any single-digit substitution. */
    const char *pan = "3566002020360505";
    for (size_t i = 0; i < strlen(pan); i++) {
        for (char d = '0'; d <= '9'; d++) {
            if (d == pan[i])
                continue;
            char buf[20];
            strcpy(buf, pan);
            buf[i] = d;
            mm_card c;
            cr_assert_eq(mm_norm_card(buf, &c, NULL), MM_EINVAL, "%s", buf);
        }
    }
}
