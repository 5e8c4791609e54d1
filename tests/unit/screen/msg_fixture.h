/* msg_fixture.h — shared set-up for the message / call / post tests: the
 * shipped data/ (phrases, brands, numbers, classifier) loaded once per test
 * through the same loader the CLI and server use (tests run from the repo
 * root), a snapshot built from memory, and helpers to find a reason and to
 * check that a span covers the expected bytes of the ORIGINAL text. */
#ifndef MAMORU_TEST_MSG_FIXTURE_H
#define MAMORU_TEST_MSG_FIXTURE_H

#include <criterion/criterion.h>
#include <string.h>

#include "mamoru/ingest.h"
#include "mamoru/screen_message.h"

/* Screening context from data/ (snap NULL). Free with mm_screen_ctx_unload. */
__attribute__((unused)) static void msg_ctx_load(mm_screen_ctx *ctx)
{
    mm_error e = {0};
    mm_status st = mm_screen_ctx_load("data", ctx, &e);
    cr_assert_eq(st, MM_OK, "loading data/: %s: %s", e.field, e.message);
    cr_assert_not_null(ctx->message, "data/phrases is missing");
}

__attribute__((unused)) static const mm_reason *msg_find(const mm_verdict *v, const char *code)
{
    for (size_t i = 0; i < v->nreasons; i++)
        if (strcmp(v->reasons[i].code, code) == 0)
            return &v->reasons[i];
    return NULL;
}

/* Does text[span) contain want? */
__attribute__((unused)) static bool msg_span_has(const char *text, uint32_t s, uint32_t e,
                                                 const char *want)
{
    if (e <= s || e > strlen(text))
        return false;
    char buf[512];
    size_t n = e - s < sizeof buf - 1 ? e - s : sizeof buf - 1;
    memcpy(buf, text + s, n);
    buf[n] = 0;
    return strstr(buf, want) != NULL;
}

__attribute__((unused)) static mm_verdict msg_screen_sms(const mm_screen_ctx *ctx, mm_arena *a,
                                                         const char *sender, const char *text)
{
    mm_message m = {.channel = "sms", .sender = sender, .text = text, .text_len = strlen(text)};
    mm_verdict v;
    mm_error e = {0};
    mm_status st = mm_screen_message(ctx, &m, a, &v, &e);
    cr_assert_eq(st, MM_OK, "screening '%s': %s: %s", text, e.field, e.message);
    return v;
}

/* A mechanism and its look-alike, on channel: the genuine text is allowed
 * and the rule code silent; the fraud fires code and is not allowed. */
__attribute__((unused)) static void msg_expect_pair(const mm_screen_ctx *ctx, mm_arena *a,
                                                    const char *channel, const char *code,
                                                    const char *genuine, const char *fraud)
{
    mm_message g = {.channel = channel, .text = genuine, .text_len = strlen(genuine)};
    mm_message b = {.channel = channel, .text = fraud, .text_len = strlen(fraud)};
    mm_verdict v;
    mm_error e = {0};
    cr_assert_eq(mm_screen_message(ctx, &g, a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_null(msg_find(&v, code), "%s fired on: %s", code, genuine);
    cr_expect_eq(v.action, MM_VERDICT_ALLOW, "score %d: %s", v.score, genuine);
    cr_assert_eq(mm_screen_message(ctx, &b, a, &v, &e), MM_OK, "%s", e.message);
    cr_expect_not_null(msg_find(&v, code), "%s silent on: %s", code, fraud);
    cr_expect_neq(v.action, MM_VERDICT_ALLOW, "score %d: %s", v.score, fraud);
}

#endif
