/* Tests for src/norm/email.c: display names, mailto:, case folding, IDN
 * domains, registrable domain, and refusals that name the value. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/norm.h"

typedef struct email_case {
    const char *in;
    const char *canonical;
    const char *local;
    const char *domain;
    const char *registrable;
} email_case;

static const email_case email_cases[] = {
    {"info@example.com", "info@example.com", "info", "example.com", "example.com"},
    {"  Info@Example.COM  ", "info@example.com", "info", "example.com", "example.com"},
    {"\"佐川急便\" <Support@Sagawa-Exp.co.jp>", "support@sagawa-exp.co.jp", "support",
     "sagawa-exp.co.jp", "sagawa-exp.co.jp"},
    {"Amazon Japan <no-reply@mail.amazon-security.xyz>", "no-reply@mail.amazon-security.xyz",
     "no-reply", "mail.amazon-security.xyz", "amazon-security.xyz"},
    {"<a@b.example>", "a@b.example", "a", "b.example", "b.example"},
    {"mailto:User%2Btag@Example.org?subject=hello", "user+tag@example.org", "user+tag",
     "example.org", "example.org"},
    {"MAILTO:x@y.jp", "x@y.jp", "x", "y.jp", "y.jp"},
    {"first.last@ヤマト.jp", "first.last@xn--fdk0br.jp", "first.last", "xn--fdk0br.jp",
     "xn--fdk0br.jp"},
    {"o'brien!#$%&*/=?^_`{|}~-@mail.city.kawasaki.jp",
     "o'brien!#$%&*/=?^_`{|}~-@mail.city.kawasaki.jp", "o'brien!#$%&*/=?^_`{|}~-",
     "mail.city.kawasaki.jp", "city.kawasaki.jp"},
    {"user@ｅｘａｍｐｌｅ．ｃｏｍ", "user@example.com", "user", "example.com", "example.com"},
    {"user@example.com.", "user@example.com", "user", "example.com", "example.com"},
    {"user@co.jp", "user@co.jp", "user", "co.jp", "co.jp"}, /* suffix: its own organisation */
};

Test(norm_email, cases)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof email_cases / sizeof email_cases[0]; i++) {
        const email_case *c = &email_cases[i];
        mm_email e;
        mm_error err = {0};
        cr_assert_eq(mm_norm_email(c->in, a, &e, &err), MM_OK, "'%s': %s", c->in, err.message);
        cr_expect_str_eq(e.canonical, c->canonical, "'%s'", c->in);
        cr_expect_str_eq(e.local, c->local, "'%s'", c->in);
        cr_expect_str_eq(e.domain, c->domain, "'%s'", c->in);
        cr_expect_str_eq(e.registrable, c->registrable, "'%s'", c->in);
    }
    mm_arena_free(a);
}

typedef struct email_error {
    const char *in;
    const char *message_part;
} email_error;

static const email_error email_errors[] = {
    {"", "'' is empty"},
    {"   ", "is empty"},
    {"mailto:", "'mailto:' is empty"},
    {"no-at-sign.example.com", "'no-at-sign.example.com' has no '@'"},
    {"a@b@example.com", "more than one '@'"},
    {"@example.com", "empty local part"},
    {".a@example.com", "'.' at the start or end"},
    {"a.@example.com", "'.' at the start or end"},
    {"a..b@example.com", "two in a row"},
    {"a b@example.com", "the character ' '"},
    {"a(comment)@example.com", "the character '('"},
    {"\"quoted\"@example.com", "quoted local part"},
    {"ユーザー@example.jp", "non-ASCII local part"},
    {"user@[192.0.2.1]", "address literal"},
    {"user@localhost", "single-label domain 'localhost'"},
    {"user@exa_mple.com", "'user@exa_mple.com': domain 'exa_mple.com' has a character"},
    {"user@", "'user@': domain '' is empty"},
    {"Name <user@example.com", "unbalanced"},
    {"user@example.com>", "unbalanced"},
    {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com",
     "local part longer than 64"},
};

Test(norm_email, errors_name_field_and_value)
{
    mm_arena *a = mm_arena_new(0);
    for (size_t i = 0; i < sizeof email_errors / sizeof email_errors[0]; i++) {
        mm_email e;
        mm_error err = {0};
        cr_expect_eq(mm_norm_email(email_errors[i].in, a, &e, &err), MM_EINVAL, "'%s'",
                     email_errors[i].in);
        cr_expect_str_eq(err.field, "email");
        cr_expect_not_null(strstr(err.message, email_errors[i].message_part), "'%s' → '%s'",
                           email_errors[i].in, err.message);
    }
    mm_email e;
    mm_error err = {0};
    cr_expect_eq(mm_norm_email(NULL, a, &e, &err), MM_EINVAL);
    cr_expect_str_eq(err.field, "email");
    /* over 254 characters in all: 64 + 1 + 190 */
    char big[300];
    memset(big, 'a', 64);
    big[64] = '@';
    size_t o = 65;
    for (int i = 0; i < 3; i++) {
        memset(big + o, 'b', 60);
        o += 60;
        big[o++] = '.';
    }
    memcpy(big + o, "example", 7);
    o += 7;
    big[o] = '\0';
    cr_expect_eq(mm_norm_email(big, a, &e, &err), MM_EINVAL);
    cr_expect_not_null(strstr(err.message, "longer than 254"), "%s", err.message);
    mm_arena_free(a);
}
