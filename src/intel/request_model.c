/*
 * request_model.c — the vocabulary and rules of requests between
 * organisations: type and state names, who may send what, default
 * deadlines, and the legal state transitions.
 *
 * Pure and table-driven, so the rules can be read in one screen and
 * tested exhaustively (tests/unit/intel/test_requests.c walks every cell).
 */
#include <string.h>

#include "mamoru/requests.h"

static const char *const type_names[MM_REQ__COUNT] = {"freeze", "inquiry", "suspension",
                                                      "takedown"};
static const char *const state_names[MM_REQ_STATE__COUNT] = {"sent", "acknowledged", "done",
                                                             "refused", "cancelled"};

const char *mm_req_type_name(mm_req_type t)
{
    return (unsigned)t < MM_REQ__COUNT ? type_names[t] : NULL;
}

const char *mm_req_state_name(mm_req_state s)
{
    return (unsigned)s < MM_REQ_STATE__COUNT ? state_names[s] : NULL;
}

mm_status mm_req_type_parse(const char *s, mm_req_type *out, mm_error *err)
{
    for (int i = 0; s && i < MM_REQ__COUNT; i++)
        if (strcmp(s, type_names[i]) == 0) {
            *out = (mm_req_type)i;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "type",
                        "'%.40s' is not a request type (freeze, inquiry, suspension, takedown)",
                        s ? s : "");
}

mm_status mm_req_state_parse(const char *s, mm_req_state *out, mm_error *err)
{
    for (int i = 0; s && i < MM_REQ_STATE__COUNT; i++)
        if (strcmp(s, state_names[i]) == 0) {
            *out = (mm_req_state)i;
            return MM_OK;
        }
    return mm_error_set(err, MM_EINVAL, "state",
                        "'%.40s' is not a request state (sent, acknowledged, done, refused, "
                        "cancelled)",
                        s ? s : "");
}

/* Sender roles per type: the police and analysts ask for anything; banks
 * and exchanges ask each other to freeze and for inquiries (the policy's
 * fast inter-bank freezing); carriers and platforms ask for suspensions
 * and takedowns of what they found. */
#define R(x) (1u << MM_ROLE_##x)
static const unsigned senders[MM_REQ__COUNT] = {
    [MM_REQ_FREEZE] = R(POLICE) | R(ANALYST) | R(BANK) | R(EXCHANGE),
    [MM_REQ_INQUIRY] = R(POLICE) | R(ANALYST) | R(BANK) | R(EXCHANGE),
    [MM_REQ_SUSPENSION] = R(POLICE) | R(ANALYST) | R(BANK) | R(CARRIER) | R(PLATFORM),
    [MM_REQ_TAKEDOWN] = R(POLICE) | R(ANALYST) | R(CARRIER) | R(PLATFORM) | R(FILTERING_VENDOR),
};

bool mm_req_may_send(mm_role role, mm_req_type t)
{
    return (unsigned)t < MM_REQ__COUNT && (unsigned)role < MM_ROLE__COUNT &&
           (senders[t] >> role & 1u);
}

int64_t mm_req_default_deadline(mm_req_type t)
{
    switch (t) {
    case MM_REQ_FREEZE: return 3600; /* money moves on within minutes */
    case MM_REQ_SUSPENSION:
    case MM_REQ_TAKEDOWN: return 86400;
    default: return 7 * 86400;
    }
}

bool mm_req_transition_ok(mm_req_state from, mm_req_state to, bool by_sender)
{
    bool open = from == MM_REQ_SENT || from == MM_REQ_ACKNOWLEDGED;
    if (!open || from == to)
        return false;
    if (by_sender)
        return to == MM_REQ_CANCELLED;
    if (to == MM_REQ_ACKNOWLEDGED)
        return from == MM_REQ_SENT;
    return to == MM_REQ_DONE || to == MM_REQ_REFUSED;
}
