/* ingest_int.h — inside the ingest layer: what the walk and the reading of
 * large files share.
 *
 * walk_seen.c: the set of files and directories a walk has visited, by
 * device and inode, so that symlinks (a link to "..", two links to the
 * same tree) neither loop nor read the same file twice.
 * stream.c: NDJSON and HL7 v2 files over the per-file limit, read a window
 * of whole records at a time (ingest.c gives each window to the reader). */
#ifndef WARD_INGEST_INT_H
#define WARD_INGEST_INT_H

#include "ward/ingest.h"

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct walk_seen {
    struct walk_key { dev_t dev; ino_t ino; } *slots;
    unsigned char *used;
    size_t n, cap;
} walk_seen;

/* Adds (dev, ino); returns 1 when it was there already. */
int walk_seen_add(walk_seen *s, dev_t dev, ino_t ino);
void walk_seen_free(walk_seen *s);

/* Reads f (path, format fmt: NDJSON or HL7 v2) window by window, no record
 * longer than max_record; bad windows are reported. Returns nonzero only
 * when the run cannot go on (store failure). */
int ingest_stream(ward_ingest *in, const char *path, FILE *f, ward_format fmt, size_t max_record, ward_err *err);
/* Stores one window of whole records (ingest.c): its records are numbered
 * after `base` earlier ones; offset is its first byte in the file. */
int ingest_piece(ward_ingest *in, const char *path, ward_format fmt, const char *data, size_t len, long base,
                 double offset, ward_err *err);

#endif
