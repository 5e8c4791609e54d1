/* Tests for src/intel/model.c: enumeration names round-trip, unknown names
 * are refused with the field named, and the full 5 × 5 status-transition
 * table. */
#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/intel.h"

Test(intel_model, status_names_round_trip)
{
    static const char *names[] = {"reported", "confirmed", "actioned", "expired", "false_positive"};
    for (int i = 0; i < MM_IND__COUNT; i++) {
        cr_assert_str_eq(mm_ind_status_name((mm_ind_status)i), names[i]);
        mm_ind_status s;
        mm_error e;
        cr_assert_eq(mm_ind_status_parse(names[i], &s, &e), MM_OK);
        cr_assert_eq((int)s, i);
    }
    cr_assert_null(mm_ind_status_name(MM_IND__COUNT));
    cr_assert_null(mm_ind_status_name((mm_ind_status)-1));
}

Test(intel_model, role_names_round_trip)
{
    static const char *names[] = {"police",           "bank",     "carrier",  "platform",
                                  "exchange",         "merchant", "retailer", "delivery",
                                  "filtering_vendor", "analyst"};
    for (int i = 0; i < MM_ROLE__COUNT; i++) {
        cr_assert_str_eq(mm_role_name((mm_role)i), names[i]);
        mm_role r;
        cr_assert_eq(mm_role_parse(names[i], &r, NULL), MM_OK);
        cr_assert_eq((int)r, i);
    }
    cr_assert_null(mm_role_name(MM_ROLE__COUNT));
}

Test(intel_model, distribution_and_action_names)
{
    static const char *dists[] = {"public", "members", "sector", "police"};
    for (int i = 0; i < MM_DIST__COUNT; i++) {
        cr_assert_str_eq(mm_distribution_name((mm_distribution)i), dists[i]);
        mm_distribution d;
        cr_assert_eq(mm_distribution_parse(dists[i], &d, NULL), MM_OK);
        cr_assert_eq((int)d, i);
    }
    static const char *acts[] = {"report", "lookup", "list", "update", "hashes"};
    for (int i = 0; i < MM_ACT__COUNT; i++)
        cr_assert_str_eq(mm_action_name((mm_action)i), acts[i]);
    cr_assert_null(mm_action_name(MM_ACT__COUNT));
    cr_assert_null(mm_distribution_name(MM_DIST__COUNT));
}

Test(intel_model, unknown_names_name_the_field_and_value)
{
    static const struct {
        int which;
        const char *in;
        const char *field;
    } cases[] = {
        {0, "Reported", "status"},     {0, "", "status"},    {0, NULL, "status"},
        {1, "bank ", "role"},          {1, "admin", "role"}, {2, "private", "distribution"},
        {2, "PUBLIC", "distribution"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mm_error e;
        mm_error_clear(&e);
        mm_status rc;
        union {
            mm_ind_status s;
            mm_role r;
            mm_distribution d;
        } out;
        if (cases[i].which == 0)
            rc = mm_ind_status_parse(cases[i].in, &out.s, &e);
        else if (cases[i].which == 1)
            rc = mm_role_parse(cases[i].in, &out.r, &e);
        else
            rc = mm_distribution_parse(cases[i].in, &out.d, &e);
        cr_assert_eq(rc, MM_EINVAL, "case %zu", i);
        cr_assert_str_eq(e.field, cases[i].field);
        if (cases[i].in && cases[i].in[0])
            cr_assert(strstr(e.message, cases[i].in) != NULL, "message '%s' quotes input",
                      e.message);
    }
}

/* Rows: from; columns: to, in the order reported, confirmed, actioned,
 * expired, false_positive. 'y' = allowed. */
Test(intel_model, full_transition_table)
{
    /* clang-format off */
    static const char *table[MM_IND__COUNT] = {
        /*                  to: rcaef */
        /* reported       */ "yyyyy",
        /* confirmed      */ "-yyyy",
        /* actioned       */ "--yyy",
        /* expired        */ "---yy",
        /* false_positive */ "----y",
    };
    /* clang-format on */
    for (int from = 0; from < MM_IND__COUNT; from++)
        for (int to = 0; to < MM_IND__COUNT; to++)
            cr_assert_eq(mm_ind_transition_ok((mm_ind_status)from, (mm_ind_status)to),
                         table[from][to] == 'y', "%s -> %s", mm_ind_status_name(from),
                         mm_ind_status_name(to));
    cr_assert_not(mm_ind_transition_ok(MM_IND__COUNT, MM_IND_REPORTED));
    cr_assert_not(mm_ind_transition_ok(MM_IND_REPORTED, MM_IND__COUNT));
}
