/* SPDX-License-Identifier: MIT */
/*
 * Human monitor commands (monitor.h). Registers are read with the board
 * held, so every vCPU is outside KVM_RUN and its state is stable.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "json.h"
#include "loongvm/kvm.h"
#include "monitor.h"
#include "vcpu_stats.h"
#include "virt.h"

/* CSRs shown by info registers (LoongArch Vol1 7.1). */
static const struct {
	const char *name;
	unsigned int num;
} shown_csrs[] = {
    {"CRMD", 0x0},  {"PRMD", 0x1},  {"EUEN", 0x2},  {"ECFG", 0x4},
    {"ESTAT", 0x5}, {"ERA", 0x6},   {"BADV", 0x7},  {"EENTRY", 0xc},
    {"ASID", 0x18}, {"PGDL", 0x19}, {"PGDH", 0x1a}, {"TCFG", 0x41},
};

static const char *const help_text =
    "help                 this list\n"
    "info status          whether the guest runs\n"
    "info registers       the registers of every vCPU\n"
    "info cpus            the vCPUs and their host threads\n"
    "info stats           the vCPUs' exit counters\n"
    "stop                 pause every vCPU\n"
    "cont                 resume\n"
    "system_reset         reset the board\n"
    "system_powerdown     emit POWERDOWN (the board has no power button)\n"
    "quit                 end loongvm\n";

static void regs_of(struct json_buf *b, int fd, unsigned int i)
{
	struct kvm_regs r;
	struct kvm_one_reg reg;
	uint64_t val;
	unsigned int k;

	jb_printf(b, "CPU#%u\n", i);
	if (kvm_ioctl(fd, KVM_GET_REGS, &r) < 0) {
		jb_puts(b, " (registers unavailable)\n");
		return;
	}
	jb_printf(b, " pc=%016llx\n", (unsigned long long)r.pc);
	for (k = 0; k < 32; k++)
		jb_printf(b, " r%-2u=%016llx%s", k,
			  (unsigned long long)r.gpr[k], k % 4 == 3 ? "\n" : "");
	for (k = 0; k < sizeof(shown_csrs) / sizeof(shown_csrs[0]); k++) {
		reg.id = KVM_REG_LOONGARCH_CSR | KVM_REG_SIZE_U64 |
			 ((uint64_t)shown_csrs[k].num << 3);
		reg.addr = (uint64_t)(uintptr_t)&val;
		if (kvm_ioctl(fd, KVM_GET_ONE_REG, &reg) < 0)
			continue;
		jb_printf(b, " %-6s=%016llx%s", shown_csrs[k].name,
			  (unsigned long long)val, k % 4 == 3 ? "\n" : "");
	}
	if (k % 4)
		jb_puts(b, "\n");
	reg.id = KVM_REG_LOONGARCH_COUNTER;
	if (kvm_ioctl(fd, KVM_GET_ONE_REG, &reg) == 0)
		jb_printf(b, " counter=%016llx\n", (unsigned long long)val);
}

static void info_registers(struct virt *v, struct json_buf *b)
{
	unsigned int i;

	virt_hold(v);
	for (i = 0; i < virt_ncpus(v); i++)
		regs_of(b, virt_vcpu_fd(v, i), i);
	virt_release(v);
}

static void info_cpus(struct virt *v, struct json_buf *b)
{
	unsigned int i;

	for (i = 0; i < virt_ncpus(v); i++)
		jb_printf(b, "%c CPU #%u: thread_id=%d\n", i ? ' ' : '*', i,
			  virt_vcpu_thread_id(v, i));
}

static void stat_line(void *opaque, const char *name, uint64_t value)
{
	jb_printf(opaque, "  %s: %llu\n", name, (unsigned long long)value);
}

static void info_stats(struct virt *v, struct json_buf *b)
{
	unsigned int i;

	for (i = 0; i < virt_ncpus(v); i++) {
		jb_printf(b, "CPU#%u\n", i);
		if (vcpu_stats_read(virt_vcpu_stats_fd(v, i), stat_line, b))
			jb_puts(b, "  (statistics unavailable)\n");
	}
}

/* Commands that act on the board and print nothing. */
static bool run_action(struct virt *v, const char *cmd)
{
	if (!strcmp(cmd, "stop"))
		virt_pause(v);
	else if (!strcmp(cmd, "cont") || !strcmp(cmd, "c"))
		virt_resume(v);
	else if (!strcmp(cmd, "system_reset"))
		virt_system_reset(v);
	else if (!strcmp(cmd, "system_powerdown"))
		virt_system_powerdown(v);
	else if (!strcmp(cmd, "quit") || !strcmp(cmd, "q"))
		virt_quit(v, "host-qmp-quit");
	else
		return false;
	return true;
}

static void run_info(struct virt *v, const char *what, struct json_buf *b)
{
	if (!strcmp(what, "status"))
		jb_printf(b, "VM status: %s\n",
			  virt_paused(v) ? "paused" : "running");
	else if (!strcmp(what, "registers"))
		info_registers(v, b);
	else if (!strcmp(what, "cpus"))
		info_cpus(v, b);
	else if (!strcmp(what, "stats"))
		info_stats(v, b);
	else
		jb_printf(b,
			  "info: unknown item '%s' (status, registers, "
			  "cpus, stats)\n",
			  what);
}

char *monitor_run(void *opaque, const char *line)
{
	struct virt *v = opaque;
	char cmd[64] = "", arg[64] = "";
	struct json_buf b;
	int n;

	jb_init(&b);
	jb_raw(&b, "", 0);
	n = sscanf(line, " %63s %63s", cmd, arg);
	if (n <= 0) {
		/* an empty line prints nothing */
	} else if (!strcmp(cmd, "help") || !strcmp(cmd, "?")) {
		jb_puts(&b, help_text);
	} else if (!strcmp(cmd, "info")) {
		run_info(v, n > 1 ? arg : "", &b);
	} else if (!run_action(v, cmd)) {
		jb_printf(&b, "unknown command: '%s' (try help)\n", cmd);
	}
	if (b.failed) {
		jb_free(&b);
		return NULL;
	}
	return b.p;
}
