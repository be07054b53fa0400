"""The CUDA fast paths: source compiles, dispatch and threshold conversions, GPU agreement.

Without a GPU the dispatch is exercised with a stand-in for the kernel launcher (an oracle
computed here) on the array-api-strict namespace; the GPU tests (names contain ``cupy``)
compare the kernels with the CPU path and the oracles where a device exists.
"""

import ctypes

import numpy as np
import pytest
from maps_oracles import entmax_mp, sparsemax_exact

from hoptheory.backend import cupy_available, get_backend, to_numpy
from hoptheory.maps import (
    _cuda,
    entmax,
    entmax_threshold,
    softmax,
    sparsemax,
    sparsemax_threshold,
)


def _nvrtc():
    for name in ("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"):
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def test_cuda_source_compiles_with_nvrtc():
    lib = _nvrtc()
    if lib is None:
        pytest.skip("NVRTC (libnvrtc) is not installed")
    for ctype in ("float", "double"):
        prog = ctypes.c_void_p()
        src = _cuda._source_for(ctype).encode()
        assert lib.nvrtcCreateProgram(ctypes.byref(prog), src, b"k.cu", 0, None, None) == 0
        opts = [o.encode() for o in _cuda.compile_options()] + [b"-arch=compute_90"]
        rc = lib.nvrtcCompileProgram(prog, len(opts), (ctypes.c_char_p * len(opts))(*opts))
        size = ctypes.c_size_t()
        lib.nvrtcGetProgramLogSize(prog, ctypes.byref(size))
        log = ctypes.create_string_buffer(size.value)
        lib.nvrtcGetProgramLog(prog, log)
        assert rc == 0, log.value.decode()


def test_kernels_not_used_without_a_device(monkeypatch):
    xs = get_backend("array_api_strict")
    assert not _cuda.usable(xs)
    assert not _cuda.usable(get_backend("numpy"))
    monkeypatch.setenv("HOPTHEORY_CUDA_KERNELS", "0")
    import array_api_compat

    monkeypatch.setattr(array_api_compat, "is_cupy_namespace", lambda xp: True)
    assert not _cuda.usable(xs)


def _fake_launcher(calls):
    """Stand-in for ``_cuda.map_rows``: the documented outputs, from the oracles."""

    def map_rows(z2, mode, alpha=2.0):
        calls.append((mode, alpha))
        xs = get_backend("array_api_strict")
        z = np.asarray(to_numpy(z2))
        zmax = z.max(axis=1)
        if mode == 0:
            e = np.exp(z - zmax[:, None])
            return xs.asarray(zmax), xs.asarray(np.log(e.sum(1))), xs.asarray(e / e.sum(1)[:, None])
        if mode == 1:
            rows = [sparsemax_exact(r) for r in z]
            p = np.array([[float(v) for v in r[0]] for r in rows])
            t = np.array([float(r[1]) for r in rows]) - zmax  # the threshold of z - max
        else:
            rows = [entmax_mp(r, alpha) for r in z]
            p = np.array([r[0] for r in rows])
            t = np.array([r[1] for r in rows]) - (alpha - 1.0) * zmax
        return xs.asarray(zmax), xs.asarray(t), xs.asarray(p)

    return map_rows


