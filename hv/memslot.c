/* SPDX-License-Identifier: MIT */
/*
 * Memory slots and stage 2 (GPA to host memory), following the rules of
 * KVM_SET_USER_MEMORY_REGION in virt/kvm/kvm_main.c: page-aligned, no
 * overlap, size 0 deletes, a slot changes only by delete and re-add, and on
 * LoongArch the GPA must lie below 2^cpu_vabits (kvm/vm.c gpa_size).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"

#define PAGE 4096ULL

static bool overlaps(const struct hv_memslot *s, uint64_t gpa, uint64_t size)
{
	return s->used && gpa < s->gpa + s->size && s->gpa < gpa + size;
}

static int check_region(const struct kvm_userspace_memory_region *r)
{
	uint32_t slot = r->slot & 0xffff;

	if (r->slot >> 16 || slot >= HV_MAX_MEMSLOTS)
		return -EINVAL;
	if (r->flags & ~(uint32_t)(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY))
		return -EINVAL;
	if ((r->memory_size | r->guest_phys_addr) & (PAGE - 1))
		return -EINVAL;
	if (r->memory_size && (r->userspace_addr & (PAGE - 1)))
		return -EINVAL;
	if (r->guest_phys_addr + r->memory_size < r->guest_phys_addr)
		return -EINVAL;
	if (r->memory_size &&
	    r->guest_phys_addr + r->memory_size > (1ULL << HV_GPA_BITS))
		return -ENOMEM;
	return 0;
}

static int add_slot(struct hv_vm *vm, const struct kvm_userspace_memory_region *r)
{
	struct hv_memslot *s = &vm->slots[r->slot];
	unsigned int i;

	for (i = 0; i < HV_MAX_MEMSLOTS; i++)
		if (i != r->slot &&
		    overlaps(&vm->slots[i], r->guest_phys_addr, r->memory_size))
			return -EEXIST;
	if (s->used) {
		/* Only the flags of an existing slot may change. */
		if (s->gpa != r->guest_phys_addr || s->size != r->memory_size ||
		    s->host != (uint8_t *)(uintptr_t)r->userspace_addr)
			return -EINVAL;
		if ((s->flags ^ r->flags) & KVM_MEM_READONLY)
			return -EINVAL;
	}
	free(s->dirty);
	s->dirty = NULL;
	if (r->flags & KVM_MEM_LOG_DIRTY_PAGES) {
		s->dirty = calloc((r->memory_size / PAGE + 63) / 64, 8);
		if (!s->dirty)
			return -ENOMEM;
	}
	s->used = true;
	s->flags = r->flags;
	s->gpa = r->guest_phys_addr;
	s->size = r->memory_size;
	s->host = (uint8_t *)(uintptr_t)r->userspace_addr;
	return 0;
}

int hv_set_memory_region(struct hv_vm *vm,
			 const struct kvm_userspace_memory_region *r)
{
	struct hv_memslot *s;
	int err = check_region(r);

	if (err)
		return err;
	pthread_rwlock_wrlock(&vm->slots_lock);
	s = &vm->slots[r->slot];
	if (r->memory_size == 0) {
		free(s->dirty);
		*s = (struct hv_memslot){ 0 };
	} else {
		err = add_slot(vm, r);
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	if (!err)
		hv_vm_flush_all(vm);
	return err;
}

int hv_get_dirty_log(struct hv_vm *vm, struct kvm_dirty_log *log)
{
	struct hv_memslot *s;
	size_t bytes;
	int err = 0;

	if (log->slot >= HV_MAX_MEMSLOTS || !log->dirty_bitmap)
		return -EINVAL;
	pthread_rwlock_wrlock(&vm->slots_lock);
	s = &vm->slots[log->slot];
	if (!s->used || !s->dirty) {
		err = -ENOENT;
	} else {
		bytes = (s->size / PAGE + 63) / 64 * 8;
		memcpy(log->dirty_bitmap, s->dirty, bytes);
		memset(s->dirty, 0, bytes);
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	if (!err)
		hv_vm_flush_all(vm);
	return err;
}

void *hv_stage2_map(void *opaque, uint64_t gpa, bool write)
{
	struct hv_vm *vm = opaque;
	void *host = NULL;
	unsigned int i;

	pthread_rwlock_rdlock(&vm->slots_lock);
	for (i = 0; i < HV_MAX_MEMSLOTS; i++) {
		struct hv_memslot *s = &vm->slots[i];
		uint64_t off = gpa - s->gpa;

		if (!s->used || gpa < s->gpa || off >= s->size)
			continue;
		if (write && (s->flags & KVM_MEM_READONLY))
			break;
		if (write && s->dirty)
			__atomic_fetch_or(&s->dirty[off / PAGE / 64],
					  1ULL << (off / PAGE % 64),
					  __ATOMIC_RELAXED);
		host = s->host + off;
		break;
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	return host;
}
