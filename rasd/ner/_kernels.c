/*
 * Compiled inner loops of rasd's name taggers (rasd/ner/kernels.py loads this library with
 * ctypes; no Python C API is used).  Built by setup.py as an optional extension: where no C
 * compiler is available the package installs without it and rasd uses its NumPy code.
 *
 * Flat layout: X is (n_tokens, k) row-major; sentence s covers rows starts[s] .. starts[s] +
 * lens[s] - 1.  Sentences are independent.
 *
 * The LSTM code is compiled twice on x86 (AVX2 + FMA, and the baseline) and the CPU picks at
 * run time (__builtin_cpu_supports), so the library needs no -march flag.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__GNUC__) || defined(__clang__)) && (defined(__x86_64__) || defined(__i386__))
#define RASD_X86 1
#define RASD_AVX2 __attribute__((target("avx2,fma")))
#define RASD_INLINE static inline __attribute__((always_inline))
#else
#define RASD_X86 0
#define RASD_AVX2
#define RASD_INLINE static inline
#endif

/* whether this CPU runs the AVX2 + FMA code (checked once) */
static int has_avx2_fma(void) {
#if RASD_X86
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
#else
    return 0;
#endif
}

/* tanh as a rational function (odd degree 13 over even degree 6), clamped to +-7.90531
 * (where float32 tanh is +-1); max error about 1e-7.  The coefficients are the float tanh
 * of the Eigen library (MathFunctionsImpl.h, MPL-2.0), the standard vectorisable form. */
RASD_INLINE float fast_tanh(float x) {
    const float c = 7.90531110763549805f;
    x = x > c ? c : (x < -c ? -c : x);
    const float x2 = x * x;
    float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = x2 * p + -8.60467152213735e-11f;
    p = x2 * p + 5.12229709037114e-08f;
    p = x2 * p + 1.48572235717979e-05f;
    p = x2 * p + 6.37261928875436e-04f;
    p = x2 * p + 4.89352455891786e-03f;
    p = x * p;
    float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = x2 * q + 2.26843463243900e-03f;
    q = x2 * q + 4.89352518554385e-03f;
    return p / q;
}

/*
 * The gates of one time step of a bidirectional LSTM over packed sentences (the recurrent
 * products are done before, by BLAS, in rasd/ner/kernels.py).
 *
 * zf, zb (>= n, 4H) float32: h @ rec for the forward / backward direction of the n active
 *        sentences (overwritten).
 * P      (n_tokens, 8H) float32: input projections plus biases, forward [0, 4H), backward
 *        [4H, 8H); gate order i f o g, the i f o rows pre-halved so that
 *        sigmoid(x) = 0.5 + 0.5 tanh(x / 2) is computed as 0.5 + 0.5 * tanh(z).
 * starts, lens (>= n,) int64: the sentences, sorted by length, longest first; the first n
 *        are longer than t.
 * cf, cb, hf, hb (>= n, H) float32: cell and hidden states, updated in place.
 * out    (n_tokens, 2H) float32: forward states then backward states, written for this step.
 */
/* z = tanh(z + p) over n values */
RASD_INLINE void add_tanh(float *restrict z, const float *restrict p, int n) {
    for (int j = 0; j < n; j++) z[j] = fast_tanh(z[j] + p[j]);
}

/* c = f * c + i * g; h = o * tanh(c); out = h (gates already squashed into z, order i f o g) */
RASD_INLINE void lstm_cell_update(const float *restrict z, float *restrict c,
                                    float *restrict h, float *restrict o, int H) {
    for (int j = 0; j < H; j++)
        c[j] = (0.5f + 0.5f * z[H + j]) * c[j] + (0.5f + 0.5f * z[j]) * z[3 * H + j];
    for (int j = 0; j < H; j++) {
        const float hj = (0.5f + 0.5f * z[2 * H + j]) * fast_tanh(c[j]);
        h[j] = hj;
        o[j] = hj;
    }
}

/* Time step t of direction d (0 forward, 1 backward) for the n active sentences: Z (n, 4H)
 * holds h @ rec[d]; adds each sentence's input projection row, applies the gates, updates the
 * cell and hidden states C, Hs (n, H) and writes the hidden state to out. */
