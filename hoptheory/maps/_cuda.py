r"""CUDA fast paths (CuPy ``RawKernel``) for the maps and the retrieval step.

Used only when the namespace is CuPy *and* :func:`hoptheory.backend.cupy_available` finds a
working device; every other case takes the generic array-API route, which stays the
reference.  Set ``HOPTHEORY_CUDA_KERNELS=0`` to force the generic route on a GPU as well.

One thread block maps one row (the mapped axis, length ``M``), with the row held in shared
memory when it fits (``M * itemsize <= 40 KiB``) and in the output buffer otherwise; scores
are read from HBM once and weights written once.  In the shifted frame
``y = (α-1)(z - max z)`` (``y = z - max z`` for sparsemax) every map is
``p_i = [y_i - t]_+^{1/(α-1)}`` with ``t ∈ [-1, 0)``:

* softmax: max, sum of ``exp``, scale (sums in double);
* sparsemax: Michelot's iteration ``t ← (Σ_{y_i > t} y_i - 1) / |{y_i > t}|`` from
  ``t = -1``: ``t`` increases, the set shrinks, and it stops when the set is stable; the
  final ``t`` is the closed form on the exact support (no sort, no tolerance);
* α-entmax, 1 < α <= 2: Newton's method from the left on the convex decreasing
  ``f(t) = Σ_i [y_i - t]_+^q - 1`` (``q = 1/(α-1)``), which increases monotonically to the
  root; on the final support this is Newton's iteration on a smooth convex function,
  stopped when a step no longer moves ``t``;
* α-entmax, α > 2: bisection in double precision to below one ulp of ``t``.

The retrieval step computes ``Θ = β XᵀΞ`` with cuBLAS, maps the rows with the kernel and
forms ``T = Ξ Pᵀ`` with cuBLAS (dense maps) or, for sparse weights, with a scatter kernel
that touches only the non-zero weights.  The CUDA source is plain C (no headers), so NVRTC
compiles it without a toolkit installed.
"""

from __future__ import annotations

import functools
import math
import os

import array_api_compat

from ..backend import cupy_available

__all__ = ["SOURCE", "compile_options", "map_rows", "retrieve", "usable"]

#: largest row kept in shared memory, in bytes
_SHARED_ROW_BYTES = 40 * 1024
_THREADS = 256

