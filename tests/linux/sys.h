/* SPDX-License-Identifier: MIT */
/*
 * Raw Linux system calls for the freestanding test init: LoongArch uses
 * the generic numbers (include/uapi/asm-generic/unistd.h) and enters the
 * kernel with "syscall 0", a7 = number, a0-a5 = arguments, result in a0
 * (negative errno on failure). Only what the tests need is here.
 */
#ifndef LOONGVM_TESTS_LINUX_SYS_H
#define LOONGVM_TESTS_LINUX_SYS_H

typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;

#define SYS_dup3 24
#define SYS_fcntl 25
#define SYS_ioctl 29
#define SYS_mkdirat 34
#define SYS_umount2 39
#define SYS_mount 40
#define SYS_openat 56
#define SYS_close 57
#define SYS_getdents64 61
#define SYS_read 63
#define SYS_readlinkat 78
#define SYS_write 64
#define SYS_sync 81
#define SYS_fsync 82
#define SYS_nanosleep 101
#define SYS_clock_gettime 113
#define SYS_reboot 142
#define SYS_uname 160
#define SYS_socket 198
#define SYS_connect 203
#define SYS_setsockopt 208
#define SYS_pipe2 59
#define SYS_exit 93
#define SYS_clone 220
#define SYS_wait4 260

#define AT_FDCWD -100
#define O_RDONLY 0
#define O_WRONLY 1
#define O_RDWR 2
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_CLOEXEC 02000000

#define EINTR 4
#define EAGAIN 11
#define EEXIST 17

#define CLOCK_MONOTONIC 1

/* include/uapi/linux/reboot.h */
#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

struct timespec {
	long tv_sec, tv_nsec;
};

struct timeval {
	long tv_sec, tv_usec;
};

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	    domainname[65];
};

struct dirent64 {
	u64 d_ino;
	long d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a7 __asm__("$a7") = n;
	register long a0 __asm__("$a0") = a;
	register long a1 __asm__("$a1") = b;
	register long a2 __asm__("$a2") = c;
	register long a3 __asm__("$a3") = d;
	register long a4 __asm__("$a4") = e;
	register long a5 __asm__("$a5") = f;

	__asm__ volatile("syscall 0"
			 : "+r"(a0)
			 : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
			 : "memory", "$t0", "$t1", "$t2", "$t3", "$t4", "$t5",
			   "$t6", "$t7", "$t8");
	return a0;
}

#define SC(n, a, b, c, d, e, f)                                          \
	sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), \
	     (long)(f))

static inline long sys_open(const char *path, int flags, int mode)
{
	return SC(SYS_openat, AT_FDCWD, path, flags, mode, 0, 0);
}

static inline long sys_close(int fd)
{
	return SC(SYS_close, fd, 0, 0, 0, 0, 0);
}

static inline long sys_read(int fd, void *buf, size_t len)
{
	return SC(SYS_read, fd, buf, len, 0, 0, 0);
}

static inline long sys_write(int fd, const void *buf, size_t len)
{
	return SC(SYS_write, fd, buf, len, 0, 0, 0);
}

static inline long sys_dup3(int from, int to)
{
	return SC(SYS_dup3, from, to, 0, 0, 0, 0);
}

static inline long sys_ioctl(int fd, unsigned long req, void *arg)
{
	return SC(SYS_ioctl, fd, req, arg, 0, 0, 0);
}

static inline long sys_mkdir(const char *path, int mode)
{
	return SC(SYS_mkdirat, AT_FDCWD, path, mode, 0, 0, 0);
}

static inline long sys_mount(const char *src, const char *dst, const char *type,
			     unsigned long flags, const void *data)
{
	return SC(SYS_mount, src, dst, type, flags, data, 0);
}

static inline long sys_umount(const char *dst)
{
	return SC(SYS_umount2, dst, 0, 0, 0, 0, 0);
}

static inline long sys_getdents64(int fd, void *buf, size_t len)
{
	return SC(SYS_getdents64, fd, buf, len, 0, 0, 0);
}

static inline long sys_readlink(const char *path, char *buf, size_t len)
{
	return SC(SYS_readlinkat, AT_FDCWD, path, buf, len, 0, 0);
}

static inline long sys_fsync(int fd)
{
	return SC(SYS_fsync, fd, 0, 0, 0, 0, 0);
}

static inline void sys_sync(void)
{
	SC(SYS_sync, 0, 0, 0, 0, 0, 0);
}

static inline long sys_nanosleep(const struct timespec *ts)
{
	return SC(SYS_nanosleep, ts, 0, 0, 0, 0, 0);
}

static inline long sys_clock_gettime(int clk, struct timespec *ts)
{
	return SC(SYS_clock_gettime, clk, ts, 0, 0, 0, 0);
}

static inline long sys_uname(struct utsname *u)
{
	return SC(SYS_uname, u, 0, 0, 0, 0, 0);
}

static inline long sys_poweroff(void)
{
	return SC(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
		  LINUX_REBOOT_CMD_POWER_OFF, 0, 0, 0);
}

static inline long sys_socket(int domain, int type, int proto)
{
	return SC(SYS_socket, domain, type, proto, 0, 0, 0);
}

static inline long sys_connect(int fd, const void *addr, u32 len)
{
	return SC(SYS_connect, fd, addr, len, 0, 0, 0);
}

static inline long sys_setsockopt(int fd, int level, int name, const void *val,
				  u32 len)
{
	return SC(SYS_setsockopt, fd, level, name, val, len, 0);
}

/* fork(2) as clone(SIGCHLD): 0 in the child, its pid in the parent. */
static inline long sys_fork(void)
{
	return SC(SYS_clone, 17, 0, 0, 0, 0, 0);
}

static inline long sys_pipe2(int fds[2], int flags)
{
	return SC(SYS_pipe2, fds, flags, 0, 0, 0, 0);
}

static inline long sys_wait4(long pid)
{
	return SC(SYS_wait4, pid, 0, 0, 0, 0, 0);
}

static inline __attribute__((noreturn)) void sys_exit(int code)
{
	for (;;)
		SC(SYS_exit, code, 0, 0, 0, 0, 0);
}

#endif /* LOONGVM_TESTS_LINUX_SYS_H */
