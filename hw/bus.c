/* SPDX-License-Identifier: MIT */
/*
 * Region lookup and access checking for device buses. Devices see only
 * accesses of 1, 2, 4 or 8 bytes that lie wholly inside their region.
 */
#include <string.h>

#include "bus.h"

void bus_init(struct bus *bus)
{
	memset(bus, 0, sizeof(*bus));
	pthread_mutex_init(&bus->lock, NULL);
}

void bus_destroy(struct bus *bus)
{
	pthread_mutex_destroy(&bus->lock);
}

int bus_add(struct bus *bus, const char *name, uint64_t base, uint64_t size,
	    const struct bus_ops *ops, void *opaque)
{
	unsigned int i;

	if (bus->count == BUS_MAX_REGIONS || size == 0 || base + size < base)
		return -1;
	for (i = 0; i < bus->count; i++) {
		const struct bus_region *r = &bus->regions[i];

		if (base < r->base + r->size && r->base < base + size)
			return -1;
	}
	bus->regions[bus->count++] = (struct bus_region){ name, base, size, ops,
							  opaque };
	return 0;
}

static const struct bus_region *find(const struct bus *bus, uint64_t addr,
				     unsigned int size)
{
	unsigned int i;

	for (i = 0; i < bus->count; i++) {
		const struct bus_region *r = &bus->regions[i];

		if (addr >= r->base && addr - r->base < r->size &&
		    size <= r->size - (addr - r->base))
			return r;
	}
	return NULL;
}

bool bus_access(struct bus *bus, unsigned int cpu, uint64_t addr,
		unsigned int size, bool is_write, uint64_t *val)
{
	const struct bus_region *r;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return false;
	pthread_mutex_lock(&bus->lock);
	r = find(bus, addr, size);
	if (r && is_write && r->ops->write)
		r->ops->write(r->opaque, cpu, addr - r->base, size, *val);
	else if (r && !is_write && r->ops->read)
		*val = r->ops->read(r->opaque, cpu, addr - r->base, size);
	else if (!is_write)
		*val = 0;
	pthread_mutex_unlock(&bus->lock);
	return r != NULL;
}
