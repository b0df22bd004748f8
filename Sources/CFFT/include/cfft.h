#ifndef CFFT_H
#define CFFT_H
/* The 2-D Fourier spectrum of the inspection report through FFTW3 (single precision):
 * plain functions with a status and a message. */
#include <stddef.h>

enum { CFFT_OK = 0, CFFT_ERR = 1, CFFT_MSG_SIZE = 256 };

/** Writes `log(1 + |F(u, v)|)` of the real `h × w` row-major image `in` to `out` (`h * w`
 *  floats), F the unnormalised 2-D DFT (numpy's fft2), with zero frequency moved to the
 *  centre (numpy's fftshift: row `(u + h/2) mod h`, column `(v + w/2) mod w`). Thread-safe. */
int cfft_log_magnitude(const float *in, int h, int w, float *out, char *msg, size_t msg_len);

#endif
