/*
 * email_screen.c — mm_email_screen: a parsed e-mail through the message
 * screener, plus the one check only the e-mail front end can make (links
 * whose visible text shows another site than their href), scored together.
 *
 * Why a separate file: the parser (email_parse.c and friends) must link
 * and be tested without the message screener, which lands in its own
 * files; keeping the single call to mm_screen_message here keeps that
 * boundary visible.
 */
#include <string.h>

#include "mamoru/email.h"

mm_status mm_email_screen(const mm_screen_ctx *ctx, const mm_email_msg *m, const mm_recipient *r,
                          mm_arena *a, mm_verdict *out, mm_error *err)
{
    mm_message msg;
    mm_email_to_message(m, &msg);
    if (r)
        msg.recipient = *r;
    mm_status st = mm_screen_message(ctx, &msg, a, out, err);
    if (st != MM_OK)
        return st;
    st = mm_email_add_link_reasons(m, a, out);
    if (st != MM_OK)
        return mm_error_set(err, st, "message", "out of memory adding link reasons");
    mm_verdict_finish(out, ctx->thresholds.block > 0 ? &ctx->thresholds : NULL);
    mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
}
