/* SPDX-License-Identifier: MIT */
/*
 * A network backend: where a NIC's Ethernet frames go and come from (a
 * host TAP device, or libslirp's user-mode network). The NIC (virtio-net)
 * sends frames with net_backend_send and receives them through the rx
 * callback it attaches. Flow control: when the NIC has no receive buffers
 * its callback answers NET_RX_FULL; the backend then keeps that frame,
 * stops reading, and retries once the NIC calls net_backend_rx_resume.
 * A frame the NIC cannot take at all is dropped, as a real NIC would.
 */
#ifndef LOONGVM_HW_NET_NET_BACKEND_H
#define LOONGVM_HW_NET_NET_BACKEND_H

#include <stddef.h>

/* Largest frame either direction carries (no GSO): 64 KiB plus headers. */
#define NET_MAX_FRAME 65550

struct iothread;
struct net_backend;

enum net_rx_result {
	NET_RX_DONE, /* the frame was delivered, or dropped for good */
	NET_RX_FULL, /* no buffers now: keep it, retry after rx_resume */
};

/*
 * Delivers one received frame to the NIC. Runs on the backend's thread
 * (documented per backend); never called concurrently with itself.
 */
typedef enum net_rx_result (*net_rx_fn)(void *opaque, const void *frame,
					size_t len);

struct net_backend_ops {
	const char *kind; /* "tap", "user" */
	/* Starts delivering frames to be->rx. Called once, by attach. */
	int (*start)(struct net_backend *be);
	/*
	 * Sends one frame to the outside. Any thread; must not block for
	 * long. Returns 0, or -1 when the frame was dropped.
	 */
	int (*send)(struct net_backend *be, const void *frame, size_t len);
	/*
	 * The NIC has buffers again. Any thread, possibly with the NIC's
	 * lock held: it only wakes the backend's thread.
	 */
	void (*rx_resume)(struct net_backend *be);
	/* Stops the backend; no rx callback runs after it returns. */
	void (*destroy)(struct net_backend *be);
};

struct net_backend {
	const struct net_backend_ops *ops;
	net_rx_fn rx;
	void *rx_opaque;
};

/* Connects a NIC and starts reception. Returns 0 or -1. */
static inline int net_backend_attach(struct net_backend *be, net_rx_fn rx,
				     void *opaque)
{
	be->rx = rx;
	be->rx_opaque = opaque;
	return be->ops->start ? be->ops->start(be) : 0;
}

static inline int net_backend_send(struct net_backend *be, const void *frame,
				   size_t len)
{
	return be->ops->send(be, frame, len);
}

static inline void net_backend_rx_resume(struct net_backend *be)
{
	if (be->ops->rx_resume)
		be->ops->rx_resume(be);
}

static inline void net_backend_destroy(struct net_backend *be)
{
	if (be)
		be->ops->destroy(be);
}

/*
 * Creates a backend from a -netdev argument: "user[,net=A.B.C.D/N]
 * [,hostfwd=tcp|udp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]..." or
 * "tap,ifname=NAME". An "id=" key is accepted and ignored (the board uses
 * it to match -device netdev=). A TAP backend runs on io. NULL on failure
 * with the reason in err.
 */
struct net_backend *net_backend_create(const char *spec, struct iothread *io,
				       char *err, size_t errlen);

/*
 * Splits the next "key[=value]" off the comma-separated list at *p into
 * key and val (empty when there is no '='), advancing *p. Returns 1 with
 * a pair, 0 at the end, -1 when a part is empty or does not fit.
 */
int net_opt_next(const char **p, char *key, size_t klen, char *val,
		 size_t vlen);

/*
 * Copies the value of key in a comma-separated "type,key=val,..." option
 * string into buf (NUL-terminated). Returns 0, or -1 when key is absent
 * or its value does not fit.
 */
int net_opt_get(const char *spec, const char *key, char *buf, size_t len);

#endif /* LOONGVM_HW_NET_NET_BACKEND_H */
