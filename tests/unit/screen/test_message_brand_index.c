/* Tests for the brand-domain index (src/screen/message_brand_index.c):
 * msg_brand_of_domain answers through it, and must give exactly what a
 * walk of the brand table gives — the lowest brand owning the domain,
 * "label.*" wildcards by prefix — for made-up tables and for every domain
 * (and near miss) of the shipped data/brands.tsv. */
#include <stdio.h>

#include "msg_fixture.h"
#include "screen/message_internal.h"

/* The reference: the linear walk the index replaces. */
static int linear(const mm_message_model *m, const char *reg)
{
    for (size_t i = 0; i < m->nbrands; i++)
        if (msg_brand_owns(&m->brands[i], reg))
            return (int)i;
    return -1;
}

static const char TABLE[] = "Alpha\tx\t-\talpha.example,alpha.*\t-\n"
                            "Beta\tx\t-\tbeta.example,shared.example\t-\n"
                            "Gamma\tx\t-\tshared.example,alpha.example,gam.ma.*\t-\n"
                            "Delta\tx\t-\tbeta.*,d*\t-\n";

Test(message_brand_index, made_up_table)
{
    mm_message_model *m = mm_message_model_new();
    mm_error e = {0};
    cr_assert_eq(mm_message_model_add_brands(m, TABLE, strlen(TABLE), &e), MM_OK, "%s", e.message);
    cr_assert_eq(m->brand_ix.nbrands, 4);
    struct {
        const char *reg;
        int want;
    } cases[] = {
        {"alpha.example", 0},  {"alpha.co.jp", 0},     {"alphax.co.jp", -1}, {"beta.example", 1},
        {"shared.example", 1}, {"beta.co.jp", 3},      {"gam.ma.com", 2},    {"gam.mb.com", -1},
        {"d*", 3},             {"delta.example", -1},  {"example", -1},      {"", -1},
        {"alpha.", 0},         {"xalpha.example", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cr_expect_eq(msg_brand_of_domain(m, cases[i].reg), cases[i].want, "%s", cases[i].reg);
        cr_expect_eq(msg_brand_of_domain(m, cases[i].reg), linear(m, cases[i].reg), "%s",
                     cases[i].reg);
    }
    cr_expect_eq(msg_brand_of_domain(m, NULL), -1);
    /* a second file extends the table and the index follows */
    const char more[] = "Epsilon\tx\t-\teps.example,alpha.example\t-\n";
    cr_assert_eq(mm_message_model_add_brands(m, more, strlen(more), &e), MM_OK);
    cr_expect_eq(msg_brand_of_domain(m, "eps.example"), 4);
    cr_expect_eq(msg_brand_of_domain(m, "alpha.example"), 0);
    mm_message_model_free(m);
}

Test(message_brand_index, shipped_brands_agree_with_the_walk)
{
    mm_screen_ctx ctx;
    msg_ctx_load(&ctx);
    const mm_message_model *m = ctx.message;
    cr_assert_gt(m->nbrands, 10, "data/brands.tsv not loaded");
    cr_assert_eq(m->brand_ix.nbrands, m->nbrands);
    size_t checked = 0;
    for (size_t i = 0; i < m->nbrands; i++)
        for (size_t j = 0; j < m->brands[i].ndomains; j++) {
            const char *d = m->brands[i].domains[j];
            size_t l = strlen(d);
            char v[6][300];
            if (l > 2 && d[l - 1] == '*') {
                snprintf(v[0], sizeof v[0], "%.*sco.jp", (int)(l - 1), d);
                snprintf(v[1], sizeof v[1], "%.*scom", (int)(l - 1), d);
            } else {
                snprintf(v[0], sizeof v[0], "%s", d);
                snprintf(v[1], sizeof v[1], "%s.evil.test", d);
            }
            snprintf(v[2], sizeof v[2], "x%s", d);
            snprintf(v[3], sizeof v[3], "%.*s", (int)(l > 1 ? l - 1 : l), d);
            snprintf(v[4], sizeof v[4], "%s-secure.com", d);
            snprintf(v[5], sizeof v[5], "%s", d);
            for (int k = 0; k < 6; k++, checked++)
                cr_expect_eq(msg_brand_of_domain(m, v[k]), linear(m, v[k]), "%s", v[k]);
            /* a brand's own (exact) domain is found, by it or an earlier brand */
            int b = msg_brand_of_domain(m, v[0]);
            cr_expect(b >= 0 && b <= (int)i, "%s -> %d", v[0], b);
        }
    cr_expect_gt(checked, 100);
    mm_screen_ctx_unload(&ctx);
}
