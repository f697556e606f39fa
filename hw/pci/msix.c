/* SPDX-License-Identifier: MIT */
/*
 * MSI-X table, pending bits and masking. The guest's MSI-X driver
 * (Linux 6.12 drivers/pci/msi/msi.c) writes each entry's address and
 * data with the vector masked, then unmasks it; pending messages go out
 * when the vector or the whole function is unmasked (PCI 3.0 6.8.2.9).
 */
#include <string.h>

#include "msix.h"

int msix_init(struct msix *m, struct pci_dev *dev, unsigned int nvec,
	      unsigned int bar, uint32_t table_off, uint32_t pba_off)
{
	unsigned int cap, i;

	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	if (nvec == 0 || nvec > MSIX_MAX_VECTORS || bar >= PCI_NUM_BARS ||
	    (table_off & 7) || (pba_off & 7))
		return -1;
	cap = pci_dev_add_cap(dev, PCI_CAP_ID_MSIX, MSIX_CAP_LEN);
	if (!cap)
		return -1;
	m->dev = dev;
	dev->msix = m;
	m->nvec = nvec;
	m->cap = cap;
	m->table_off = table_off;
	m->pba_off = pba_off;
	for (i = 0; i < nvec; i++)
		m->table[i][3] = MSIX_ENTRY_MASKED;
	pci_set(dev, cap + 2, 2, nvec - 1);
	pci_set(dev, cap + 4, 4, table_off | bar);
	pci_set(dev, cap + 8, 4, pba_off | bar);
	dev->wmask[cap + 3] = (MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL) >> 8;
	return 0;
}

void msix_destroy(struct msix *m)
{
	pthread_mutex_destroy(&m->lock);
}

void msix_reset(struct msix *m)
{
	unsigned int i;

	pthread_mutex_lock(&m->lock);
	m->enabled = m->masked = false;
	m->pba = 0;
	memset(m->table, 0, sizeof(m->table));
	for (i = 0; i < m->nvec; i++)
		m->table[i][3] = MSIX_ENTRY_MASKED;
	pci_set(m->dev, m->cap + 2, 2, m->nvec - 1);
	pthread_mutex_unlock(&m->lock);
}

/* Sends vector v's message. m->lock held. */
static void send(struct msix *m, unsigned int v)
{
	uint64_t addr = m->table[v][0] | (uint64_t)m->table[v][1] << 32;

	m->sent++;
	pci_dev_send_msi(m->dev, addr, m->table[v][2]);
}

static bool vector_masked(const struct msix *m, unsigned int v)
{
	return m->masked || (m->table[v][3] & MSIX_ENTRY_MASKED);
}

/* Sends what became deliverable after an unmask. m->lock held. */
static void flush_pending(struct msix *m)
{
	unsigned int v;

	if (!m->enabled)
		return;
	for (v = 0; v < m->nvec; v++) {
		if (!(m->pba >> v & 1) || vector_masked(m, v))
			continue;
		m->pba &= ~(1ULL << v);
		send(m, v);
	}
}

void msix_cfg_write(struct msix *m, uint32_t off, unsigned int size)
{
	uint16_t ctrl;

	if (off + size <= m->cap + 2 || off >= m->cap + 4)
		return;
	ctrl = (uint16_t)pci_get(m->dev, m->cap + 2, 2);
	pthread_mutex_lock(&m->lock);
	m->enabled = ctrl & MSIX_CTRL_ENABLE;
	m->masked = ctrl & MSIX_CTRL_MASKALL;
	flush_pending(m);
	pthread_mutex_unlock(&m->lock);
}

bool msix_enabled(struct msix *m)
{
	bool en;

	pthread_mutex_lock(&m->lock);
	en = m->enabled;
	pthread_mutex_unlock(&m->lock);
	return en;
}

void msix_notify(struct msix *m, unsigned int vec)
{
	pthread_mutex_lock(&m->lock);
	if (m->enabled && vec < m->nvec) {
		if (vector_masked(m, vec))
			m->pba |= 1ULL << vec;
		else
			send(m, vec);
	}
	pthread_mutex_unlock(&m->lock);
}

/* One aligned dword of the table or the PBA. m->lock held. */
static uint32_t read32(struct msix *m, uint64_t off)
{
	uint64_t t = off - m->table_off, p = off - m->pba_off;

	if (off >= m->table_off && t < (uint64_t)m->nvec * MSIX_ENTRY_SIZE)
		return m->table[t / 16][t % 16 / 4];
	if (off >= m->pba_off && p < 8)
		return (uint32_t)(m->pba >> (8 * p));
	return 0;
}

static void write32(struct msix *m, uint64_t off, uint32_t val)
{
	uint64_t t = off - m->table_off;
	unsigned int v;

	if (off < m->table_off || t >= (uint64_t)m->nvec * MSIX_ENTRY_SIZE)
		return; /* the PBA and the rest are read-only */
	v = (unsigned int)(t / 16);
	if (t % 16 == 12)
		val &= MSIX_ENTRY_MASKED; /* other control bits are reserved */
	m->table[v][t % 16 / 4] = val;
	if (t % 16 == 12)
		flush_pending(m);
}

uint64_t msix_bar_read(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size)
{
	struct msix *m = opaque;
	uint64_t v = 0;

	(void)cpu;
	if (off & 3 || size < 4)
		return 0; /* table accesses are dword or qword (6.8.2) */
	pthread_mutex_lock(&m->lock);
	v = read32(m, off);
	if (size == 8)
		v |= (uint64_t)read32(m, off + 4) << 32;
	pthread_mutex_unlock(&m->lock);
	return v;
}

void msix_bar_write(void *opaque, unsigned int cpu, uint64_t off,
		    unsigned int size, uint64_t val)
{
	struct msix *m = opaque;

	(void)cpu;
	if (off & 3 || size < 4)
		return;
	pthread_mutex_lock(&m->lock);
	write32(m, off, (uint32_t)val);
	if (size == 8)
		write32(m, off + 4, (uint32_t)(val >> 32));
	pthread_mutex_unlock(&m->lock);
}

const struct bus_ops msix_ops = {msix_bar_read, msix_bar_write};
