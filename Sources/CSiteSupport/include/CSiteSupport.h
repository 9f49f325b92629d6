#ifndef CSITESUPPORT_H
#define CSITESUPPORT_H

#include <stddef.h>
#include <stdint.h>

/// Atomically swaps two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with errno set;
/// errno EINVAL or ENOSYS means the filesystem or kernel cannot exchange.
int failover_rename_exchange(const char *from, const char *to);

/// gzip-compresses `length` bytes at zlib level `level` (1-9). On success returns 0 and sets `*output`
/// (free with free()) and `*output_length`; returns -1 on failure.
int failover_gzip(const uint8_t *input, size_t length, int level, uint8_t **output, size_t *output_length);

#endif
