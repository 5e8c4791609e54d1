/*
 * fuzz_email.c — libFuzzer target for mm_email_parse (src/ingest/email*.c):
 * any bytes either fail with a named error or give a message whose text,
 * subject, display name and links are valid UTF-8 of the stated length,
 * within the limits; and the link-mismatch check accepts every link. A
 * crash, hang or sanitizer report here is a way to make a fraud mail slip
 * past screening or take the screener down.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mamoru/email.h"
#include "mamoru/norm.h"

static void valid(const char *s)
{
    if (s && mm_utf8_validate(s, strlen(s), NULL) != MM_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mm_arena *a = mm_arena_new(0);
    mm_email_msg m;
    mm_error err;
    mm_status st = mm_email_parse((const char *)data, size, a, &m, &err);
    if (st == MM_OK) {
        if (m.text == NULL || strlen(m.text) != m.text_len || m.text_len > MM_EMAIL_MAX_TEXT)
            abort();
        if (mm_utf8_validate(m.text, m.text_len, NULL) != MM_OK)
            abort();
        valid(m.subject);
        valid(m.display_name);
        valid(m.from_addr);
        valid(m.auth_results);
        if (m.nlinks > MM_EMAIL_MAX_LINKS || m.nparts > MM_EMAIL_MAX_PARTS)
            abort();
        for (size_t i = 0; i < m.nlinks; i++) {
            if (m.links[i].href == NULL || m.links[i].href[0] == '\0')
                abort();
            valid(m.links[i].href);
            valid(m.links[i].text);
            mm_email_link_mismatch(&m.links[i], a, NULL, NULL);
        }
        for (size_t i = 0; i < m.nattachments; i++)
            valid(m.attachments[i].filename);
        mm_message msg;
        mm_email_to_message(&m, &msg);
    } else if (st != MM_EINVAL && st != MM_ELIMIT) {
        abort();
    } else if (strcmp(err.field, "message") != 0) {
        abort();
    }
    mm_arena_free(a);
    return 0;
}
