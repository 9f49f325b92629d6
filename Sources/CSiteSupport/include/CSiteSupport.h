#ifndef CSITESUPPORT_H
#define CSITESUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with errno set;
/// errno EINVAL or ENOSYS means the filesystem or kernel cannot exchange.
int failover_rename_exchange(const char *from, const char *to);

#endif
