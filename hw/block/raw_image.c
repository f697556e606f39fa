/* SPDX-License-Identifier: MIT */
/*
 * The raw image backend of raw_image.h over POSIX file calls: preadv and
 * pwritev in full-transfer loops, fdatasync for flush, and Linux
 * fallocate modes for discard and write zeroes with portable fallbacks.
 *
 * Locking: an open file description lock (F_OFD_SETLK) over the whole
 * file, F_RDLCK when read-only and F_WRLCK when read-write, so any number
 * of read-only users may share an image but a writer excludes everyone.
 * OFD locks belong to the open file, not the process, so they are also
 * honoured between two images opened in one process. Kernels without OFD
 * locks fall back to flock().
 */
#include "raw_image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/falloc.h>
#endif

#define ZERO_CHUNK (64 * 1024)

static const uint8_t zero_chunk[ZERO_CHUNK];

/* Whether [off, off + len) is addressable through off_t. */
static bool range_ok(uint64_t off, uint64_t len)
{
	uint64_t max =
	    sizeof(off_t) >= 8 ? (uint64_t)INT64_MAX : (uint64_t)INT32_MAX;

	return off <= max && len <= max - off;
}

static int lock_image(int fd, bool readonly)
{
#ifdef F_OFD_SETLK
	struct flock fl = {
	    .l_type = readonly ? F_RDLCK : F_WRLCK,
	    .l_whence = SEEK_SET,
	};

	if (fcntl(fd, F_OFD_SETLK, &fl) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
#endif
	if (flock(fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) == 0)
		return 0;
	return -errno;
}

static int image_size(int fd, const struct stat *st, uint64_t *size)
{
	off_t end;

	if (S_ISREG(st->st_mode)) {
		*size = (uint64_t)st->st_size;
		return 0;
	}
	end = lseek(fd, 0, SEEK_END);
	if (end < 0)
		return -errno;
	*size = (uint64_t)end;
	return 0;
}

static uint32_t alloc_unit(const struct stat *st)
{
	uint64_t b = (uint64_t)st->st_blksize;

	/* A power of two between 512 bytes and 1 MiB, else 4 KiB. */
	if (b < 512 || b > (1u << 20) || (b & (b - 1)))
		return 4096;
	return (uint32_t)b;
}

static int check_and_lock(struct raw_image *img, const char *path,
			  bool readonly, char *err, size_t errlen)
{
	struct stat st;
	int r;

	if (fstat(img->fd, &st) < 0) {
		snprintf(err, errlen, "disk image '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "disk image '%s' is a directory", path);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		snprintf(err, errlen,
			 "disk image '%s' is not a regular file or block "
			 "device",
			 path);
		return -1;
	}
	r = image_size(img->fd, &st, &img->size);
	if (r < 0) {
		snprintf(err, errlen, "disk image '%s': size: %s", path,
			 strerror(-r));
		return -1;
	}
	img->alloc_size = alloc_unit(&st);
	r = lock_image(img->fd, readonly);
	if (r == -EAGAIN || r == -EACCES || r == -EWOULDBLOCK) {
		snprintf(err, errlen,
			 "disk image '%s' is locked: another process (a VMM?) "
			 "has it open%s",
			 path, readonly ? " for writing" : "");
		return -1;
	}
	if (r < 0)
		fprintf(stderr, "warning: disk image '%s' not locked: %s\n",
			path, strerror(-r));
	return 0;
}

int raw_image_open(struct raw_image *img, const char *path, bool readonly,
		   char *err, size_t errlen)
{
	int flags = (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC;

	memset(img, 0, sizeof(*img));
	img->fd = -1;
	if (!path || !*path) {
		snprintf(err, errlen, "disk image: no file name given");
		return -1;
	}
	img->fd = open(path, flags);
	if (img->fd < 0) {
		if (errno == EISDIR)
			snprintf(err, errlen, "disk image '%s' is a directory",
				 path);
		else
			snprintf(err, errlen, "cannot open disk image '%s': %s",
				 path, strerror(errno));
		return -1;
	}
	if (check_and_lock(img, path, readonly, err, errlen) < 0) {
		close(img->fd);
		img->fd = -1;
		return -1;
	}
	img->readonly = readonly;
	return 0;
}

void raw_image_close(struct raw_image *img)
{
	if (img->fd >= 0)
		close(img->fd); /* drops the lock */
	img->fd = -1;
}

/*
 * Copies iov into v and checks the transfer; returns the count or -errno.
 */
static int prepare(struct iovec *v, const struct iovec *iov, int iovcnt,
		   uint64_t off)
{
	uint64_t total = 0;
	int i;

	if (iovcnt < 0 || iovcnt > RAW_IMAGE_MAX_IOV)
		return -EINVAL;
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > UINT64_MAX - total)
			return -EINVAL;
		total += iov[i].iov_len;
		v[i] = iov[i];
	}
	if (!range_ok(off, total))
		return -EINVAL;
	return iovcnt;
}

