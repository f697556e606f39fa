/* SPDX-License-Identifier: MIT */
/*
 * A minimal virtio-mmio driver for the malformed-queue guest: the
 * register map (virtio 1.2 section 4.2.2), the split-ring layout (2.7),
 * and the initialisation of 3.1.1 / 4.2.3 for the device's queue 0. The
 * guest runs in direct-address mode, so its addresses are guest-physical.
 */
#ifndef LOONGVM_TESTS_GUEST_VIRTIO_VMMIO_H
#define LOONGVM_TESTS_GUEST_VIRTIO_VMMIO_H

#include <stdint.h>

/* The virt board's first virtio-mmio slot (PCH-PIC input 20). */
#define VMMIO_BASE 0x16000000UL

#define VMMIO_MAGIC 0x000 /* "virt" */
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_DEVICE_FEATURES 0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES 0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_QUEUE_SEL 0x030
#define VMMIO_QUEUE_NUM_MAX 0x034
#define VMMIO_QUEUE_NUM 0x038
#define VMMIO_QUEUE_READY 0x044
#define VMMIO_QUEUE_NOTIFY 0x050
#define VMMIO_INTERRUPT_STATUS 0x060
#define VMMIO_INTERRUPT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_QUEUE_DESC 0x080 /* low, high at +4 */
#define VMMIO_QUEUE_DRIVER 0x090
#define VMMIO_QUEUE_DEVICE 0x0a0
#define VMMIO_CONFIG 0x100

#define VMMIO_MAGIC_VALUE 0x74726976

#define ST_ACKNOWLEDGE 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_NEEDS_RESET 0x40
#define ST_FAILED 0x80

#define INT_USED 1
#define INT_CONFIG 2

#define F_INDIRECT_DESC 28
#define F_VERSION_1 32

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4

#define QSIZE 8

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vq_avail {
	uint16_t flags, idx, ring[QSIZE], used_event;
};

struct vq_used_elem {
	uint32_t id, len;
};

struct vq_used {
	uint16_t flags, idx;
	struct vq_used_elem ring[QSIZE];
	uint16_t avail_event;
};

/* The driver's view of queue 0; rings are rewritten at each init. */
struct vmmio {
	uint32_t device_id;
	int indirect; /* VIRTIO_F_INDIRECT_DESC negotiated */
	uint16_t avail_idx, used_seen;
	struct vq_desc *desc;
	struct vq_avail *avail;
	volatile struct vq_used *used;
};

uint32_t vmmio_read(unsigned int off);
void vmmio_write(unsigned int off, uint32_t val);

/* Checks the magic and version and reads the device id; 0 if none. */
uint32_t vmmio_probe(void);
/* Resets and waits for Status to read 0 (4.2.3.1); 0 or -1 on timeout. */
int vmmio_reset(void);
/*
 * Resets, negotiates VERSION_1 (and INDIRECT_DESC when offered), sets up
 * queue 0 with QSIZE entries on zeroed rings and sets DRIVER_OK; 0 or -1.
 * desc_gpa/avail_gpa, when not 0, replace the rings' addresses.
 */
int vmmio_init(struct vmmio *v, uint64_t desc_gpa, uint64_t avail_gpa);
/* Makes head available and notifies queue 0. */
void vmmio_submit(struct vmmio *v, uint16_t head);
/* Waits up to ms for one used element; returns it, or id ~0 on timeout. */
struct vq_used_elem vmmio_wait_used(struct vmmio *v, unsigned int ms);
/* Waits up to ms for all of the status bits in mask; returns Status. */
uint32_t vmmio_wait_status(uint32_t mask, unsigned int ms);

/* Milliseconds of the stable counter, for bounded waits. */
uint64_t now_ms(void);

#endif /* LOONGVM_TESTS_GUEST_VIRTIO_VMMIO_H */