@pytest.mark.parametrize("alpha", [1.5, 1.3, 3.0])
def test_dispatch_and_threshold_conversion(monkeypatch, alpha):
    xs = get_backend("array_api_strict")
    calls = []
    monkeypatch.setattr(_cuda, "usable", lambda xp: True)
    monkeypatch.setattr(_cuda, "map_rows", _fake_launcher(calls))
    z = np.random.default_rng(0).standard_normal((3, 2, 7)) * 2.0
    zx = xs.asarray(z)
    # sparsemax along axis 1: the launcher sees rows of the moved axis
    p = np.asarray(to_numpy(sparsemax(zx, axis=1)))
    assert calls[-1] == (1, 2.0)
    for i in range(3):
        for j in range(7):
            np.testing.assert_allclose(p[i, :, j], [float(v) for v in sparsemax_exact(z[i, :, j])[0]])
    tau = np.asarray(to_numpy(sparsemax_threshold(zx)))
    np.testing.assert_allclose(tau, [[float(sparsemax_exact(r)[1]) for r in m] for m in z], atol=1e-14)
    # entmax: t -> offset s = (1 + t)/(α-1) -> threshold (α-1)(max + s) - 1 = τ
    tau = np.asarray(to_numpy(entmax_threshold(zx, alpha)))
    assert calls[-1] == (2, alpha)
    ref = np.array([[entmax_mp(r, alpha)[1] for r in m] for m in z])
    np.testing.assert_allclose(tau, ref, atol=1e-12)
    p = np.asarray(to_numpy(entmax(zx, alpha)))
    np.testing.assert_allclose(p, [[entmax_mp(r, alpha)[0] for r in m] for m in z], atol=1e-12)
    p = np.asarray(to_numpy(softmax(zx)))
    assert calls[-1] == (0, 2.0)
    np.testing.assert_allclose(p.sum(-1), 1.0)


# --------------------------------------------------------------------------- on a GPU

gpu = pytest.mark.skipif(not cupy_available(), reason="no usable CUDA device")


@gpu
@pytest.mark.gpu
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("M", [7, 1000, 20_000])  # 20 000 float64 rows exceed shared memory
def test_cupy_kernels_match_cpu(dtype, M):
    import cupy

    assert _cuda.usable(get_backend("cupy"))
    rng = np.random.default_rng(M)
    tol = 1e-12 if dtype == "float64" else 3e-6
    for scale in (0.1, 1.0, 4.0, 1e4):
        z = (rng.standard_normal((33, M)) * scale).astype(dtype)
        zc = cupy.asarray(z)
        for name, f in (
            ("softmax", softmax),
            ("sparsemax", sparsemax),
            ("entmax 1.5", lambda v: entmax(v, 1.5)),
            ("entmax 1.3", lambda v: entmax(v, 1.3)),
            ("entmax 3", lambda v: entmax(v, 3.0)),
        ):
            gpu_p, cpu_p = cupy.asnumpy(f(zc)), f(z)
            assert gpu_p.dtype == z.dtype
            np.testing.assert_allclose(gpu_p, cpu_p, rtol=0, atol=tol, err_msg=f"{name} scale {scale}")
            np.testing.assert_allclose(gpu_p.sum(1), 1.0, atol=tol * 10)
        if dtype == "float64":
            np.testing.assert_array_equal(cupy.asnumpy(sparsemax(zc)) > 0, sparsemax(z) > 0)
        np.testing.assert_allclose(
            cupy.asnumpy(sparsemax_threshold(zc)), sparsemax_threshold(z), rtol=0, atol=tol * max(1, scale)
        )


@gpu
@pytest.mark.gpu
@pytest.mark.parametrize("kind", ["sparse", "dense", "entmax"])
def test_cupy_retrieval_step_matches_cpu(kind):
    import cupy

    from hoptheory.models import DenseHopfield, EntmaxHopfield, SparseHopfield
    from hoptheory.sampling import sphere

    Xi = sphere(32, 5000, seed=0)
    X = Xi[:, :64] + 0.05 * np.random.default_rng(1).standard_normal((32, 64))
    make = {"sparse": lambda A: SparseHopfield(A, 20.0), "dense": lambda A: DenseHopfield(A, 20.0),
            "entmax": lambda A: EntmaxHopfield(A, 20.0, 1.5)}[kind]
    cpu = make(Xi).retrieve(X)
    gpu_T = cupy.asnumpy(make(cupy.asarray(Xi)).retrieve(cupy.asarray(X)))
    np.testing.assert_allclose(gpu_T, cpu, rtol=0, atol=1e-11)
