/*
 * text_internal.h — the plain reference implementation of mm_norm_text,
 * for tests only.
 *
 * mm_norm_text takes shortcuts (a table of one-character results, passes
 * that visit only the separators and dashes they act on). The reference
 * takes none: every character through utf8proc, every pass over every
 * character. tests/unit/norm/test_text.c holds the two to byte-identical
 * text and offset maps on every BMP code point in context and on the
 * corpora.
 */
#ifndef MAMORU_NORM_TEXT_INTERNAL_H
#define MAMORU_NORM_TEXT_INTERNAL_H

#include <stdbool.h>

#include "mamoru/norm.h"

/* full: what mm_norm_text does (case fold, kana, dashes, joining); else
 * what mm_norm_nfkc does (NFKC and white space only). */
mm_status mm_norm_text_reference(const char *in, size_t len, bool full, mm_arena *a, mm_text *out,
                                 mm_error *err);

#endif