SOURCE = r"""
#define NEG_INF (-__longlong_as_double(0x7ff0000000000000LL))

// warp and block reductions (op 0: sum, op 1: max); every thread receives the result
__device__ double combine(double a, double b, int op) { return op ? fmax(a, b) : a + b; }
__device__ double warp_reduce(double v, int op) {
    for (int o = 16; o > 0; o >>= 1) v = combine(v, __shfl_down_sync(0xffffffff, v, o), op);
    return v;
}
__device__ double block_reduce(double v, double* scratch, int op) {
    int lane = threadIdx.x & 31, wid = threadIdx.x >> 5;
    v = warp_reduce(v, op);
    __syncthreads();
    if (lane == 0) scratch[wid] = v;
    __syncthreads();
    int nw = (blockDim.x + 31) >> 5;
    v = (threadIdx.x < nw) ? scratch[threadIdx.x] : (op ? NEG_INF : 0.0);
    if (wid == 0) v = warp_reduce(v, op);
    if (threadIdx.x == 0) scratch[32] = v;
    __syncthreads();
    return scratch[32];
}
__device__ double block_sum(double v, double* scratch) { return block_reduce(v, scratch, 0); }
__device__ double block_max(double v, double* scratch) { return block_reduce(v, scratch, 1); }
__device__ double powq(double b, double q) {
    // b^q for b > 0 (callers guard b <= 0); exact for q = 1 and q = 2
    if (q == 1.0) return b;
    if (q == 2.0) return b * b;
    return exp(q * log(b));
}

// mode 0: softmax; 1: sparsemax; 2: alpha-entmax (alpha in (1, 2]: Newton; > 2: bisection)
// zmax_out[r] = max of row r; t_out[r] = threshold t in the frame y = (alpha-1)(z - zmax)
extern "C" __global__ void rowmap_TNAME(const T* __restrict__ z, T* __restrict__ out,
                                        T* __restrict__ zmax_out, double* __restrict__ t_out,
                                        int n, int M, int mode, double alpha, int use_shared) {
    extern __shared__ double shared_raw[];
    __shared__ double scratch[33];
    int r = blockIdx.x;
    if (r >= n) return;
    const T* zr = z + (size_t)r * M;
    T* orow = out + (size_t)r * M;
    T* row = use_shared ? (T*)shared_raw : orow;
    double a = (mode == 1) ? 1.0 : alpha - 1.0;
    double q = 1.0 / a;

    double mx = NEG_INF;
    for (int i = threadIdx.x; i < M; i += blockDim.x) {
        T v = zr[i];
        mx = fmax(mx, (double)v);
        if (use_shared) row[i] = v;
    }
    mx = block_max(mx, scratch);
    // row <- y = a (z - max) (rounded once, in T)
    for (int i = threadIdx.x; i < M; i += blockDim.x)
        row[i] = (T)(a * ((double)(use_shared ? row[i] : zr[i]) - mx));
    __syncthreads();

    if (mode == 0) {
        double s = 0.0;
        for (int i = threadIdx.x; i < M; i += blockDim.x) s += exp((double)row[i]);
        s = block_sum(s, scratch);
        for (int i = threadIdx.x; i < M; i += blockDim.x) orow[i] = (T)(exp((double)row[i]) / s);
        if (threadIdx.x == 0) { zmax_out[r] = (T)mx; t_out[r] = log(s); }
        return;
    }

    double t = -1.0;
    if (mode == 1) {
        for (int it = 0; it <= M; ++it) {
            double s = 0.0, c = 0.0;
            for (int i = threadIdx.x; i < M; i += blockDim.x) {
                double y = row[i];
                if (y > t) { s += y; c += 1.0; }
            }
            s = block_sum(s, scratch);
            c = block_sum(c, scratch);
            double nt = (s - 1.0) / c;
            if (!(nt > t)) break;  // the set {y > t} is stable: t is the closed form on it
            t = nt;
        }
    } else if (alpha <= 2.0) {
        // Newton from the left on the convex decreasing f(t) = sum [y - t]_+^q - 1
        for (int it = 0; it < 200; ++it) {
            double f = 0.0, g = 0.0;
            for (int i = threadIdx.x; i < M; i += blockDim.x) {
                double b = (double)row[i] - t;
                if (b > 0.0) { double p = powq(b, q); f += p; g += p / b; }
            }
            f = block_sum(f, scratch) - 1.0;
            g = block_sum(g, scratch) * q;
            if (!(f > 0.0) || !(g > 0.0)) break;
            double nt = t + f / g;
            if (!(nt > t)) break;
            t = nt;
        }
    } else {
        double lo = -1.0, hi = 0.0;
        for (int it = 0; it < 80; ++it) {
            double mid = 0.5 * (lo + hi);
            if (!(mid > lo && mid < hi)) break;
            double f = 0.0;
            for (int i = threadIdx.x; i < M; i += blockDim.x) {
                double b = (double)row[i] - mid;
                if (b > 0.0) f += powq(b, q);
            }
            f = block_sum(f, scratch);
            if (f >= 1.0) lo = mid; else hi = mid;
        }
        t = lo;
    }
    // weights, then one normalisation of the (tiny) rounding drift of their sum
    double s = 0.0;
    for (int i = threadIdx.x; i < M; i += blockDim.x) {
        double b = (double)row[i] - t;
        s += (b > 0.0) ? powq(b, q) : 0.0;
    }
    s = block_sum(s, scratch);
    for (int i = threadIdx.x; i < M; i += blockDim.x) {
        double b = (double)row[i] - t;
        orow[i] = (T)((b > 0.0) ? powq(b, q) / s : 0.0);
    }
    if (threadIdx.x == 0) { zmax_out[r] = (T)mx; t_out[r] = t; }
}

// T[:, r] += sum_i P[r, i] Xi[:, i] over the non-zero weights only (T zero-initialised)
extern "C" __global__ void scatter_TNAME(const T* __restrict__ P, const T* __restrict__ Xi,
                                         T* __restrict__ out, int N, int M, int d) {
    size_t idx = (size_t)blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= (size_t)N * M) return;
    T p = P[idx];
    if (p == (T)0) return;
    int r = (int)(idx / M), i = (int)(idx % M);
    for (int k = 0; k < d; ++k) atomicAdd(&out[(size_t)k * N + r], p * Xi[(size_t)k * M + i]);
}
"""


