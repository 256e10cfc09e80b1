/* holdconns.c — opens N idle TCP connections to a server and holds them,
 * then checks that a fresh request is still answered.
 *
 *   holdconns HOST PORT N HOLD_SECONDS
 *
 * Prints "opened K idle connections; /healthz answered 200 in M ms" and
 * exits 0 when every connection opened and stayed open and the request was
 * answered; 1 otherwise. N is capped by RLIMIT_NOFILE (raised to its hard
 * limit first); the line says how many were held, so the test states the
 * number the machine allowed.
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

/* One GET /healthz on a fresh blocking connection: its status, or -1. */
static int healthz(struct sockaddr_in *a)
{
    int fd = dial(a, 0);
    if (fd < 0) return -1;
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char *req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if (write(fd, req, strlen(req)) < 0) {
        close(fd);
        return -1;
    }
    char buf[256] = {0};
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    int status = -1;
    if (n > 12) sscanf(buf, "HTTP/1.1 %d", &status);
    return status;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: holdconns HOST PORT N HOLD_SECONDS\n");
        return 2;
    }
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)atoi(argv[2]));
    inet_pton(AF_INET, argv[1], &a.sin_addr);
    long want = atol(argv[3]);
    int hold = atoi(argv[4]);

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
    double until = now() + 20;
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
    double t = now();
    int status = healthz(&a);
    double ms = (now() - t) * 1e3;
    sleep((unsigned)hold);
    /* Still open? The server must not have dropped them (hold < its timeout). */
    poll(p, (nfds_t)opened, 0);
    long alive = 0;
    for (long i = 0; i < opened; i++)
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) alive++;
    printf("opened %ld idle connections (%ld connected, %ld still open after %d s); "
           "/healthz answered %d in %.0f ms\n", opened, ok, alive, hold, status, ms);
    for (long i = 0; i < opened; i++) close(p[i].fd);
    free(p);
    return (ok == want && alive == want && status == 200) ? 0 : 1;
}
