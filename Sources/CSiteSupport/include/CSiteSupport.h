#ifndef CSITESUPPORT_H
#define CSITESUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with errno set;
/// errno EINVAL or ENOSYS means the filesystem or kernel cannot exchange.
int failover_rename_exchange(const char *from, const char *to);

/// Asks glibc's allocator to keep buffers up to 64 MiB in its heap and to hand freed heap back to
/// the kernel only past 256 MiB (mallopt M_MMAP_THRESHOLD and M_TRIM_THRESHOLD); nothing elsewhere.
void failover_keep_large_buffers(void);

#endif
