/* SPDX-License-Identifier: MIT */
/*
 * KVM_GET_DIRTY_LOG and KVM_CLEAR_DIRTY_LOG, as virt/kvm/kvm_main.c
 * kvm_get_dirty_log_protect and kvm_clear_dirty_log_protect do them
 * (CONFIG_KVM_GENERIC_DIRTYLOG_READ_PROTECT, which LoongArch selects).
 * The bitmap has one bit per 4 KiB page, in 64-bit words. Without manual
 * protection a get returns the bits and clears them; with it, a get only
 * reads and KVM_CLEAR_DIRTY_LOG clears. Either way the pages whose bits
 * were cleared are "write-protected" again by flushing the vCPUs' cached
 * mappings, so the next guest write to them is logged.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"

static size_t nr_pages(const struct hv_memslot *s)
{
	return s->size / HV_PAGE_SIZE;
}

static size_t words(const struct hv_memslot *s)
{
	return (nr_pages(s) + 63) / 64;
}

/* A copy of the bitmap, cleared in place unless manual protect is on. */
static uint64_t *snapshot(struct hv_vm *vm, struct hv_memslot *s, bool *flush)
{
	bool manual = atomic_load(&vm->manual_dirty_log_protect) != 0;
	uint64_t *buf = malloc(words(s) * 8);
	size_t i;

	if (!buf)
		return NULL;
	for (i = 0; i < words(s); i++) {
		if (manual)
			buf[i] = __atomic_load_n(&s->dirty[i], __ATOMIC_RELAXED);
		else
			buf[i] = __atomic_exchange_n(&s->dirty[i], 0,
						     __ATOMIC_RELAXED);
		*flush |= !manual && buf[i];
	}
	return buf;
}

static int check_slot_id(uint32_t slot)
{
	if (slot >> 16 || (uint16_t)slot >= HV_MAX_MEMSLOT_ID)
		return -EINVAL;
	return 0;
}

int hv_get_dirty_log(struct hv_vm *vm, const struct kvm_dirty_log *log)
{
	struct hv_memslot *s;
	uint64_t *buf = NULL;
	size_t bytes = 0;
	bool flush = false;
	int err = check_slot_id(log->slot);

	if (err)
		return err;
	pthread_rwlock_rdlock(&vm->slots_lock);
	s = hv_memslot_by_id(vm, log->slot);
	if (!s || !s->dirty) {
		err = -ENOENT;
	} else {
		bytes = words(s) * 8;
		buf = snapshot(vm, s, &flush);
		if (!buf)
			err = -ENOMEM;
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	if (flush)
		hv_vm_flush_all(vm);
	if (!err)
		err = hv_copy_to_user(log->dirty_bitmap, buf, bytes);
	free(buf);
	return err;
}

/* The range rules of kvm_clear_dirty_log_protect. */
static int check_clear_range(const struct hv_memslot *s,
			     const struct kvm_clear_dirty_log *log)
{
	uint64_t n = nr_pages(s);

	if (log->first_page > n || log->num_pages > n - log->first_page)
		return -EINVAL;
	if (log->num_pages < n - log->first_page && (log->num_pages & 63))
		return -EINVAL;
	return 0;
}

/* Clears the bits set in mask; true if any of them were set. */
static bool clear_bits(struct hv_memslot *s,
		       const struct kvm_clear_dirty_log *log,
		       const uint64_t *mask)
{
	size_t i, n = ((size_t)log->num_pages + 63) / 64;
	size_t first = log->first_page / 64;
	bool cleared = false;

	for (i = 0; i < n; i++) {
		uint64_t old = __atomic_fetch_and(&s->dirty[first + i],
						  ~mask[i], __ATOMIC_RELAXED);

		cleared |= (old & mask[i]) != 0;
	}
	return cleared;
}

static int clear_slot(struct hv_vm *vm, const struct kvm_clear_dirty_log *log,
		      bool *flush)
{
	struct hv_memslot *s = hv_memslot_by_id(vm, log->slot);
	size_t bytes = ((size_t)log->num_pages + 63) / 64 * 8;
	uint64_t *mask;
	int err;

	if (!s || !s->dirty)
		return -ENOENT;
	err = check_clear_range(s, log);
	if (err)
		return err;
	mask = malloc(bytes ? bytes : 8);
	if (!mask)
		return -ENOMEM;
	err = hv_copy_from_user(mask, log->dirty_bitmap, bytes);
	if (!err)
		*flush = clear_bits(s, log, mask);
	free(mask);
	return err;
}

int hv_clear_dirty_log(struct hv_vm *vm, const struct kvm_clear_dirty_log *log)
{
	bool flush = false;
	int err = check_slot_id(log->slot);

	if (err)
		return err;
	if (log->first_page & 63)
		return -EINVAL;
	pthread_rwlock_rdlock(&vm->slots_lock);
	err = clear_slot(vm, log, &flush);
	pthread_rwlock_unlock(&vm->slots_lock);
	if (flush)
		hv_vm_flush_all(vm);
	return err;
}
