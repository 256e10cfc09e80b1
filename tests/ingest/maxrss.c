/* maxrss.c — runs a command and prints its peak resident memory in KB on
 * stderr's last line ("maxrss KB"), exiting with the command's status: the
 * large-file test checks that a 2 GB file does not cost 2 GB of memory
 * (GNU time is not everywhere). */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s COMMAND [ARGS]\n", argv[0]);
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        perror(argv[1]);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
        perror("maxrss");
        return 1;
    }
    fprintf(stderr, "maxrss %ld\n", ru.ru_maxrss);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
