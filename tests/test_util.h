/* test_util.h — what every C test shares: a scratch directory that is made
 * fresh under $TMPDIR (else /tmp) and removed afterwards, without a shell. */
#ifndef WARD_TEST_UTIL_H
#define WARD_TEST_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The template TMPDIR/ward-NAME-XXXXXX (else under /tmp), for mkdtemp/mkstemp. */
static inline void test_tmpname(char *path, size_t cap, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(path, cap, "%s/ward-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
}

/* Makes a fresh directory TMPDIR/ward-NAME-XXXXXX and writes its path into
 * dir; returns dir, or NULL when it cannot. */
static inline char *test_tmpdir(char *dir, size_t cap, const char *name)
{
    test_tmpname(dir, cap, name);
    return mkdtemp(dir);
}

/* Replaces the file at path with text; 0, or -1 when it cannot. */
static inline int test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    int bad = fputs(text, f) < 0;
    return fclose(f) || bad ? -1 : 0;
}

/* Makes a fresh file TMPDIR/ward-NAME-XXXXXX holding text and writes its
 * path into path; returns path, or NULL when it cannot. */
static inline char *test_tmpfile(char *path, size_t cap, const char *name, const char *text)
{
    test_tmpname(path, cap, name);
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    close(fd);
    return test_write(path, text) ? NULL : path;
}

/* Removes path and, for a directory, everything under it (symbolic links
 * are removed, not followed); 0, or -1 when something stayed. */
static inline int test_rmdir(const char *path)
{
    struct stat sb;
    if (lstat(path, &sb)) return -1;
    int rc = 0;
    DIR *d = S_ISDIR(sb.st_mode) ? opendir(path) : NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char sub[4096];
        /* A path too long to name is left, and said so by the result. */
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub) {
            rc = -1;
            continue;
        }
        rc |= test_rmdir(sub);
    }
    if (d) closedir(d);
    return remove(path) ? -1 : rc;
}

#endif
