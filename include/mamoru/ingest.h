/*
 * ingest.h — reading files into the pure modules: whole-file reads and the
 * loader that builds the screening context (warning texts, and each
 * detector's dictionaries and model) from the data directory.
 *
 * Not pure: this is where file I/O for screening lives, so that src/screen
 * never touches a file. The CLI and the server both call it.
 */
#ifndef MAMORU_INGEST_H
#define MAMORU_INGEST_H

#include <stddef.h>

#include "mamoru/core.h"
#include "mamoru/screen.h"

/* Read a whole file into a heap buffer (NUL-terminated; free() it). */
mm_status mm_read_file(const char *path, char **buf, size_t *len, mm_error *err);

/* Fill ctx (snap left NULL) from data_dir: data/warnings.tsv and every
 * detector's files. A missing optional file leaves that detector NULL; a
 * malformed one is an error naming the file and line. */
mm_status mm_screen_ctx_load(const char *data_dir, mm_screen_ctx *ctx, mm_error *err);
/* Free what mm_screen_ctx_load built (not the snapshot). Accepts zeroed ctx. */
void mm_screen_ctx_unload(mm_screen_ctx *ctx);

#endif
