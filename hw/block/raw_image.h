/* SPDX-License-Identifier: MIT */
/*
 * A raw disk image: a regular file or a block device read and written at
 * byte offsets, the backend of virtio-blk. Opening takes an advisory lock
 * (shared for read-only, exclusive for read-write) so two VMMs cannot
 * write one image at the same time. Every call returns 0 or -errno and
 * transfers all it was asked to, retrying on EINTR and short transfers.
 */
#ifndef LOONGVM_HW_BLOCK_RAW_IMAGE_H
#define LOONGVM_HW_BLOCK_RAW_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define RAW_IMAGE_MAX_IOV 1024

struct raw_image {
	int fd;
	bool readonly;
	uint64_t size;	     /* bytes */
	uint32_t alloc_size; /* the file system's block size (discard unit) */
};

/*
 * Opens path; on failure returns -1 with a message in err naming the
 * path and the reason (missing, a directory, locked by another process).
 */
int raw_image_open(struct raw_image *img, const char *path, bool readonly,
		   char *err, size_t errlen);
void raw_image_close(struct raw_image *img);

/*
 * Reads or writes the iovecs (at most RAW_IMAGE_MAX_IOV) at off. A read
 * past the end of the file returns zeros. A write to a read-only image
 * fails with -EROFS.
 */
int raw_image_preadv(struct raw_image *img, const struct iovec *iov, int iovcnt,
		     uint64_t off);
int raw_image_pwritev(struct raw_image *img, const struct iovec *iov,
		      int iovcnt, uint64_t off);
/* Makes completed writes durable (fdatasync). */
int raw_image_flush(struct raw_image *img);
/* Deallocates a range if the file system can; a hint, so 0 if it cannot. */
int raw_image_discard(struct raw_image *img, uint64_t off, uint64_t len);
/* Makes a range read back as zeros, deallocating it when may_unmap. */
int raw_image_write_zeroes(struct raw_image *img, uint64_t off, uint64_t len,
			   bool may_unmap);

#endif /* LOONGVM_HW_BLOCK_RAW_IMAGE_H */
