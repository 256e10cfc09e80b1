/* lite_image.c — a new store's database file, written whole from the image
 * the build made of the schema (cmake/schema_image_gen.c: every migration
 * applied, by the store's own code, to an empty database), instead of
 * running the eighteen migrations at the first open (27 M instructions of
 * SQLite parsing DDL, most of it the whole schema again after each ALTER
 * TABLE). The file is written under another name and linked into place,
 * so a process opening the store at the same moment sees no file or the
 * whole one; where that cannot be done the store is made by its
 * migrations, as before. A process killed between the two leaves only
 * ward.db.new.PID beside no store, and the next open makes its own. */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* generated: WARD_SCHEMA_IMAGE_RUNS and _SIZE; the image is at the
 * latest version when built, and a store made from an older one (never
 * so) would only be migrated the rest of the way when it opens. */
#include "schema_image.h"

/* The image's bytes into out (WARD_SCHEMA_IMAGE_SIZE of them, zeroed):
 * 0 when a run does not fit (never made so). */
static int unpack(unsigned char *out)
{
    const unsigned char *p = WARD_SCHEMA_IMAGE_RUNS, *end = p + sizeof WARD_SCHEMA_IMAGE_RUNS;
    while (p < end) {
        if (end - p < 6) return 0;
        size_t at = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
        size_t len = (size_t)p[4] | (size_t)p[5] << 8;
        p += 6;
        if ((size_t)(end - p) < len || at > WARD_SCHEMA_IMAGE_SIZE || len > WARD_SCHEMA_IMAGE_SIZE - at) return 0;
        memcpy(out + at, p, len);
        p += len;
    }
    return 1;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return 0;
        p += w, n -= (size_t)w;
    }
    return 1;
}

int lite_image_create(const char *path)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.new.%ld", path, (long)getpid()) >= (int)sizeof tmp) return 0;
    unsigned char *img = calloc(1, WARD_SCHEMA_IMAGE_SIZE);
    if (!img) return 0;
    int fd = unpack(img) ? open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
    int ok = fd >= 0 && write_all(fd, img, WARD_SCHEMA_IMAGE_SIZE) && fdatasync(fd) == 0;
    free(img);
    if (fd >= 0 && close(fd) != 0) ok = 0;
    /* link, not rename: a file another process made meanwhile stays. */
    if (ok) ok = link(tmp, path) == 0 || errno == EEXIST;
    if (fd >= 0) unlink(tmp);
    return ok;
}
