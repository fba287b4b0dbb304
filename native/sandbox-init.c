/*
 * sandbox-init: pid 1 of every sandbox (bwrap --as-pid-1 ... -- sandbox-init command args...).
 *
 * Why it exists: bwrap's own pid-1 reaper is a fork of the outer bwrap, running as the sandbox's uid and dumpable,
 * so the payload could read the whole launch command line (data dir, job dir, every mount source and limit) from
 * /proc/1/mem. This init is exec'd fresh (its memory holds nothing of the launcher) and makes itself non-dumpable
 * first, so its /proc/1/mem, environ, maps, stack and fd links are closed to the payload as well.
 *
 * What it keeps of bwrap's reaper, exactly:
 *   - it runs the command as its only child, with the signal mask it was given and fds 0-2 untouched;
 *   - it reaps every process that is orphaned to it;
 *   - it exits as soon as the command does: with the command's exit code, or 128 + n when signal n killed it;
 *     the pid namespace then dies with it, taking any daemon the command left behind;
 *   - signals sent to it from inside the sandbox are dropped (an init without handlers ignores them).
 * What it adds: a signal sent to it from outside the sandbox (the host; the kernel reports such a sender as
 * pid 0) is forwarded to the command.
 *
 * Built by scripts/install-deps.sh into /usr/local/libexec/code-interpreter/sandbox-init (under /usr, which every
 * sandbox sees read-only).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Exit codes of the init itself (the command's own codes pass through unchanged). */
enum { EXIT_USAGE = 2, EXIT_SETUP = 125, EXIT_EXEC = 1 /* as bwrap exits when its execvp fails */ };

/* Signals the kernel raises for a fault of the receiver itself: never forwarded, never waited for. */
static int is_synchronous(int sig)
{
    return sig == SIGILL || sig == SIGTRAP || sig == SIGABRT || sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV
        || sig == SIGSYS;
}

/* Sent by kill() from a process the receiver's pid namespace cannot see: the host. si_code SI_USER cannot be
 * forged by another process (rt_sigqueueinfo refuses codes >= 0 unless a process signals itself). */
static int is_from_outside(const siginfo_t *info)
{
    return info->si_code == SI_USER && info->si_pid == 0;
}

static void run_command(char **argv, const sigset_t *original)
{
    sigprocmask(SIG_SETMASK, original, NULL);
    execv(argv[0], argv);
    fprintf(stderr, "sandbox-init: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(EXIT_EXEC);
}

/* Reaps every exited child; returns 1 and sets *status when the command was among them. */
static int reap(pid_t command, int *status)
{
    int found = 0;
    for (;;) {
        int st;
        pid_t pid = waitpid(-1, &st, WNOHANG);
        if (pid <= 0) {
            return found;
        }
        if (pid == command) {
            *status = st;
            found = 1;
        }
    }
}

static int exit_code(int status)
{
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] != '/') {
        fprintf(stderr, "usage: sandbox-init /absolute/command [args...]\n");
        return EXIT_USAGE;
    }
    /* First, before anything else is in memory: same-uid processes without CAP_SYS_PTRACE may no longer open
     * /proc/1/mem, environ, maps, stack, fd, cwd or root. The command's execve makes it dumpable again. */
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
        fprintf(stderr, "sandbox-init: prctl(PR_SET_DUMPABLE): %s\n", strerror(errno));
        return EXIT_SETUP;
    }
    sigset_t all, original;
    sigfillset(&all);
    if (sigprocmask(SIG_SETMASK, &all, &original) != 0) {
        fprintf(stderr, "sandbox-init: sigprocmask: %s\n", strerror(errno));
        return EXIT_SETUP;
    }
    pid_t command = fork();
    if (command < 0) {
        fprintf(stderr, "sandbox-init: fork: %s\n", strerror(errno));
        return EXIT_SETUP;
    }
    if (command == 0) {
        run_command(argv + 1, &original);
    }
    for (;;) {
        siginfo_t info;
        int sig = sigwaitinfo(&all, &info);
        if (sig < 0) {
            continue; /* EINTR: a stop/continue of the init itself */
        }
        if (sig == SIGCHLD) {
            int status;
            if (reap(command, &status)) {
                return exit_code(status);
            }
        } else if (!is_synchronous(sig) && is_from_outside(&info)) {
            kill(command, sig);
        }
    }
}
