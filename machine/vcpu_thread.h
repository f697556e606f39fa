/* SPDX-License-Identifier: MIT */
/*
 * One vCPU of the board and the host thread that runs it. A secondary
 * vCPU is parked outside the guest until the board starts it at an entry
 * point (the IPI mailbox Linux writes); any thread can stop a vCPU, which
 * ends its KVM_RUN through immediate_exit and a signal (loongvm/kvm.h).
 */
#ifndef LOONGVM_MACHINE_VCPU_THREAD_H
#define LOONGVM_MACHINE_VCPU_THREAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct kvm_run;

struct vcpu {
	unsigned int id; /* CPUID, the physical id the buses see */
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	bool has_thread;
	void *board; /* the vcpu_spawn argument */
	pthread_mutex_t lock; /* guards the fields below */
	pthread_cond_t cond;
	bool start, stop;
	uint64_t start_pc;
};

/* Installs the signal that interrupts KVM_RUN; once per process. */
void vcpu_install_kick(void);
/* Creates vCPU id on vm as an LA464; 0, or -1 with errno. */
int vcpu_create(struct vcpu *c, int kvm, int vm, unsigned int id);
void vcpu_destroy(struct vcpu *c);
/* Resets the vCPU to its power-on state and parks it again. */
int vcpu_reset(struct vcpu *c);
/* Enters DA mode at pc, other registers 0 but a0-a2; 0 or -1. */
int vcpu_set_entry(struct vcpu *c, uint64_t pc, const uint64_t a[3]);
/* Starts the thread running fn(c), with c->board = board. */
int vcpu_spawn(struct vcpu *c, void *(*fn)(void *), void *board);
/* Un-parks a parked vCPU at pc; ignored once started. Never blocks long. */
void vcpu_post_start(struct vcpu *c, uint64_t pc);
/* Parks until started (then enters at the start pc: 0) or stopped (-1). */
int vcpu_wait_start(struct vcpu *c);
/* Stops the vCPU from any thread: it leaves KVM_RUN or its parking. */
void vcpu_kick(struct vcpu *c);
void vcpu_join(struct vcpu *c);

#endif /* LOONGVM_MACHINE_VCPU_THREAD_H */
