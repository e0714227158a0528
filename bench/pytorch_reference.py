"""PyTorch CPU reference for bench/train.bench.ts: the reference CNN (bench/reference-cnn.json) on
MNIST, batch 64, Adam; prints training and inference samples/s as one JSON line.

usage: python3 bench/pytorch_reference.py MNIST_DIR [--threads 2] [--batch 64] [--seconds 10]
"""
import argparse
import gzip
import json
import os
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, name):
    for candidate in (name, name + ".gz"):
        path = os.path.join(folder, candidate)
        if os.path.exists(path):
            return path
    raise SystemExit(f"{folder}: no {name}[.gz]")


def reference_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 7 * 7, 64), nn.ReLU(), nn.Linear(64, 10),
    )


def rate(step, samples_per_step, seconds):
    step()  # warm-up
    start, steps = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        step()
        steps += 1
    return steps * samples_per_step / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mnist")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(find(args.mnist, "train-images-idx3-ubyte")).astype(np.float32) / 255).unsqueeze(1)
    y = torch.from_numpy(read_idx(find(args.mnist, "train-labels-idx1-ubyte")).astype(np.int64))
    model = reference_cnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    batches = x.shape[0] // args.batch
    cursor = [0]

    def train_step():
        i = cursor[0] % batches
        cursor[0] += 1
        xb, yb = x[i * args.batch : (i + 1) * args.batch], y[i * args.batch : (i + 1) * args.batch]
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()

    def infer_step():
        i = cursor[0] % batches
        cursor[0] += 1
        with torch.no_grad():
            model(x[i * args.batch : (i + 1) * args.batch]).argmax(1)

    model.train()
    train_rate = rate(train_step, args.batch, args.seconds)
    model.eval()
    infer_rate = rate(infer_step, args.batch, args.seconds)
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "batch": args.batch,
                      "train": train_rate, "inference": infer_rate}))


if __name__ == "__main__":
    main()
