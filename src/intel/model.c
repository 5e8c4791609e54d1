/*
 * model.c — names of the intel enumerations and the indicator status
 * lifecycle.
 *
 * The names are the stable strings used in the database, the API and the
 * CLI, so they live in one table each here. The lifecycle is written as one
 * rule (forward along reported → confirmed → actioned → expired, anything
 * but false_positive may become false_positive) rather than a hand-filled
 * 5 × 5 table, so it cannot drift from the comment in intel.h; the unit test
 * spells out the full table independently.
 */
#include <string.h>

#include "mamoru/intel.h"

static const char *const status_names[MM_IND__COUNT] = {
    "reported", "confirmed", "actioned", "expired", "false_positive",
};

static const char *const role_names[MM_ROLE__COUNT] = {
    "police",   "bank",     "carrier",  "platform",         "exchange",
    "merchant", "retailer", "delivery", "filtering_vendor", "analyst",
};

static const char *const dist_names[MM_DIST__COUNT] = {
    "public",
    "members",
    "sector",
    "police",
};

static const char *const action_names[MM_ACT__COUNT] = {
    "report", "lookup", "list", "update", "hashes",
};

/* Index of name in names[0..n), or -1. */
static int find_name(const char *const *names, int n, const char *name)
{
    for (int i = 0; name != NULL && i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *mm_ind_status_name(mm_ind_status s)
{
    return (unsigned)s < MM_IND__COUNT ? status_names[s] : NULL;
}

mm_status mm_ind_status_parse(const char *name, mm_ind_status *out, mm_error *err)
{
    int i = find_name(status_names, MM_IND__COUNT, name);
    if (i < 0)
        return mm_error_set(err, MM_EINVAL, "status",
                            "unknown status '%.60s' (expected one of reported, confirmed, "
                            "actioned, expired, false_positive)",
                            name ? name : "");
    *out = (mm_ind_status)i;
    return MM_OK;
}

/* reported(0) < confirmed(1) < actioned(2) < expired(3) is the forward
 * order; false_positive is terminal and reachable from every other state. */
bool mm_ind_transition_ok(mm_ind_status from, mm_ind_status to)
{
    if ((unsigned)from >= MM_IND__COUNT || (unsigned)to >= MM_IND__COUNT)
        return false;
    if (from == to)
        return true;
    if (from == MM_IND_FALSE_POSITIVE)
        return false;
    if (to == MM_IND_FALSE_POSITIVE)
        return true;
    return to > from;
}

const char *mm_role_name(mm_role r)
{
    return (unsigned)r < MM_ROLE__COUNT ? role_names[r] : NULL;
}

mm_status mm_role_parse(const char *name, mm_role *out, mm_error *err)
{
    int i = find_name(role_names, MM_ROLE__COUNT, name);
    if (i < 0)
        return mm_error_set(err, MM_EINVAL, "role",
                            "unknown role '%.60s' (expected one of police, bank, carrier, "
                            "platform, exchange, merchant, retailer, delivery, filtering_vendor, "
                            "analyst)",
                            name ? name : "");
    *out = (mm_role)i;
    return MM_OK;
}

const char *mm_distribution_name(mm_distribution d)
{
    return (unsigned)d < MM_DIST__COUNT ? dist_names[d] : NULL;
}

mm_status mm_distribution_parse(const char *name, mm_distribution *out, mm_error *err)
{
    int i = find_name(dist_names, MM_DIST__COUNT, name);
    if (i < 0)
        return mm_error_set(err, MM_EINVAL, "distribution",
                            "unknown distribution '%.60s' (expected one of public, members, "
                            "sector, police)",
                            name ? name : "");
    *out = (mm_distribution)i;
    return MM_OK;
}

const char *mm_action_name(mm_action a)
{
    return (unsigned)a < MM_ACT__COUNT ? action_names[a] : NULL;
}