/* Drops n transferred bytes from the front of *v / *cnt. */
static void advance(struct iovec **v, int *cnt, size_t n)
{
	while (*cnt > 0 && n >= (*v)->iov_len) {
		n -= (*v)->iov_len;
		(*v)++;
		(*cnt)--;
	}
	if (*cnt > 0) {
		(*v)->iov_base = (uint8_t *)(*v)->iov_base + n;
		(*v)->iov_len -= n;
	}
	/* Skip empty entries so a zero-byte return means end of file. */
	while (*cnt > 0 && (*v)->iov_len == 0) {
		(*v)++;
		(*cnt)--;
	}
}

static void zero_rest(struct iovec *v, int cnt)
{
	int i;

	for (i = 0; i < cnt; i++)
		memset(v[i].iov_base, 0, v[i].iov_len);
}

int raw_image_preadv(struct raw_image *img, const struct iovec *iov, int iovcnt,
		     uint64_t off)
{
	struct iovec copy[RAW_IMAGE_MAX_IOV], *v = copy;
	int cnt = prepare(copy, iov, iovcnt, off);
	ssize_t n;

	if (cnt < 0)
		return cnt;
	advance(&v, &cnt, 0);
	while (cnt > 0) {
		n = preadv(img->fd, v, cnt, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0) { /* end of file: the rest reads as zeros */
			zero_rest(v, cnt);
			return 0;
		}
		off += (uint64_t)n;
		advance(&v, &cnt, (size_t)n);
	}
	return 0;
}

int raw_image_pwritev(struct raw_image *img, const struct iovec *iov,
		      int iovcnt, uint64_t off)
{
	struct iovec copy[RAW_IMAGE_MAX_IOV], *v = copy;
	int cnt;
	ssize_t n;

	if (img->readonly)
		return -EROFS;
	cnt = prepare(copy, iov, iovcnt, off);
	if (cnt < 0)
		return cnt;
	advance(&v, &cnt, 0);
	while (cnt > 0) {
		n = pwritev(img->fd, v, cnt, (off_t)off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		off += (uint64_t)n;
		advance(&v, &cnt, (size_t)n);
	}
	return 0;
}

int raw_image_flush(struct raw_image *img)
{
	while (fdatasync(img->fd) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/* Whether an fallocate error only means "this file cannot do that". */
static bool unsupported(int e)
{
	return e == EOPNOTSUPP || e == ENOSYS || e == EINVAL || e == ENODEV;
}

static int falloc(struct raw_image *img, int mode, uint64_t off, uint64_t len)
{
#ifdef __linux__
	while (fallocate(img->fd, mode, (off_t)off, (off_t)len) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
#else
	(void)img;
	(void)mode;
	(void)off;
	(void)len;
	return -EOPNOTSUPP;
#endif
}

static int punch_hole(struct raw_image *img, uint64_t off, uint64_t len)
{
#ifdef FALLOC_FL_PUNCH_HOLE
	return falloc(img, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off,
		      len);
#else
	return -EOPNOTSUPP;
#endif
}

static int zero_range(struct raw_image *img, uint64_t off, uint64_t len)
{
#ifdef FALLOC_FL_ZERO_RANGE
	return falloc(img, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off,
		      len);
#else
	return -EOPNOTSUPP;
#endif
}

int raw_image_discard(struct raw_image *img, uint64_t off, uint64_t len)
{
	int r;

	if (img->readonly)
		return -EROFS;
	if (!range_ok(off, len))
		return -EINVAL;
	if (len == 0)
		return 0;
	r = punch_hole(img, off, len);
	if (r < 0 && unsupported(-r))
		return 0;
	return r;
}

static int write_zeros(struct raw_image *img, uint64_t off, uint64_t len)
{
	struct iovec v;
	uint64_t n;
	int r;

	while (len) {
		n = len < ZERO_CHUNK ? len : ZERO_CHUNK;
		v.iov_base = (void *)zero_chunk;
		v.iov_len = (size_t)n;
		r = raw_image_pwritev(img, &v, 1, off);
		if (r < 0)
			return r;
		off += n;
		len -= n;
	}
	return 0;
}

int raw_image_write_zeroes(struct raw_image *img, uint64_t off, uint64_t len,
			   bool may_unmap)
{
	int r;

	if (img->readonly)
		return -EROFS;
	if (!range_ok(off, len))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (may_unmap) {
		r = punch_hole(img, off, len);
		if (r == 0 || !unsupported(-r))
			return r;
	}
	r = zero_range(img, off, len);
	if (r == 0 || !unsupported(-r))
		return r;
	if (!may_unmap) {
		r = punch_hole(img, off, len);
		if (r == 0 || !unsupported(-r))
			return r;
	}
	return write_zeros(img, off, len);
}