RASD_INLINE void lstm_gates(float *Z, const float *P, const int64_t *starts, const int64_t *lens,
                            int64_t t, int64_t n, int64_t H, int d, float *C, float *Hs,
                            float *out) {
    const int64_t G = 4 * H;
    for (int64_t b = 0; b < n; b++) {
        const int64_t row = d == 0 ? starts[b] + t : starts[b] + lens[b] - 1 - t;
        float *z = Z + (size_t)b * G;
        add_tanh(z, P + (size_t)row * 2 * G + (size_t)d * G, (int)G);
        lstm_cell_update(z, C + (size_t)b * H, Hs + (size_t)b * H,
                         out + (size_t)row * 2 * H + (size_t)d * H, (int)H);
    }
}

RASD_INLINE void lstm_step_impl(float *zf, float *zb, const float *P, const int64_t *starts,
                                const int64_t *lens, int64_t t, int64_t n, int64_t H, float *cf,
                                float *cb, float *hf, float *hb, float *out) {
    lstm_gates(zf, P, starts, lens, t, n, H, 0, cf, hf, out);
    lstm_gates(zb, P, starts, lens, t, n, H, 1, cb, hb, out);
}

RASD_AVX2 static void lstm_step_avx2(float *zf, float *zb, const float *P, const int64_t *starts,
                                     const int64_t *lens, int64_t t, int64_t n, int64_t H,
                                     float *cf, float *cb, float *hf, float *hb, float *out) {
    lstm_step_impl(zf, zb, P, starts, lens, t, n, H, cf, cb, hf, hb, out);
}

void rasd_lstm_step(float *zf, float *zb, const float *P, const int64_t *starts,
                    const int64_t *lens, int64_t t, int64_t n, int64_t H, float *cf, float *cb,
                    float *hf, float *hb, float *out) {
    if (has_avx2_fma())
        lstm_step_avx2(zf, zb, P, starts, lens, t, n, H, cf, cb, hf, hb, out);
    else
        lstm_step_impl(zf, zb, P, starts, lens, t, n, H, cf, cb, hf, hb, out);
}

typedef float v8f __attribute__((vector_size(32)));

/* unaligned 8-float load and store (macros: no vector-typed function arguments) */
#define load8(p) __extension__({ v8f v_; memcpy(&v_, (p), sizeof v_); v_; })
#define store8(p, v) do { v8f v_ = (v); memcpy((p), &v_, sizeof v_); } while (0)

/* Z (n, G) = Hs (n, K) @ R (K, G), Z and Hs row-major, R packed in column panels: panel p
 * (columns 32p .. 32p + 31) is a contiguous (K, 32) block at R + p * K * 32, so the inner loop
 * reads memory in order.  G a multiple of 32.  Register-blocked: three rows by 32 columns of
 * accumulators (12 vectors of 8), so each loaded panel row serves three sentences. */
RASD_INLINE void gemm_rows(const float *Hs, int64_t n, int64_t K, const float *R, int64_t G,
                             float *Z) {
    for (int64_t j = 0; j < G; j += 32) { /* one panel (K x 32 floats) stays in L1 for all rows */
        const float *Rp = R + j * K;
        int64_t b = 0;
        for (; b + 3 <= n; b += 3) {
            const float *h0 = Hs + b * K, *h1 = h0 + K, *h2 = h1 + K;
            v8f a00 = {0}, a01 = {0}, a02 = {0}, a03 = {0};
            v8f a10 = {0}, a11 = {0}, a12 = {0}, a13 = {0};
            v8f a20 = {0}, a21 = {0}, a22 = {0}, a23 = {0};
            for (int64_t k = 0; k < K; k++) {
                const float *r = Rp + k * 32;
                const v8f r0 = load8(r), r1 = load8(r + 8), r2 = load8(r + 16), r3 = load8(r + 24);
                const float x0 = h0[k], x1 = h1[k], x2 = h2[k];
                a00 += x0 * r0; a01 += x0 * r1; a02 += x0 * r2; a03 += x0 * r3;
                a10 += x1 * r0; a11 += x1 * r1; a12 += x1 * r2; a13 += x1 * r3;
                a20 += x2 * r0; a21 += x2 * r1; a22 += x2 * r2; a23 += x2 * r3;
            }
            float *z0 = Z + b * G + j, *z1 = z0 + G, *z2 = z1 + G;
            store8(z0, a00); store8(z0 + 8, a01); store8(z0 + 16, a02); store8(z0 + 24, a03);
            store8(z1, a10); store8(z1 + 8, a11); store8(z1 + 16, a12); store8(z1 + 24, a13);
            store8(z2, a20); store8(z2 + 8, a21); store8(z2 + 16, a22); store8(z2 + 24, a23);
        }
        for (; b < n; b++) {
            const float *h0 = Hs + b * K;
            v8f a00 = {0}, a01 = {0}, a02 = {0}, a03 = {0};
            for (int64_t k = 0; k < K; k++) {
                const float *r = Rp + k * 32;
                const float x0 = h0[k];
                a00 += x0 * load8(r); a01 += x0 * load8(r + 8);
                a02 += x0 * load8(r + 16); a03 += x0 * load8(r + 24);
            }
            float *z0 = Z + b * G + j;
            store8(z0, a00); store8(z0 + 8, a01); store8(z0 + 16, a02); store8(z0 + 24, a03);
        }
    }
}

