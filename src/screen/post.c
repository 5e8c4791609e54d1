/*
 * post.c — mm_screen_post: is this SNS or job-site post recruiting people
 * for crime (闇バイト)?
 *
 * The NPA's two defining traits are the mechanism: the post stresses easy,
 * high, immediate pay (高額, 即日即金, ホワイト案件) and moves applicants to
 * an anonymous messenger (Telegram, Signal, "DMください"), where they are
 * made to send ID and then cannot leave. Posts hide the words (闇 バ イ ト,
 * ＵＤ, ﾀﾀｷ, emoji between letters, romaji); mm_norm_text and the scan's
 * de-symbolised second pass undo that, and the recruitment rules combine
 * pay + app + vague task, or slang + any of them. Warnings that quote the
 * slang (police 注意喚起) carry warn markers and are not flagged.
 *
 * The verdict's score is the confidence; its warning (category
 * "recruitment") is the auto-reply text platforms post under such posts.
 */
#include <string.h>

#include "screen/message_internal.h"

mm_status mm_screen_post(const mm_screen_ctx *ctx, const char *text, size_t len, mm_arena *a,
                         mm_verdict *out, mm_error *err)
{
    mm_verdict_init(out);
    if (text == NULL && len > 0)
        return mm_error_set(err, MM_EINVAL, "text", "NULL text with length %zu", len);
    if (text == NULL)
        text = "";
    mm_text nt;
    mm_status st = mm_norm_text(text, len, a, &nt, err);
    if (st != MM_OK)
        return st;
    const mm_message_model *m = ctx->message;
    msg_facts f;
    memset(&f, 0, sizeof f);
    f.brand = -1;
    for (int i = 0; i < 64; i++)
        f.best_phrase[i] = -1;
    mm_extracted *xs;
    size_t nx;
    if ((st = msg_extract(m, &nt, text, len, a, &xs, &nx, err)) != MM_OK)
        return st;
    if ((st = msg_lookup_extracted(ctx, xs, nx, &f, a, out)) != MM_OK)
        return mm_error_set(err, st, "text", "out of memory");
    if (m) {
        msg_hit *hits;
        size_t nh;
        if ((st = msg_scan(m, &nt, a, &hits, &nh, err)) != MM_OK)
            return st;
        /* as in messages, slang quoted by a warning or a news report
         * (「ホワイト案件」という募集) sets nothing; a denial does not drop
         * it here: "闇バイトじゃないです" is the recruiter's own line */
        nh = msg_drop_reported_hits(m, hits, nh, text, len);
        msg_facts_from_hits(m, hits, nh, text, len, &f);
        if ((st = msg_rules_apply(m, &f, 2, a, out)) != MM_OK)
            return mm_error_set(err, st, "text", "out of memory");
    }
    mm_verdict_finish(out, &ctx->thresholds);
    if (out->action != MM_VERDICT_ALLOW && strcmp(out->category, "none") == 0)
        out->category = "suspicious";
    mm_warnings_apply(ctx->warnings, out);
    return MM_OK;
}
