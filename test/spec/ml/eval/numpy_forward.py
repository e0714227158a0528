#!/usr/bin/env python3
"""An independent forward pass for coinai model files, in numpy float64, written from docs/PROTOCOL.md 4.1-4.3.

    /usr/bin/python3 numpy_forward.py MODEL.cai INPUTS.f32

MODEL.cai is a model file (4.2), parsed here byte by byte; INPUTS.f32 holds samples back to back, each the model's
input size of little-endian binary32 values in CHW order. Prints one JSON object: {"logits": [[...], ...],
"predictions": [...]}, the logits as binary64 written with Python's repr (which round-trips exactly).

Nothing here comes from the TypeScript implementation: shapes, padding, parameter order and every layer are
re-derived from the protocol text. Sums are formed the numpy way (BLAS, pairwise, possibly fused), not in the
protocol's fixed order, and exp/tanh are libm's: the results agree with the consensus evaluator to rounding,
not bit for bit.
"""
import json
import struct
import sys

import numpy as np

BATCH_NORM_EPSILON = 1e-5


class Reader:
    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, n):
        if self.at + n > len(self.data):
            raise ValueError("model file ends early")
        b = self.data[self.at:self.at + n]
        self.at += n
        return b

    def u8(self):
        return self.take(1)[0]

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def f64(self):
        return struct.unpack("<d", self.take(8))[0]


def read_arch(r):
    tag = r.u8()
    if tag == 0:
        inp = ("image", r.u32(), r.u32(), r.u32())  # h, w, c
    elif tag == 1:
        inp = ("flat", r.u32())
    else:
        raise ValueError(f"input tag {tag}")
    classes = r.u32()
    layers = []
    for _ in range(r.u32()):
        t = r.u8()
        if t == 0:
            filters, kernel, stride, padding = r.u32(), r.u32(), r.u32(), r.u8()
            layers.append(("conv2d", filters, kernel, stride, {0: "same", 1: "valid"}[padding]))
        elif t in (1, 2):
            layers.append(({1: "maxPool2d", 2: "avgPool2d"}[t], r.u32(), r.u32()))
        elif t == 3:
            layers.append(("globalAvgPool",))
        elif t == 4:
            layers.append(("batchNorm",))
        elif t == 5:
            layers.append(("dropout", r.f64()))
        elif t == 6:
            layers.append(("flatten",))
        elif t == 7:
            layers.append(("dense", r.u32()))
        elif t == 8:
            layers.append(("activation", {0: "relu", 1: "sigmoid", 2: "tanh"}[r.u8()]))
        else:
            raise ValueError(f"layer tag {t}")
    return inp, classes, layers


