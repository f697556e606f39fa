/* SPDX-License-Identifier: MIT */
/*
 * Memory slots and stage 2 (GPA to host memory), following
 * KVM_SET_USER_MEMORY_REGION(2) in virt/kvm/kvm_main.c
 * (__kvm_set_memory_region, kvm_prepare_memory_region) and
 * kvm/mmu.c kvm_arch_prepare_memory_region: page-aligned, no overlap,
 * size 0 deletes, an existing slot may move or change its flags but not
 * its size, host address or READONLY, and the GPA range must lie below
 * 2^cpu_vabits. The slots in use are kept sorted by GPA for lookup.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hv.h"

/* include/linux/kvm_host.h KVM_MEM_MAX_NR_PAGES. */
#define MAX_NR_PAGES ((1ULL << 31) - 1)
/* access_ok: the end of the user address space of a 64-bit host. */
#define USER_VA_END (1ULL << 47)
#define V2_FLAGS (KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)

static size_t bitmap_bytes(uint64_t size)
{
	return (size / HV_PAGE_SIZE + 63) / 64 * 8;
}

/* The general sanity checks of __kvm_set_memory_region, in its order. */
static int check_region(const struct kvm_userspace_memory_region2 *r)
{
	uint64_t end = r->userspace_addr + r->memory_size;

	if (r->flags & ~(uint32_t)V2_FLAGS)
		return -EINVAL; /* check_memory_region_flags: no guest_memfd */
	if ((r->memory_size | r->guest_phys_addr) & (HV_PAGE_SIZE - 1))
		return -EINVAL;
	if ((r->userspace_addr & (HV_PAGE_SIZE - 1)) ||
	    end < r->userspace_addr || end > USER_VA_END)
		return -EINVAL;
	if (r->slot >> 16)
		return -EINVAL; /* one address space */
	if (r->guest_phys_addr + r->memory_size < r->guest_phys_addr)
		return -EINVAL;
	if (r->memory_size / HV_PAGE_SIZE > MAX_NR_PAGES)
		return -EINVAL;
	return 0;
}

struct hv_memslot *hv_memslot_by_id(struct hv_vm *vm, uint32_t id)
{
	unsigned int i;

	for (i = 0; i < vm->nr_slots; i++)
		if (vm->slots[i].id == id)
			return &vm->slots[i];
	return NULL;
}

static bool overlaps(struct hv_vm *vm, uint32_t id, uint64_t gpa,
		     uint64_t size)
{
	unsigned int i;

	for (i = 0; i < vm->nr_slots; i++) {
		const struct hv_memslot *s = &vm->slots[i];

		if (s->id != id && gpa < s->gpa + s->size && s->gpa < gpa + size)
			return true;
	}
	return false;
}

static void remove_slot(struct hv_vm *vm, struct hv_memslot *s)
{
	size_t idx = (size_t)(s - vm->slots);

	free(s->dirty);
	memmove(s, s + 1, (vm->nr_slots - idx - 1) * sizeof(*s));
	vm->nr_slots--;
}

static int insert_slot(struct hv_vm *vm, const struct hv_memslot *n)
{
	struct hv_memslot *grown;
	unsigned int i, cap;

	if (vm->nr_slots == vm->slots_cap) {
		cap = vm->slots_cap ? vm->slots_cap * 2 : 8;
		grown = realloc(vm->slots, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		vm->slots = grown;
		vm->slots_cap = cap;
	}
	for (i = 0; i < vm->nr_slots && vm->slots[i].gpa < n->gpa; i++)
		;
	memmove(&vm->slots[i + 1], &vm->slots[i],
		(vm->nr_slots - i) * sizeof(*n));
	vm->slots[i] = *n;
	vm->nr_slots++;
	return 0;
}

/* bitmap_set(bitmap, 0, n) */
static void set_first_bits(uint64_t *bitmap, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n / 64; i++)
		bitmap[i] = ~0ULL;
	if (n % 64)
		bitmap[i] = (1ULL << (n % 64)) - 1;
}

/*
 * kvm_prepare_memory_region: the dirty bitmap is dropped without
 * LOG_DIRTY_PAGES, kept when logging stays on, and new (all set with
 * KVM_DIRTY_LOG_INITIALLY_SET) when logging starts.
 */
static int prepare_bitmap(struct hv_vm *vm, struct hv_memslot *n,
			  uint64_t *old_dirty)
{
	size_t bytes = bitmap_bytes(n->size);

	n->dirty = NULL;
	if (!(n->flags & KVM_MEM_LOG_DIRTY_PAGES))
		return 0;
	if (old_dirty) {
		n->dirty = old_dirty;
		return 0;
	}
	n->dirty = calloc(1, bytes);
	if (!n->dirty)
		return -ENOMEM;
	if (atomic_load(&vm->manual_dirty_log_protect) &
	    KVM_DIRTY_LOG_INITIALLY_SET)
		set_first_bits(n->dirty, n->size / HV_PAGE_SIZE);
	return 0;
}