/*
 * A one-layer bidirectional LSTM over packed sentences, all in C (the recurrent products by
 * gemm_rows, the gates by the code of rasd_lstm_step).
 *
 * P, out: as rasd_lstm_step.  rec (2, 4H / 32, H, 32) float32: each direction's recurrent
 *        weights (h @ rec[d], gates i f o g, i f o pre-halved) packed in column panels.
 * starts, lens (S,) int64: the sentences, sorted by length, longest first.
 * Returns 0, -1 when memory runs out, -2 when H is not a multiple of 8, -3 when the CPU lacks
 * AVX2 or FMA (the caller then runs BLAS products and rasd_lstm_step).
 */
RASD_INLINE int lstm_bidir_impl(const float *P, const int64_t *starts, const int64_t *lens,
                                int64_t S, const float *rec, int64_t H, float *out) {
    const int64_t G = 4 * H;
    if (S == 0 || lens[0] == 0) return 0;
    float *h = calloc((size_t)S * H, sizeof(float));
    float *c = calloc((size_t)S * H, sizeof(float));
    float *z = malloc((size_t)S * G * sizeof(float));
    if (!h || !c || !z) {
        free(h); free(c); free(z);
        return -1;
    }
    for (int d = 0; d < 2; d++) {
        const float *R = rec + (size_t)d * H * G;
        memset(h, 0, (size_t)S * H * sizeof(float));
        memset(c, 0, (size_t)S * H * sizeof(float));
        int64_t n = S;
        for (int64_t t = 0; t < lens[0]; t++) {
            while (n > 0 && lens[n - 1] <= t) n--;
            gemm_rows(h, n, H, R, G, z);
            lstm_gates(z, P, starts, lens, t, n, H, d, c, h, out);
        }
    }
    free(h); free(c); free(z);
    return 0;
}

RASD_AVX2 static int lstm_bidir_avx2(const float *P, const int64_t *starts, const int64_t *lens,
                                     int64_t S, const float *rec, int64_t H, float *out) {
    return lstm_bidir_impl(P, starts, lens, S, rec, H, out);
}

int rasd_lstm_bidir(const float *P, const int64_t *starts, const int64_t *lens, int64_t S,
                    const float *rec, int64_t H, float *out) {
    if (H % 8 != 0) return -2;
    if (!has_avx2_fma()) return -3; /* the caller uses BLAS products and rasd_lstm_step */
    return lstm_bidir_avx2(P, starts, lens, S, rec, H, out);
}

/*
 * Per-token label marginals of a linear-chain CRF: scaled forward-backward in double, no
 * start/end transitions (as CRFsuite).
 *
 * E (n_tokens, L) double: state scores (log space).  trans (L, L) double: trans[from, to].
 * out (n_tokens, L) float32: probabilities, rows sum to 1.
 * Returns 0, or -1 when memory runs out.
 */
