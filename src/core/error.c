/*
 * error.c — filling mm_error records and naming status codes.
 *
 * Every failure in mamoru travels as an mm_status plus an mm_error whose
 * message quotes the offending value, so the CLI and the API can show the
 * user exactly which field was wrong without further lookups.
 */
#include <stdio.h>
#include <string.h>

#include "mamoru/core.h"

mm_status mm_error_set(mm_error *err, mm_status code, const char *field, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void mm_error_clear(mm_error *err)
{
    if (err == NULL)
        return;
    err->code = MM_OK;
    err->field[0] = '\0';
    err->message[0] = '\0';
}

const char *mm_status_name(mm_status code)
{
    switch (code) {
    case MM_OK: return "ok";
    case MM_EINVAL: return "invalid";
    case MM_ENOMEM: return "no_memory";
    case MM_ENOTFOUND: return "not_found";
    case MM_ECONFLICT: return "conflict";
    case MM_EIO: return "io_error";
    case MM_EDENIED: return "forbidden";
    case MM_EEXIST: return "exists";
    case MM_ELIMIT: return "too_large";
    case MM_EAUTH: return "unauthorized";
    default: return "error";
    }
}
