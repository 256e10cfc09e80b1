/* walk_seen.c — a hash set of (device, inode) for the ingest walk (see
 * ingest_int.h). Open addressing with linear probing, grown at half full:
 * a walk of a million files stays linear. */
#include "ingest/ingest_int.h"
#include "ward/core.h"

#include <stdlib.h>

static size_t slot_of(dev_t dev, ino_t ino, size_t cap)
{
    uint64_t h = (uint64_t)ino * 0x9E3779B97F4A7C15ull ^ (uint64_t)dev * 0xC2B2AE3D27D4EB4Full;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static void put(walk_seen *s, dev_t dev, ino_t ino)
{
    size_t i = slot_of(dev, ino, s->cap);
    while (s->used[i]) i = (i + 1) & (s->cap - 1);
    s->used[i] = 1;
    s->slots[i].dev = dev;
    s->slots[i].ino = ino;
    s->n++;
}

static void grow(walk_seen *s)
{
    walk_seen old = *s;
    s->cap = old.cap ? old.cap * 2 : 256;
    s->slots = ward_xcalloc(s->cap, sizeof *s->slots);
    s->used = ward_xcalloc(s->cap, 1);
    s->n = 0;
    for (size_t i = 0; i < old.cap; i++)
        if (old.used[i]) put(s, old.slots[i].dev, old.slots[i].ino);
    free(old.slots);
    free(old.used);
}

int walk_seen_add(walk_seen *s, dev_t dev, ino_t ino)
{
    if (s->cap) {
        for (size_t i = slot_of(dev, ino, s->cap); s->used[i]; i = (i + 1) & (s->cap - 1))
            if (s->slots[i].dev == dev && s->slots[i].ino == ino) return 1;
    }
    if (2 * (s->n + 1) > s->cap) grow(s);
    put(s, dev, ino);
    return 0;
}

void walk_seen_free(walk_seen *s)
{
    free(s->slots);
    free(s->used);
    *s = (walk_seen){0};
}
