/* SPDX-License-Identifier: MIT */
/*
 * The tests init.c can run, chosen by the vmtest=NAME boot parameter.
 * Each prints its details and returns 0 on success or a short reason,
 * which init prints on its FAIL line.
 */
#ifndef LOONGVM_TESTS_LINUX_VMTEST_H
#define LOONGVM_TESTS_LINUX_VMTEST_H

const char *vmtest_blk(void);	   /* blk.c: ext4 on /dev/vda */
const char *vmtest_blk_kill(void); /* blk.c: flushed, then killed */
const char *vmtest_net(void);	   /* net.c: HTTP over virtio-net and slirp */
const char *vmtest_hvc(void);	   /* hvc.c: the virtio console */
const char *vmtest_rng(void);	   /* rng.c: /dev/hwrng */
const char *vmtest_info(void);	   /* info.c: what the kernel found */
const char *vmtest_ctxsw(void);	   /* ctxsw.c: pipe ping-pong timing */

#endif /* LOONGVM_TESTS_LINUX_VMTEST_H */