def compile_options():
    """NVRTC options (no include paths: the source needs no headers)."""
    return ("--std=c++14",)


def _source_for(ctype: str) -> str:
    return "typedef " + ctype + " T;\n" + SOURCE.replace("TNAME", ctype)


def usable(xp) -> bool:
    """Whether the kernels may run for namespace ``xp`` (CuPy, a working device, not disabled)."""
    if os.environ.get("HOPTHEORY_CUDA_KERNELS", "1") == "0":
        return False
    return bool(array_api_compat.is_cupy_namespace(xp)) and cupy_available()


@functools.lru_cache(maxsize=4)
def _kernels(ctype: str):
    import cupy  # noqa: PLC0415  (optional dependency: imported only where a GPU route runs)

    module = cupy.RawModule(code=_source_for(ctype), options=compile_options())
    return module.get_function("rowmap_" + ctype), module.get_function("scatter_" + ctype)


def _ctype(dtype) -> str:
    name = str(dtype)
    if name not in ("float32", "float64"):
        raise TypeError(f"the CUDA kernels take float32 or float64; got {name}")
    return "float" if name == "float32" else "double"


def map_rows(z2, mode: int, alpha: float = 2.0):
    """Map the rows of a C-contiguous CuPy ``(n, M)`` array on the GPU.

    ``mode`` 0 softmax, 1 sparsemax, 2 α-entmax.  Returns ``(zmax, t, p)``: row maxima,
    the threshold ``t`` in the frame ``y = (α-1)(z - max)`` (sparsemax: ``y = z - max``;
    softmax: ``log Σ exp(z - max)``), and the weights.
    """
    import cupy  # noqa: PLC0415  (optional dependency: imported only where a GPU route runs)

    z2 = cupy.ascontiguousarray(z2)
    n, M = (int(s) for s in z2.shape)
    rowmap, _ = _kernels(_ctype(z2.dtype))
    out = cupy.empty_like(z2)
    zmax = cupy.empty(n, dtype=z2.dtype)
    t = cupy.empty(n, dtype=cupy.float64)
    row_bytes = M * z2.itemsize
    use_shared = row_bytes <= _SHARED_ROW_BYTES
    threads = min(_THREADS, max(32, 32 * math.ceil(M / 32)))
    rowmap(
        (n,), (threads,),
        (z2, out, zmax, t, cupy.int32(n), cupy.int32(M), cupy.int32(mode),
         cupy.float64(alpha), cupy.int32(1 if use_shared else 0)),
        shared_mem=row_bytes if use_shared else 0,
    )
    return zmax, t, out


def retrieve(Xi, X, beta: float, mapname: str, alpha):
    """One retrieval step on the GPU: ``(d, N)`` from patterns ``(d, M)`` and queries ``(d, N)``."""
    import cupy  # noqa: PLC0415  (optional dependency: imported only where a GPU route runs)

    Xi = cupy.ascontiguousarray(Xi)
    theta = cupy.matmul(X.T, Xi)  # (N, M) via cuBLAS
    theta *= beta
    if mapname == "softmax":
        _, _, P = map_rows(theta, 0)
        return cupy.matmul(Xi, P.T)
    if mapname == "sparsemax" or alpha == 2.0:
        _, _, P = map_rows(theta, 1)
    else:
        _, _, P = map_rows(theta, 2, float(alpha))
    N, M = (int(s) for s in P.shape)
    d = int(Xi.shape[0])
    nnz = int(cupy.count_nonzero(P))
    if nnz > 0.02 * N * M:
        return cupy.matmul(Xi, P.T)
    _, scatter = _kernels(_ctype(P.dtype))
    out = cupy.zeros((d, N), dtype=P.dtype)
    total = N * M
    threads = 256
    scatter(((total + threads - 1) // threads,), (threads,),
            (P, Xi, out, cupy.int32(N), cupy.int32(M), cupy.int32(d)))
    return out