/* KVM_MR_CREATE, KVM_MR_MOVE or KVM_MR_FLAGS_ONLY. */
static int change_slot(struct hv_vm *vm, struct hv_memslot *old,
		       const struct kvm_userspace_memory_region2 *r)
{
	struct hv_memslot n = {
		.used = true,
		.id = (uint16_t)r->slot,
		.flags = r->flags,
		.gpa = r->guest_phys_addr,
		.size = r->memory_size,
		.host = (uint8_t *)(uintptr_t)r->userspace_addr,
	};
	uint64_t *old_dirty = old ? old->dirty : NULL;
	int err;

	if (old && (old->host != n.host || old->size != n.size ||
		    ((old->flags ^ n.flags) & KVM_MEM_READONLY)))
		return -EINVAL;
	if (old && old->gpa == n.gpa && old->flags == n.flags)
		return 0;
	if ((!old || old->gpa != n.gpa) && overlaps(vm, n.id, n.gpa, n.size))
		return -EEXIST;
	if ((!old || old->gpa != n.gpa) &&
	    n.gpa + n.size > 1ULL << HV_GPA_BITS)
		return -ENOMEM; /* kvm_arch_prepare_memory_region */
	err = prepare_bitmap(vm, &n, old_dirty);
	if (err)
		return err;
	if (old) {
		if (n.dirty == old_dirty)
			old->dirty = NULL;
		remove_slot(vm, old);
	}
	err = insert_slot(vm, &n);
	if (err)
		free(n.dirty);
	return err;
}

int hv_set_memory_region(struct hv_vm *vm,
			 const struct kvm_userspace_memory_region2 *r)
{
	struct hv_memslot *old;
	int err;

	if ((uint16_t)r->slot >= HV_MAX_MEMSLOT_ID)
		return -EINVAL; /* kvm_vm_ioctl_set_memory_region */
	err = check_region(r);
	if (err)
		return err;
	pthread_rwlock_wrlock(&vm->slots_lock);
	old = hv_memslot_by_id(vm, (uint16_t)r->slot);
	if (r->memory_size == 0) {
		if (old)
			remove_slot(vm, old);
		else
			err = -EINVAL;
	} else {
		err = change_slot(vm, old, r);
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	if (!err)
		hv_vm_flush_all(vm);
	return err;
}

void hv_memslots_free(struct hv_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->nr_slots; i++)
		free(vm->slots[i].dirty);
	free(vm->slots);
	vm->slots = NULL;
	vm->nr_slots = vm->slots_cap = 0;
}

/* The slot holding gpa: a binary search of the sorted slots. */
static struct hv_memslot *find_slot(struct hv_vm *vm, uint64_t gpa)
{
	unsigned int lo = 0, hi = vm->nr_slots, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (gpa < vm->slots[mid].gpa)
			hi = mid;
		else if (gpa - vm->slots[mid].gpa >= vm->slots[mid].size)
			lo = mid + 1;
		else
			return &vm->slots[mid];
	}
	return NULL;
}

/*
 * Stage 2. A write mapping marks its page dirty: the CPU caches the
 * mapping, so every flush (hv_vm_flush_all after KVM_GET_DIRTY_LOG)
 * makes the next write to the page come here again, as write-protection
 * does in kvm_arch_mmu_enable_log_dirty_pt_masked.
 */
void *hv_stage2_map(void *opaque, uint64_t gpa, bool write)
{
	struct hv_vm *vm = opaque;
	struct hv_memslot *s;
	void *host = NULL;
	uint64_t off;

	pthread_rwlock_rdlock(&vm->slots_lock);
	s = find_slot(vm, gpa);
	if (s && !(write && (s->flags & KVM_MEM_READONLY))) {
		off = gpa - s->gpa;
		if (write && s->dirty)
			__atomic_fetch_or(&s->dirty[off / HV_PAGE_SIZE / 64],
					  1ULL << (off / HV_PAGE_SIZE % 64),
					  __ATOMIC_RELAXED);
		host = s->host + off;
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	return host;
}

/* la64_stage2.ram_range: the whole slot holding gpa. */
bool hv_stage2_ram_range(void *opaque, uint64_t gpa, uint64_t *lo,
			 uint64_t *len, uint8_t **host)
{
	struct hv_vm *vm = opaque;
	struct hv_memslot *s;

	pthread_rwlock_rdlock(&vm->slots_lock);
	s = find_slot(vm, gpa);
	if (s) {
		*lo = s->gpa;
		*len = s->size;
		*host = s->host;
	}
	pthread_rwlock_unlock(&vm->slots_lock);
	return s != NULL;
}
