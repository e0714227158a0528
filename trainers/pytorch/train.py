#!/usr/bin/env python3
"""Reference external trainer for `coinai mine --trainer` (protocol coinai-trainer/1, docs/TRAINERS.md).

Usage: train.py JOB.json   (the miner appends the job file's path; COINAI_JOB holds it too)

Builds the job's `torch.modules` as an nn.Sequential (the layer conventions that make the weights load exactly
are in the description: explicit ZeroPad2d for TF-style 'same' padding, NCHW flatten order, batch norm with
eps 1e-5 and PyTorch's running statistics), trains it with Adam and a cosine learning rate over the time budget,
checks validation accuracy after every epoch (and at the budget), stops early at `targetAccuracy`, and writes the
weights as little-endian float32 in the order of `torch.params`, and result.json. Progress goes to stdout as one
JSON object per epoch. Runs on CUDA when available (COINAI_DEVICE=cpu or cuda:N to choose).
"""
import time

STARTED = time.monotonic()  # the time budget counts from here, before the imports (PyTorch takes seconds)

import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402


def build(modules):
    layers = []
    for m in modules:
        kind = m["type"]
        if kind == "ZeroPad2d":
            layers.append(nn.ZeroPad2d(tuple(m["padding"])))
        elif kind == "Conv2d":
            layers.append(nn.Conv2d(m["in_channels"], m["out_channels"], m["kernel_size"], stride=m["stride"]))
        elif kind == "MaxPool2d":
            layers.append(nn.MaxPool2d(m["kernel_size"], stride=m["stride"]))
        elif kind == "AvgPool2d":
            layers.append(nn.AvgPool2d(m["kernel_size"], stride=m["stride"]))
        elif kind == "AdaptiveAvgPool2d":
            layers.append(nn.AdaptiveAvgPool2d(m["output_size"]))
        elif kind in ("BatchNorm1d", "BatchNorm2d"):
            layers.append(getattr(nn, kind)(m["num_features"], eps=m["eps"]))
        elif kind == "Dropout":
            layers.append(nn.Dropout(m["p"]))
        elif kind == "Flatten":
            layers.append(nn.Flatten())
        elif kind == "Linear":
            layers.append(nn.Linear(m["in_features"], m["out_features"]))
        elif kind in ("ReLU", "Sigmoid", "Tanh"):
            layers.append(getattr(nn, kind)())
        else:
            raise ValueError(f"unknown module type {kind}")
    return nn.Sequential(*layers)


def load_split(split, shape):
    x = np.fromfile(split["x"], dtype="<f4").reshape(split["count"], *shape)
    y = np.fromfile(split["y"], dtype=np.uint8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    start = STARTED
    job_path = sys.argv[1] if len(sys.argv) > 1 else os.environ["COINAI_JOB"]
    with open(job_path) as f:
        job = json.load(f)
    if job["protocol"] != "coinai-trainer/1":
        raise SystemExit(f"unsupported protocol {job['protocol']}")
    device = torch.device(os.environ.get("COINAI_DEVICE") or ("cuda" if torch.cuda.is_available() else "cpu"))
    if "cores" in job:  # the miner's --cores; absent from jobs of older miners
        torch.set_num_threads(int(job["cores"]))
    hp = job["hyperParams"]
    torch.manual_seed(hp["seed"])
    inp = job["data"]["input"]
    shape = (inp["c"], inp["h"], inp["w"]) if inp["kind"] == "image" else (inp["n"],)
    x_train, y_train = (t.to(device) for t in load_split(job["data"]["train"], shape))
    x_val, y_val = (t.to(device) for t in load_split(job["data"]["validation"], shape))

    model = build(job["torch"]["modules"]).to(device)
    state = model.state_dict()
    specs = job["torch"]["params"]
    if job["init"]:
        flat = torch.from_numpy(np.fromfile(job["init"], dtype="<f4"))
        offset = 0
        for p in specs:
            n = math.prod(p["shape"])
            state[p["key"]].copy_(flat[offset : offset + n].view(p["shape"]))
            offset += n

    lr = hp["learningRate"]
    if hp["optimizer"] == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=hp["momentum"], weight_decay=hp["weightDecay"])
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=hp["weightDecay"])
    budget = float(job["timeBudgetSeconds"])
    deadline = start + budget
    batch = hp["batchSize"]
    target = job["targetAccuracy"]
    generator = torch.Generator(device="cpu").manual_seed(hp["seed"])

    def validate():
        model.eval()
        correct = 0
        with torch.no_grad():
            for i in range(0, len(x_val), 1024):
                correct += (model(x_val[i : i + 1024]).argmax(1) == y_val[i : i + 1024]).sum().item()
        model.train()
        return correct / len(x_val)

    stop_reason = "time"
    accuracy = 0.0
    epoch = 0
    loss_fn = nn.CrossEntropyLoss()
    while True:
        epoch += 1
        order = torch.randperm(len(x_train), generator=generator).to(device)
        total, count, out_of_time = 0.0, 0, False
        for i in range(0, len(order), batch):
            now = time.monotonic()
            if now >= deadline:
                out_of_time = True
                break
            if hp["schedule"] == "cosine":
                for g in opt.param_groups:
                    g["lr"] = lr * 0.5 * (1 + math.cos(math.pi * min(1.0, (now - start) / budget)))
            idx = order[i : i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            count += len(idx)
        accuracy = validate()
        seconds = time.monotonic() - start
        print(
            json.dumps({"epoch": epoch, "loss": total / max(count, 1), "validationAccuracy": accuracy, "seconds": seconds}),
            flush=True,
        )
        if out_of_time:
            break
        if accuracy >= target:
            stop_reason = "target"
            break

    state = model.state_dict()
    with open(job["output"]["weights"], "wb") as f:
        for p in specs:
            f.write(state[p["key"]].detach().to("cpu", torch.float32).contiguous().numpy().astype("<f4").tobytes())
    with open(job["output"]["result"], "w") as f:
        json.dump({"validationAccuracy": accuracy, "stopReason": stop_reason, "seconds": time.monotonic() - start}, f)


if __name__ == "__main__":
    main()
