/* Measures this core's FP32 peak: 12 independent AVX-512 FMA chains (enough to cover FMA latency x pipes),
   so the loop is bound by FMA throughput alone. Prints GFLOP/s (1 FMA = 2 FLOP x 16 lanes).
   Build and run: gcc -O2 -mavx512f -mfma FedAspire.Benchmarks/peer/fp32_peak.c -o /tmp/fp32_peak && /tmp/fp32_peak
   Check the loop really holds 12 FMAs: objdump -d /tmp/fp32_peak | grep -c 'vfmadd...ps.*zmm' */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

int main(void) {
    const long iterations = 200000000L;
    double best = 0;
    for (int trial = 0; trial < 5; trial++) {
        __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
        /* Distinct start values: with identical ones gcc -O2 proves the 12 chains equal and keeps a single FMA per iteration,
           which timed one latency-bound chain and reported 12/4 = 3x the real peak. */
        __m512 c0 = _mm512_set1_ps(1), c1 = _mm512_set1_ps(2), c2 = _mm512_set1_ps(3), c3 = _mm512_set1_ps(4),
               c4 = _mm512_set1_ps(5), c5 = _mm512_set1_ps(6), c6 = _mm512_set1_ps(7), c7 = _mm512_set1_ps(8),
               c8 = _mm512_set1_ps(9), c9 = _mm512_set1_ps(10), c10 = _mm512_set1_ps(11), c11 = _mm512_set1_ps(12);
        double start = now();
        for (long i = 0; i < iterations; i++) {
            c0 = _mm512_fmadd_ps(c0, a, b); c1 = _mm512_fmadd_ps(c1, a, b); c2 = _mm512_fmadd_ps(c2, a, b);
            c3 = _mm512_fmadd_ps(c3, a, b); c4 = _mm512_fmadd_ps(c4, a, b); c5 = _mm512_fmadd_ps(c5, a, b);
            c6 = _mm512_fmadd_ps(c6, a, b); c7 = _mm512_fmadd_ps(c7, a, b); c8 = _mm512_fmadd_ps(c8, a, b);
            c9 = _mm512_fmadd_ps(c9, a, b); c10 = _mm512_fmadd_ps(c10, a, b); c11 = _mm512_fmadd_ps(c11, a, b);
        }
        double seconds = now() - start;
        __m512 sum = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c0, c1), _mm512_add_ps(c2, c3)),
                     _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c4, c5), _mm512_add_ps(c6, c7)),
                                   _mm512_add_ps(_mm512_add_ps(c8, c9), _mm512_add_ps(c10, c11))));
        double gflops = iterations * 12.0 * 16 * 2 / seconds / 1e9;
        if (gflops > best) best = gflops;
        if (_mm512_reduce_add_ps(sum) == 42.0f) printf("unlikely\n"); /* keeps the chains alive */
    }
    printf("{\"fp32_peak_gflops\": %.1f}\n", best);
    return 0;
}
