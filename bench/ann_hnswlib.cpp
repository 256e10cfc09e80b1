/* ann_hnswlib.cpp — hnswlib's side of the ANN benchmark (a peer: built only
 * for bench/ann.sh, never linked into Ward). Same files, same M and
 * ef_construction, same threads and timing harness as Ward (ann_common.h);
 * inner product on the normalized vectors, as Ward's cosine distance.
 * Compiled with -O3 -march=native so hnswlib's compile-time SIMD is on.
 *
 *   bench_ann_hnswlib BASE QUERIES GT */
#include "ann_common.h"

#include <atomic>
#include <hnswlib/hnswlib.h>
#include <thread>
#include <vector>

struct ctx {
    hnswlib::HierarchicalNSW<float> *h;
};

static void set_ef(void *c, int ef) { ((ctx *)c)->h->setEf((size_t)ef); }

static void query(void *c, const float *q, int k, int64_t *out)
{
    auto r = ((ctx *)c)->h->searchKnn(q, (size_t)k);
    for (int i = k - 1; i >= 0; i--) {
        if (r.empty()) {
            out[i] = -1;
            continue;
        }
        out[i] = (int64_t)r.top().second;
        r.pop();
    }
}

int main(int argc, char **argv)
{
    ann_vecs b, q;
    ann_gt g;
    ann_read_peer_args(argc, argv, &b, &q, &g);
    int M = ann_env_int("ANN_M", 16), efc = ann_env_int("ANN_EFC", 200);
    int threads = ann_env_int("ANN_BUILD_THREADS", 2);
    hnswlib::InnerProductSpace space(b.dim);
    size_t rss0 = ann_rss();
    double t0 = ann_now(), c0 = ann_cpu();
    ctx c;
    c.h = new hnswlib::HierarchicalNSW<float>(&space, b.n, (size_t)M, (size_t)efc, 42);
    std::atomic<size_t> next(0);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; t++)
        pool.emplace_back([&] {
            for (size_t i; (i = next++) < b.n;) c.h->addPoint(b.v + i * b.dim, i);
        });
    for (auto &t : pool) t.join();
    double secs = ann_now() - t0, cpu = ann_cpu() - c0;
    printf("hnswlib build threads %d seconds %.2f memory %zu cpu_seconds %.2f\n", threads, secs,
           ann_rss() - rss0, cpu);
    fflush(stdout);
    ann_sweep("hnswlib", &c, set_ef, query, NULL, &q, &g, ann_env_int("ANN_REPS", 2));
    delete c.h;
    free(b.v);
    free(q.v);
    free(g.ids);
    return 0;
}