int rasd_crf_marginals(const double *E, const int64_t *starts, const int64_t *lens, int64_t S,
                       int64_t L, const double *trans, float *out) {
    int64_t N = 0;
    for (int64_t s = 0; s < S; s++)
        if (starts[s] + lens[s] > N) N = starts[s] + lens[s];
    double *M = malloc((size_t)L * L * sizeof(double));
    double *e = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *alpha = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *beta = malloc((size_t)(N ? N : 1) * L * sizeof(double));
    double *tmp = malloc((size_t)L * sizeof(double));
    if (!M || !e || !alpha || !beta || !tmp) {
        free(M); free(e); free(alpha); free(beta); free(tmp);
        return -1;
    }
    for (int64_t i = 0; i < L * L; i++) M[i] = exp(trans[i]);
    for (int64_t s = 0; s < S; s++) {
        const int64_t s0 = starts[s], n = lens[s];
        if (n <= 0) continue;
        for (int64_t t = s0; t < s0 + n; t++) {
            double mx = E[t * L];
            for (int64_t j = 1; j < L; j++)
                if (E[t * L + j] > mx) mx = E[t * L + j];
            for (int64_t j = 0; j < L; j++) e[t * L + j] = exp(E[t * L + j] - mx);
        }
        double tot = 0.0;
        for (int64_t j = 0; j < L; j++) {
            alpha[s0 * L + j] = e[s0 * L + j];
            tot += e[s0 * L + j];
        }
        for (int64_t j = 0; j < L; j++) alpha[s0 * L + j] /= tot;
        for (int64_t t = s0 + 1; t < s0 + n; t++) {
            tot = 0.0;
            for (int64_t j = 0; j < L; j++) {
                double acc = 0.0;
                for (int64_t i = 0; i < L; i++) acc += alpha[(t - 1) * L + i] * M[i * L + j];
                acc *= e[t * L + j];
                alpha[t * L + j] = acc;
                tot += acc;
            }
            for (int64_t j = 0; j < L; j++) alpha[t * L + j] /= tot;
        }
        const int64_t last = s0 + n - 1;
        for (int64_t j = 0; j < L; j++) beta[last * L + j] = 1.0 / (double)L;
        for (int64_t t = last - 1; t >= s0; t--) {
            for (int64_t j = 0; j < L; j++) tmp[j] = beta[(t + 1) * L + j] * e[(t + 1) * L + j];
            tot = 0.0;
            for (int64_t i = 0; i < L; i++) {
                double acc = 0.0;
                for (int64_t j = 0; j < L; j++) acc += M[i * L + j] * tmp[j];
                beta[t * L + i] = acc;
                tot += acc;
            }
            for (int64_t i = 0; i < L; i++) beta[t * L + i] /= tot;
        }
        for (int64_t t = s0; t < s0 + n; t++) {
            tot = 0.0;
            for (int64_t j = 0; j < L; j++) {
                tmp[j] = alpha[t * L + j] * beta[t * L + j];
                tot += tmp[j];
            }
            for (int64_t j = 0; j < L; j++) out[t * L + j] = (float)(tmp[j] / tot);
        }
    }
    free(M); free(e); free(alpha); free(beta); free(tmp);
    return 0;
}

/*
 * Best label sequence per sentence under hard transition constraints (BIO).
 *
 * X (n_tokens, L) double: label scores (log space).  allowed (L, L) uint8: allowed[from, to].
 * start_ok (L,) uint8.  best (n_tokens,) int64: the decoded label indices.  Ties go to the
 * lowest index (as NumPy's argmax).
 * Returns 0, or -1 when memory runs out.
 */
int rasd_viterbi(const double *X, const int64_t *starts, const int64_t *lens, int64_t S,
                 int64_t L, const uint8_t *allowed, const uint8_t *start_ok, int64_t *best) {
    const double NEG = -1e9;
    int64_t N = 0;
    for (int64_t s = 0; s < S; s++)
        if (starts[s] + lens[s] > N) N = starts[s] + lens[s];
    int64_t *back = malloc((size_t)(N ? N : 1) * L * sizeof(int64_t));
    double *score = malloc((size_t)L * sizeof(double));
    double *nw = malloc((size_t)L * sizeof(double));
    if (!back || !score || !nw) {
        free(back); free(score); free(nw);
        return -1;
    }
    for (int64_t s = 0; s < S; s++) {
        const int64_t s0 = starts[s], n = lens[s];
        if (n <= 0) continue;
        for (int64_t j = 0; j < L; j++) score[j] = start_ok[j] ? X[s0 * L + j] : NEG;
        for (int64_t t = s0 + 1; t < s0 + n; t++) {
            for (int64_t j = 0; j < L; j++) {
                int64_t bi = 0;
                double bv = score[0] + (allowed[j] ? 0.0 : NEG);
                for (int64_t i = 1; i < L; i++) {
                    const double v = score[i] + (allowed[i * L + j] ? 0.0 : NEG);
                    if (v > bv) {
                        bv = v;
                        bi = i;
                    }
                }
                back[t * L + j] = bi;
                nw[j] = bv + X[t * L + j];
            }
            memcpy(score, nw, (size_t)L * sizeof(double));
        }
        int64_t bj = 0;
        for (int64_t j = 1; j < L; j++)
            if (score[j] > score[bj]) bj = j;
        best[s0 + n - 1] = bj;
        for (int64_t t = s0 + n - 1; t > s0; t--) {
            bj = back[t * L + bj];
            best[t - 1] = bj;
        }
    }
    free(back); free(score); free(nw);
    return 0;
}
