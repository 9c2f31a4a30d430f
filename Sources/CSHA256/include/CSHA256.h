#ifndef TIES_CSHA256_H
#define TIES_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's 64 round constants (FIPS 180-4 §4.2.2), for both compression functions: this one and TiesCore's.
extern const uint32_t ties_sha256_round_constants[64];

/// 1 when this CPU has the SHA extensions (x86 SHA-NI with SSSE3 and SSE4.1), so that
/// `ties_sha256_compress_hardware` may be called; 0 elsewhere, including on other architectures.
int ties_sha256_hardware_available(void);

/// SHA-256's compression function over `blocks` 64-byte blocks at `data`, updating `state` (H0…H7) in place.
/// Only when `ties_sha256_hardware_available()` returned 1.
void ties_sha256_compress_hardware(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
