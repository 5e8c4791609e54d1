/*
 * access.c — who may do what with which kind of indicator, and who may see
 * an indicator given its distribution. Pure: no I/O, no state.
 *
 * The matrix is one static table, role × kind, each cell a set of actions,
 * so a reviewer can read the whole policy on one screen and a change to a
 * cell is a one-line diff. docs/access.md is the same table in prose form
 * with the reason for each row; tests/unit/intel/test_access.c checks every
 * cell against an independently written copy.
 *
 * Rules the table follows: a role reports and looks up the kinds it meets
 * in its own business; "list" (bulk export) only where the role blocks at
 * its own infrastructure; "update" (status changes: confirm, actioned,
 * false_positive) only for the police, the hub's analysts and the sector
 * that operates the resource (bank: accounts and cards, carrier: numbers
 * and IPs, platform: SNS accounts, exchange: addresses, delivery: drop
 * addresses); "hashes" wherever "lookup" is allowed.
 */
#include "mamoru/intel.h"

/* One bit per action. */
#define R (1u << MM_ACT_REPORT)
#define L (1u << MM_ACT_LOOKUP)
#define E (1u << MM_ACT_LIST) /* list / export */
#define U (1u << MM_ACT_UPDATE)
#define H (1u << MM_ACT_HASHES)

/* Cells, spelled with '_' for a missing action in the fixed order R L E U H. */
#define RLEUH (R | L | E | U | H)
#define RLE_H (R | L | E | H)
#define RL_UH (R | L | U | H)
#define RL__H (R | L | H)
#define _____ 0u

/* clang-format off */
static const unsigned char matrix[MM_ROLE__COUNT][MM_KIND__COUNT] = {
/*               phone  url    domain ip     bank   crypto card   email  sns    ident  postal busin */
/* police   */ {RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH},
/* bank     */ {RL__H, RLE_H, RLE_H, RL__H, RLEUH, RLE_H, RLEUH, RL__H, _____, RL__H, RL__H, RL__H},
/* carrier  */ {RLEUH, RLE_H, RLE_H, RLEUH, _____, _____, _____, RLE_H, RL__H, RL__H, RL__H, RL__H},
/* platform */ {RL__H, RLE_H, RLE_H, RL__H, RL__H, RL__H, _____, RL__H, RLEUH, RL__H, _____, RL__H},
/* exchange */ {RL__H, RL__H, RL__H, RL__H, RL__H, RLEUH, _____, RL__H, _____, RL__H, RL__H, RL__H},
/* merchant */ {RL__H, RL__H, RL__H, RL__H, _____, _____, RL__H, RL__H, _____, _____, RL__H, _____},
/* retailer */ {RL__H, RL__H, RL__H, _____, _____, _____, _____, _____, RL__H, _____, _____, RL__H},
/* delivery */ {RL__H, RL__H, RL__H, _____, _____, _____, _____, _____, _____, _____, RL_UH, RL__H},
/* filter   */ {_____, RLE_H, RLE_H, RLE_H, _____, _____, _____, _____, _____, _____, _____, _____},
/* analyst  */ {RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH, RLEUH},
};
/* clang-format on */

_Static_assert(MM_ROLE__COUNT == 10 && MM_KIND__COUNT == 12 && MM_ACT__COUNT == 5,
               "access matrix shape must follow the enums");

bool mm_access_allowed(mm_role role, mm_kind kind, mm_action action)
{
    if ((unsigned)role >= MM_ROLE__COUNT || (unsigned)kind >= MM_KIND__COUNT ||
        (unsigned)action >= MM_ACT__COUNT)
        return false;
    return (matrix[role][kind] >> action) & 1u;
}

/* Distributions are nested: public ⊃ members ⊃ sector ⊃ police. "sector"
 * is the member roles (so never filtering_vendor) that may report this
 * kind, plus police and analysts; the reporting organisation always sees
 * its own indicator. org_id <= 0 never counts as the reporter. */
bool mm_access_visible(mm_role role, int64_t org_id, mm_kind kind, mm_distribution dist,
                       int64_t reporter_org_id)
{
    if ((unsigned)role >= MM_ROLE__COUNT || (unsigned)kind >= MM_KIND__COUNT ||
        (unsigned)dist >= MM_DIST__COUNT)
        return false;
    if (org_id > 0 && org_id == reporter_org_id)
        return true;
    switch (dist) {
    case MM_DIST_PUBLIC: return true;
    case MM_DIST_MEMBERS: return role != MM_ROLE_FILTERING_VENDOR;
    case MM_DIST_SECTOR:
        if (role == MM_ROLE_POLICE || role == MM_ROLE_ANALYST)
            return true;
        return role != MM_ROLE_FILTERING_VENDOR && mm_access_allowed(role, kind, MM_ACT_REPORT);
    case MM_DIST_POLICE: return role == MM_ROLE_POLICE;
    default: return false;
    }
}
