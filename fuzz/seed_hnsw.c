/* seed_hnsw.c — writes small vector index files for the loader's seed
 * corpus: float32 and int8, one node and several layers, with a tombstone.
 * Usage: seed_hnsw DIR */
#include "ward/hnsw.h"

#include <stdio.h>
#include <stdlib.h>

static int write_index(const char *dir, const char *name, int dim, int n, int int8, int M)
{
    ward_hnsw_params p = ward_hnsw_default_params();
    p.dim = dim;
    p.M = M;
    p.int8 = int8;
    p.seed = 7;
    ward_hnsw *h;
    ward_err err = {0};
    if (ward_hnsw_new(&p, &h, &err)) goto fail;
    float *v = malloc((size_t)dim * sizeof *v);
    for (int i = 0; i < n; i++) {
        for (int d = 0; d < dim; d++) v[d] = (float)((i * 31 + d * 17) % 13) - 6.0f;
        v[i % dim] += 10.0f;
        if (ward_hnsw_add(h, i, v, &err)) goto fail;
    }
    free(v);
    if (n > 2) ward_hnsw_delete(h, 1);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (ward_hnsw_save(h, path, "seed", &err)) goto fail;
    ward_hnsw_free(h);
    return 0;
fail:
    fprintf(stderr, "seed_hnsw: %s: %s\n", name, err.msg);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: seed_hnsw DIR\n");
        return 1;
    }
    return write_index(argv[1], "one.hnsw", 4, 1, 0, 4) || write_index(argv[1], "f32.hnsw", 8, 40, 0, 4) ||
           write_index(argv[1], "i8.hnsw", 6, 30, 1, 3) || write_index(argv[1], "wide.hnsw", 32, 12, 0, 2);
}
