/* SPDX-License-Identifier: MIT */
/* Stopping the guest's clock while the board is paused (guest_clock.h). */
#include "guest_clock.h"

#include "loongvm/kvm.h"

static int counter_reg(int fd, uint64_t *val, unsigned long req)
{
	struct kvm_one_reg reg = {
	    .id = KVM_REG_LOONGARCH_COUNTER,
	    .addr = (uint64_t)(uintptr_t)val,
	};

	return kvm_ioctl(fd, req, &reg);
}

void guest_clock_set_running(struct guest_clock *c, int vcpu_fd, bool run)
{
	if (run == !c->stopped || vcpu_fd < 0)
		return;
	if (!run) {
		/* Unreadable: the clock keeps running rather than jump. */
		c->stopped =
		    counter_reg(vcpu_fd, &c->counter, KVM_GET_ONE_REG) == 0;
		return;
	}
	counter_reg(vcpu_fd, &c->counter, KVM_SET_ONE_REG);
	c->stopped = false;
}
