#!/usr/bin/python3
"""PyTorch peer of FedAspire.Benchmarks/Training/TrainingBenchmarks: the same three autoencoders, batch sizes and
Adam (lr 1e-3) with MSE, one thread. Prints one JSON object per model with training samples/s (best of several epochs).

Run: /usr/bin/python3 FedAspire.Benchmarks/peer/torch_training_peer.py [--samples 16384] [--epochs 5]
(Debian: apt-get install -y python3-torch). Only meaningful on an otherwise idle core.
"""
import argparse
import json
import time

import torch
from torch import nn


def dense(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class ConvAutoencoder(nn.Module):
    """ModelSpec.ConvAutoencoder(features=8, window=32, channels=[16, 8]): stride-2 k3 p1 convs, mirrored transposed convs."""

    def __init__(self, features=8, channels=(16, 8)):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv1d(features, channels[0], 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv1d(channels[0], channels[1], 3, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose1d(channels[1], channels[0], 3, stride=2, padding=1, output_padding=1), nn.ReLU(),
            nn.ConvTranspose1d(channels[0], features, 3, stride=2, padding=1, output_padding=1),
        )

    def forward(self, x):  # x: [batch, window, features], time-major like FedAspire samples
        return self.net(x.transpose(1, 2)).transpose(1, 2)


MODELS = {
    "dense-8-16-4-16-8": (lambda: dense([8, 16, 4, 16, 8]), (8,), 128),
    "dense-52-64-32-16-32-64-52": (lambda: dense([52, 64, 32, 16, 32, 64, 52]), (52,), 64),
    "conv-8x32-16-8": (lambda: ConvAutoencoder(), (32, 8), 64),
}


def epoch(model, optimizer, data, batch):
    order = torch.randperm(data.shape[0])
    for start in range(0, data.shape[0], batch):
        x = data[order[start:start + batch]]
        optimizer.zero_grad(set_to_none=True)
        loss = nn.functional.mse_loss(model(x), x)
        loss.backward()
        optimizer.step()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=16384)
    parser.add_argument("--epochs", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    for name, (build, shape, batch) in MODELS.items():
        model = build()
        optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
        data = torch.rand((args.samples, *shape)) * 2 - 1
        epoch(model, optimizer, data, batch)  # warm-up
        best = 0.0
        for _ in range(args.epochs):
            started = time.perf_counter()
            epoch(model, optimizer, data, batch)
            best = max(best, args.samples / (time.perf_counter() - started))
        print(json.dumps({"model": name, "batch": batch, "threads": torch.get_num_threads(), "torch": torch.__version__,
                          "samples_per_second": round(best)}), flush=True)


if __name__ == "__main__":
    main()
