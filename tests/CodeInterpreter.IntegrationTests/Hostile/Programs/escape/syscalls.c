// Kernel attack surface the seccomp policy denies: each call must fail with the policy's errno.
#define _GNU_SOURCE
#include <errno.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void expect(const char *what, long rc, int wanted) {
    int err = rc == -1 ? errno : 0;
    if (rc == -1 && err == wanted) {
        printf("CONTAINED %s: %s\n", what, strerror(err));
    } else {
        printf("ESCAPED %s: rc=%ld errno=%d (%s)\n", what, rc, err, strerror(err));
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    expect("ptrace traceme", ptrace(PTRACE_TRACEME, 0, 0, 0), EPERM);
    expect("ptrace attach pid 1", ptrace(PTRACE_ATTACH, 1, 0, 0), EPERM);
    expect("mount tmpfs", mount("none", "/tmp", "tmpfs", 0, 0), EPERM);
    expect("umount /mnt/data", umount2("/mnt/data", MNT_DETACH), EPERM);
    expect("unshare user ns", unshare(CLONE_NEWUSER), EPERM);
    expect("unshare mount ns", unshare(CLONE_NEWNS), EPERM);
    expect("setns", setns(0, 0), EPERM);
    expect("chroot", chroot("/tmp"), EPERM);
    expect("keyctl", syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 0), EPERM);
    expect("add_key", syscall(SYS_add_key, "user", "x", "y", 1, KEY_SPEC_SESSION_KEYRING), EPERM);
    expect("io_uring_setup", syscall(425, 8, (void *)0), EPERM);
    expect("bpf", syscall(SYS_bpf, 0, 0, 0), EPERM);
    expect("perf_event_open", syscall(SYS_perf_event_open, 0, 0, -1, -1, 0), EPERM);
    expect("userfaultfd", syscall(SYS_userfaultfd, 0), EPERM);
    expect("open_by_handle_at", syscall(SYS_open_by_handle_at, -1, 0, 0), EPERM);
    expect("kexec_load", syscall(SYS_kexec_load, 0, 0, 0, 0), EPERM);
    expect("init_module", syscall(SYS_init_module, 0, 0, ""), EPERM);
    expect("process_vm_readv", syscall(SYS_process_vm_readv, 1, 0, 0, 0, 0, 0), EPERM);
    expect("clone3", syscall(435, 0, 0), ENOSYS);
    expect("socket AF_PACKET", socket(AF_PACKET, SOCK_RAW, 0), EAFNOSUPPORT);
    expect("socket AF_NETLINK", socket(AF_NETLINK, SOCK_RAW, 0), EAFNOSUPPORT);
    // Host-wide AIO budget (fs.aio-max-nr): absent, as on a kernel built without it.
    unsigned long aio = 0;
    expect("io_setup", syscall(SYS_io_setup, 1, &aio), ENOSYS);
    expect("memfd_secret", syscall(447 /* memfd_secret */, 0), ENOSYS);
#ifdef SYS_modify_ldt
    static char ldt[16];
    expect("modify_ldt write", syscall(SYS_modify_ldt, 1, ldt, sizeof ldt), EPERM);
#endif
    expect("personality READ_IMPLIES_EXEC", syscall(SYS_personality, READ_IMPLIES_EXEC), EPERM);
    expect("personality ADDR_NO_RANDOMIZE", syscall(SYS_personality, ADDR_NO_RANDOMIZE), EPERM);
    printf("personality query: %ld\n", syscall(SYS_personality, 0xffffffffUL));
    expect("set_mempolicy", syscall(SYS_set_mempolicy, 0, 0, 0), EPERM);
    expect("mbind", syscall(SYS_mbind, 0, 0, 0, 0, 0, 0), EPERM);
    expect("migrate_pages", syscall(SYS_migrate_pages, 0, 0, 0, 0), EPERM);
#ifdef SYS_sysfs
    expect("sysfs", syscall(SYS_sysfs, 3), EPERM);
#endif
    puts("DONE");
    return 0;
}
