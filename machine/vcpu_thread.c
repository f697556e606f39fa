/* SPDX-License-Identifier: MIT */
/*
 * The per-vCPU host thread plumbing of the virt board (vcpu_thread.h):
 * creating a vCPU, parking a secondary until its entry point is known,
 * and stopping a thread that may be in the guest or halted in `idle`.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

#include "la464.h"
#include "loongvm/kvm.h"
#include "vcpu_thread.h"

#define KICK_SIGNAL SIGUSR1

static void kick_handler(int sig)
{
	(void)sig; /* only interrupts KVM_RUN */
}

void vcpu_install_kick(void)
{
	struct sigaction sa = { .sa_handler = kick_handler }; /* no restart */

	sigemptyset(&sa.sa_mask);
	sigaction(KICK_SIGNAL, &sa, NULL);
}

int vcpu_create(struct vcpu *c, int kvm, int vm, unsigned int id)
{
	int size = kvm_ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

	memset(c, 0, sizeof(*c));
	c->id = id;
	c->run = MAP_FAILED;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	c->fd = kvm_ioctl(vm, KVM_CREATE_VCPU, id);
	if (c->fd < 0 || size <= 0)
		return -1;
	c->run = kvm_mmap(c->fd, (size_t)size);
	if (c->run == MAP_FAILED)
		return -1;
	return la464_configure(c->fd, id);
}

void vcpu_destroy(struct vcpu *c)
{
	if (c->fd >= 0)
		kvm_close(c->fd);
	pthread_cond_destroy(&c->cond);
	pthread_mutex_destroy(&c->lock);
}

int vcpu_reset(struct vcpu *c)
{
	uint64_t one = 1;
	struct kvm_one_reg reg = { KVM_REG_LOONGARCH_VCPU_RESET,
				   (uint64_t)(uintptr_t)&one };

	pthread_mutex_lock(&c->lock);
	c->start = c->stop = false;
	pthread_mutex_unlock(&c->lock);
	__atomic_store_n(&c->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	return kvm_ioctl(c->fd, KVM_SET_ONE_REG, &reg);
}

int vcpu_set_entry(struct vcpu *c, uint64_t pc, const uint64_t a[3])
{
	struct kvm_regs regs = { 0 };
	uint64_t crmd = 0x8; /* DA = 1, PG = 0, PLV0, IE = 0 */
	struct kvm_one_reg reg = { KVM_IOC_CSRID(0),
				   (uint64_t)(uintptr_t)&crmd };

	regs.pc = pc;
	memcpy(&regs.gpr[4], a, 3 * sizeof(a[0]));
	if (kvm_ioctl(c->fd, KVM_SET_ONE_REG, &reg))
		return -1;
	return kvm_ioctl(c->fd, KVM_SET_REGS, &regs);
}

int vcpu_spawn(struct vcpu *c, void *(*fn)(void *), void *board)
{
	int err;

	c->board = board;
	err = pthread_create(&c->thread, NULL, fn, c);

	if (err) {
		errno = err;
		return -1;
	}
	c->has_thread = true;
	return 0;
}

void vcpu_post_start(struct vcpu *c, uint64_t pc)
{
	pthread_mutex_lock(&c->lock);
	if (!c->start) {
		c->start = true;
		c->start_pc = pc;
		pthread_cond_broadcast(&c->cond);
	}
	pthread_mutex_unlock(&c->lock);
}

int vcpu_wait_start(struct vcpu *c)
{
	static const uint64_t zero[3];
	uint64_t pc;

	pthread_mutex_lock(&c->lock);
	while (!c->start && !c->stop)
		pthread_cond_wait(&c->cond, &c->lock);
	pc = c->start_pc;
	if (c->stop) {
		pthread_mutex_unlock(&c->lock);
		return -1;
	}
	pthread_mutex_unlock(&c->lock);
	return vcpu_set_entry(c, pc, zero);
}

void vcpu_kick(struct vcpu *c)
{
	if (c->run != MAP_FAILED)
		__atomic_store_n(&c->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
	if (c->has_thread)
		pthread_kill(c->thread, KICK_SIGNAL);
}

void vcpu_join(struct vcpu *c)
{
	if (c->has_thread)
		pthread_join(c->thread, NULL);
	c->has_thread = false;
}
