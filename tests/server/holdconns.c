/* holdconns.c — opens N idle TCP connections to `ward serve` and holds
 * them, waits until the server itself counts them open, then checks that a
 * fresh request is still answered and that none was dropped.
 *
 *   holdconns HOST PORT N ADMIN_TOKEN
 *
 * "The server counts them" is read from /metrics (ward_http_connections,
 * with the admin token), polled until it reaches N or a generous deadline
 * passes: on a loaded machine accepting ten thousand connections takes a
 * while, and a fixed sleep would make the check depend on the machine's
 * speed. Prints "opened K idle connections; server counted C; /healthz
 * answered 200 in M ms; K still open" and exits 0 when all held. N is
 * capped by RLIMIT_NOFILE (raised to its hard limit first); the line says
 * how many were held, so the test states the number the machine allowed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEADLINE_S 120

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dial(struct sockaddr_in *a, int nonblock)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (nonblock) fcntl(fd, F_SETFL, O_NONBLOCK);
    if (connect(fd, (struct sockaddr *)a, sizeof *a) && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

/* One GET on a fresh blocking connection; the answer (up to cap bytes)
 * into buf. Returns the HTTP status, or -1. */
static int get(struct sockaddr_in *a, const char *path, const char *token, char *buf, size_t cap)
{
    int fd = dial(a, 0);
    if (fd < 0) return -1;
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char req[512];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n%s%s%s\r\n", path,
                     token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "");
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    size_t len = 0;
    ssize_t k;
    while (len + 1 < cap && (k = read(fd, buf + len, cap - 1 - len)) > 0) len += (size_t)k;
    buf[len] = 0;
    close(fd);
    int status = -1;
    if (len > 12) sscanf(buf, "HTTP/1.1 %d", &status);
    return status;
}

/* The server's ward_http_connections gauge, or -1. */
static long server_count(struct sockaddr_in *a, const char *token)
{
    static char buf[1 << 20];
    if (get(a, "/metrics", token, buf, sizeof buf) != 200) return -1;
    const char *p = strstr(buf, "\nward_http_connections ");
    return p ? atol(p + strlen("\nward_http_connections ")) : -1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: holdconns HOST PORT N ADMIN_TOKEN\n");
        return 2;
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &a.sin_addr);
    long want = atol(argv[3]);
    const char *token = argv[4];

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    rl.rlim_cur = rl.rlim_max;
    setrlimit(RLIMIT_NOFILE, &rl);
    long cap = (long)rl.rlim_cur - 64;
    if (want > cap) {
        printf("RLIMIT_NOFILE allows %ld of the %ld connections asked\n", cap, want);
        want = cap;
    }
    struct pollfd *p = calloc((size_t)want, sizeof *p);
    long opened = 0;
    for (long i = 0; i < want; i++) {
        p[i].fd = dial(&a, 1);
        p[i].events = POLLOUT;
        if (p[i].fd < 0) break;
        opened++;
    }
    /* Wait for the connects to complete. */
    double until = now() + DEADLINE_S;
    long done = 0;
    while (done < opened && now() < until) {
        done = 0;
        poll(p, (nfds_t)opened, 200);
        for (long i = 0; i < opened; i++)
            if (p[i].revents & (POLLOUT | POLLERR | POLLHUP)) done++;
    }
    long ok = 0;
    for (long i = 0; i < opened; i++) {
        int e = 0;
        socklen_t el = sizeof e;
        getsockopt(p[i].fd, SOL_SOCKET, SO_ERROR, &e, &el);
        if (!e) ok++;
        p[i].events = POLLIN;  /* from now on: a closed connection reads EOF */
    }
    /* A completed connect is only the kernel's backlog: wait until the
     * server has accepted them all. */
    long counted = -1;
    while (now() < until) {
        counted = server_count(&a, token);
        if (counted >= ok) break;
        usleep(100000);
    }
    double t = now();
    char buf[512];
    int status = get(&a, "/healthz", NULL, buf, sizeof buf);
    double ms = (now() - t) * 1e3;
    /* Still open? The server must not have dropped any (its timeout is
     * longer than this test). */
    poll(p, (nfds_t)opened, 0);
    long alive = 0;
    for (long i = 0; i < opened; i++)
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) alive++;
    printf("opened %ld idle connections (%ld connected); server counted %ld; /healthz answered %d in %.0f ms; "
           "%ld still open\n", opened, ok, counted, status, ms, alive);
    for (long i = 0; i < opened; i++) close(p[i].fd);
    free(p);
    return (ok == want && counted >= want && alive == want && status == 200) ? 0 : 1;
}
