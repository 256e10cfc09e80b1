/* ingest_int.h — inside the ingest layer: what the walk shares.
 *
 * walk_seen.c: the set of files and directories a walk has visited, by
 * device and inode, so that symlinks (a link to "..", two links to the
 * same tree) neither loop nor read the same file twice. */
#ifndef WARD_INGEST_INT_H
#define WARD_INGEST_INT_H

#include <stddef.h>
#include <sys/types.h>

typedef struct walk_seen {
    struct walk_key { dev_t dev; ino_t ino; } *slots;
    unsigned char *used;
    size_t n, cap;
} walk_seen;

/* Adds (dev, ino); returns 1 when it was there already. */
int walk_seen_add(walk_seen *s, dev_t dev, ino_t ino);
void walk_seen_free(walk_seen *s);

#endif