def conv_out(side, k, s, padding):
    return -(-side // s) if padding == "same" else (side - k) // s + 1


def conv_pad_before(side, k, s, padding):
    if padding == "valid":
        return 0
    out = conv_out(side, k, s, padding)
    return max((out - 1) * s + k - side, 0) // 2


def read_model(path):
    data = open(path, "rb").read()
    r = Reader(data)
    if r.take(4) != b"CAIM":
        raise ValueError("not a model file")
    if r.u32() != 1:
        raise ValueError("version")
    r.take(32)  # grammar id
    r.take(r.u32()).decode("utf-8")  # phenotype
    inp, classes, layers = read_arch(r)
    count = r.u32()
    weights = np.frombuffer(r.take(4 * count), dtype="<f4").astype(np.float64)
    if r.at != len(data):
        raise ValueError("trailing bytes")
    return inp, classes, layers, weights


def forward(inp, classes, layers, weights, x):
    """x: (N, input size) float64. Returns (N, classes) float64 logits."""
    n = x.shape[0]
    at = 0

    def params(*shape):
        nonlocal at
        size = int(np.prod(shape))
        p = weights[at:at + size].reshape(shape)
        at += size
        return p

    if inp[0] == "image":
        _, h, w, c = inp
        a = x.reshape(n, c, h, w)
    else:
        a = x.reshape(n, inp[1])
    for layer in layers:
        kind = layer[0]
        if kind == "conv2d":
            _, filters, k, s, padding = layer
            _, c, h, w = a.shape
            wt, bias = params(filters, c, k, k), params(filters)
            oh, ow = conv_out(h, k, s, padding), conv_out(w, k, s, padding)
            pt, pl = conv_pad_before(h, k, s, padding), conv_pad_before(w, k, s, padding)
            # Zero padding so that every window position (oy*s - pt + ky, ox*s - pl + kx) is in range.
            ph = max((oh - 1) * s + k - h - pt, 0)
            pw = max((ow - 1) * s + k - w - pl, 0)
            padded = np.pad(a, ((0, 0), (0, 0), (pt, ph), (pl, pw)))
            cols = np.empty((n, c, k, k, oh, ow))
            for ky in range(k):
                for kx in range(k):
                    cols[:, :, ky, kx] = padded[:, :, ky:ky + s * (oh - 1) + 1:s, kx:kx + s * (ow - 1) + 1:s]
            a = np.einsum("ncijyx,fcij->nfyx", cols, wt, optimize=True) + bias[None, :, None, None]
        elif kind in ("maxPool2d", "avgPool2d"):
            _, size, s = layer
            _, c, h, w = a.shape
            oh, ow = (h - size) // s + 1, (w - size) // s + 1
            windows = np.stack([a[:, :, ky:ky + s * (oh - 1) + 1:s, kx:kx + s * (ow - 1) + 1:s]
                                for ky in range(size) for kx in range(size)])
            a = windows.max(axis=0) if kind == "maxPool2d" else windows.sum(axis=0) / (size * size)
        elif kind == "globalAvgPool":
            _, c, h, w = a.shape
            a = a.reshape(n, c, h * w).sum(axis=2) / (h * w)
        elif kind == "batchNorm":
            ch = a.shape[1]
            gamma, beta, mean, var = params(ch), params(ch), params(ch), params(ch)
            shape = (1, ch) + (1,) * (a.ndim - 2)
            a = (a - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + BATCH_NORM_EPSILON) * gamma.reshape(shape) \
                + beta.reshape(shape)
        elif kind == "dropout":
            pass
        elif kind == "flatten":
            a = a.reshape(n, -1)  # CHW order, as stored
        elif kind == "dense":
            units = layer[1]
            wt, bias = params(units, a.shape[1]), params(units)
            a = a @ wt.T + bias
        elif kind == "activation":
            fn = layer[1]
            if fn == "relu":
                a = np.where(a > 0, a, 0.0)
            elif fn == "sigmoid":
                a = 1.0 / (1.0 + np.exp(-a))
            else:
                a = np.tanh(a)
        else:
            raise ValueError(kind)
    if at != weights.size:
        raise ValueError(f"{weights.size} weights in the file, {at} used")
    if a.shape != (n, classes):
        raise ValueError(f"output shape {a.shape}, expected ({n}, {classes})")
    return a


def main():
    model_path, inputs_path = sys.argv[1:3]
    inp, classes, layers, weights = read_model(model_path)
    size = inp[1] * inp[2] * inp[3] if inp[0] == "image" else inp[1]
    raw = np.fromfile(inputs_path, dtype="<f4")
    if raw.size % size:
        raise ValueError(f"{raw.size} input values is not a whole number of {size}-value samples")
    logits = forward(inp, classes, layers, weights, raw.astype(np.float64).reshape(-1, size))
    # argmax: the first index of the greatest value (ties to the lowest index, as the protocol says).
    json.dump({"logits": [[float(v) for v in row] for row in logits],
               "predictions": [int(i) for i in np.argmax(logits, axis=1)]}, sys.stdout)


if __name__ == "__main__":
    main()
