"""Trains the two small models cohortflow ships for synthetic lesions and exports them to ONNX:

  lesion-unet  3D U-Net (4-8-16-32 channels), one sigmoid logit per voxel; z-score input.
  lesion-ae    3D convolutional autoencoder on 32^3 crops around the lesion; the encoder
               (bottleneck 16 x 4^3) is exported as the deep-feature model.

Data: NIfTI studies written by `generate-data.ts` (train = seed 101, heldout = seed 202; 8 sites with
different spacing, gain, offset, noise and blur). Models run on each image's own voxel grid (the
cards say spacing null), so the training mixes every site's spacing.

  python scripts/train-models/train.py <dataDir> <datasets/models> [--minutes 15 | --steps N] [--only unet|ae]
  (pip install torch numpy nibabel onnx; CPU is enough. One torch thread per process: on a shared
  2-core machine, 2 threads ran a step 6x slower than 1.)
"""
import argparse
import csv
import hashlib
import json
import os
import sys
import time

import nibabel as nib
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
np.random.seed(0)
torch.set_num_threads(int(os.environ.get('TRAIN_THREADS', '1')))
CROP = 32


def log(*args):
    print(*args, flush=True)


def load_study(folder):
    """Every case as (site, case_id, image [Z,Y,X] float32 z-scored, mask [Z,Y,X] uint8)."""
    cases = []
    for site in sorted(os.listdir(folder)):
        table = os.path.join(folder, site, 'cases.csv')
        if not os.path.exists(table):
            continue
        with open(table) as f:
            for row in csv.DictReader(f):
                # nibabel gives [x, y, z]; the ONNX tensor is [D, H, W] = [z, y, x] with x fastest,
                # the same flat order as cohortflow's Image3D.
                img = nib.load(os.path.join(folder, site, row['image'])).get_fdata(dtype=np.float32).transpose(2, 1, 0)
                msk = (np.asarray(nib.load(os.path.join(folder, site, row['mask'])).dataobj) != 0).astype(np.uint8).transpose(2, 1, 0)
                # z-score over the whole volume with the population sd, as the card's normalisation.
                img = (img - img.mean()) / img.std()
                cases.append((site, row['case_id'], np.ascontiguousarray(img), np.ascontiguousarray(msk)))
    return cases


def block(cin, cout):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(inplace=True),
        nn.Conv3d(cout, cout, 3, padding=1), nn.BatchNorm3d(cout), nn.ReLU(inplace=True))


class UNet3D(nn.Module):
    def __init__(self, ch=(4, 8, 16, 32)):
        super().__init__()
        self.enc = nn.ModuleList([block(1, ch[0]), block(ch[0], ch[1]), block(ch[1], ch[2])])
        self.mid = block(ch[2], ch[3])
        self.up = nn.ModuleList([nn.ConvTranspose3d(ch[3], ch[2], 2, stride=2), nn.ConvTranspose3d(ch[2], ch[1], 2, stride=2), nn.ConvTranspose3d(ch[1], ch[0], 2, stride=2)])
        self.dec = nn.ModuleList([block(2 * ch[2], ch[2]), block(2 * ch[1], ch[1]), block(2 * ch[0], ch[0])])
        self.head = nn.Conv3d(ch[0], 1, 1)

    def forward(self, x):
        skips = []
        for e in self.enc:
            x = e(x)
            skips.append(x)
            x = F.max_pool3d(x, 2)
        x = self.mid(x)
        for up, dec, skip in zip(self.up, self.dec, reversed(skips)):
            x = dec(torch.cat([up(x), skip], 1))
        return self.head(x)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv3d(1, 8, 3, padding=1), nn.ReLU(inplace=True),
            nn.Conv3d(8, 16, 4, stride=2, padding=1), nn.ReLU(inplace=True),   # 16^3
            nn.Conv3d(16, 32, 4, stride=2, padding=1), nn.ReLU(inplace=True),  # 8^3
            nn.Conv3d(32, 32, 4, stride=2, padding=1), nn.ReLU(inplace=True),  # 4^3
            nn.Conv3d(32, 16, 1))                                              # bottleneck 16 x 4^3

    def forward(self, x):
        return self.net(x)


class AutoEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = nn.Sequential(
            nn.Conv3d(16, 32, 1), nn.ReLU(inplace=True),
            nn.ConvTranspose3d(32, 32, 4, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.ConvTranspose3d(32, 16, 4, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.ConvTranspose3d(16, 8, 4, stride=2, padding=1), nn.ReLU(inplace=True),
            nn.Conv3d(8, 1, 3, padding=1))

    def forward(self, x):
        return self.decoder(self.encoder(x))


def dice_np(pred, ref):
    s = pred.sum() + ref.sum()
    return 1.0 if s == 0 else 2.0 * np.logical_and(pred, ref).sum() / s


def pad_to(x, mult=8):
    """Pads [Z,Y,X] up to multiples of 8 (three poolings); returns the slices of the original."""
    pads = [(0, (-s) % mult) for s in x.shape]
    return np.pad(x, pads), tuple(slice(0, s) for s in x.shape)


def lesion_patch(img, msk, size=32, jitter=8):
    """A size^3 patch holding the lesion centre, shifted at random by up to `jitter` voxels."""
    idx = np.argwhere(msk)
    centre = (idx.min(0) + idx.max(0)) // 2 + np.random.randint(-jitter, jitter + 1, 3)
    padded_img, padded_msk = img, msk
    pads = [(0, max(0, size - s)) for s in img.shape]
    if any(p[1] for p in pads):
        padded_img, padded_msk = np.pad(img, pads), np.pad(msk, pads)
    start = [int(np.clip(c - size // 2, 0, n - size)) for c, n in zip(centre, padded_img.shape)]
    sl = tuple(slice(a, a + size) for a in start)
    return padded_img[sl], padded_msk[sl]


def train_unet(train, heldout, minutes, max_steps=None):
    """Trains for `minutes` of wall time, or exactly `max_steps` steps when given (reproducible: the
    learning rate drops at 70 % of either budget)."""
    model = UNet3D()
    log(f'lesion-unet: {sum(p.numel() for p in model.parameters())} parameters; 32^3 patches around the lesion, batch 4, random flips')
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    start = time.time()
    batch = 4
    step = 0
    losses = []
    lowered = False

    def spent():
        return step / max_steps if max_steps else (time.time() - start) / (minutes * 60)

    while spent() < 1:
        if not lowered and spent() > 0.7:
            lowered = True
            for g in opt.param_groups:
                g['lr'] = 5e-4
        model.train()
        xs, ys = [], []
        for i in np.random.randint(0, len(train), batch):
            img, msk = lesion_patch(train[i][2], train[i][3])
            # Random flips: lesions have no preferred side.
            for ax in range(3):
                if np.random.rand() < 0.5:
                    img, msk = np.flip(img, ax), np.flip(msk, ax)
            xs.append(np.ascontiguousarray(img))
            ys.append(np.ascontiguousarray(msk))
        x = torch.from_numpy(np.stack(xs)[:, None])
        y = torch.from_numpy(np.stack(ys)[:, None].astype(np.float32))
        logits = model(x)
        p = torch.sigmoid(logits)
        soft_dice = 1 - (2 * (p * y).sum((1, 2, 3, 4)) + 1) / (p.sum((1, 2, 3, 4)) + y.sum((1, 2, 3, 4)) + 1)
        loss = F.binary_cross_entropy_with_logits(logits, y) + soft_dice.mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        step += 1
        if step % 50 == 0:
            d = evaluate_unet(model, heldout[::5]) if step % 200 == 0 else None
            log(f'unet step {step:5d}  loss {np.mean(losses[-50:]):.4f}  {time.time() - start:6.0f} s' + (f'  heldout[::5] mean Dice {np.mean(d):.4f}' if d else ''))
    log(f'unet: {step} steps ({step * batch / len(train):.1f} epochs of patches) in {time.time() - start:.0f} s')
    return model


def evaluate_unet(model, cases):
    model.eval()
    out = []
    with torch.no_grad():
        for _, _, img, msk in cases:
            x, sl = pad_to(img)
            logits = model(torch.from_numpy(x)[None, None])[0, 0].numpy()[sl]
            out.append(dice_np(logits > 0, msk != 0))
    return out


def lesion_crop(img, msk):
    """32^3 crop centred on the mask's bounding box, zero outside the image (as cohortflow crops)."""
    idx = np.argwhere(msk)
    lo, hi = idx.min(0), idx.max(0)
    start = (lo + hi) // 2 - CROP // 2
    out = np.zeros((CROP,) * 3, np.float32)
    src = [slice(max(s, 0), min(s + CROP, n)) for s, n in zip(start, img.shape)]
    dst = [slice(a.start - s, a.stop - s) for a, s in zip(src, start)]
    out[tuple(dst)] = img[tuple(src)]
    return out


def train_ae(train, heldout, minutes):
    model = AutoEncoder()
    log(f'lesion-ae: {sum(p.numel() for p in model.encoder.parameters())} encoder parameters')
    crops = np.stack([lesion_crop(c[2], c[3]) for c in train])[:, None]
    test = torch.from_numpy(np.stack([lesion_crop(c[2], c[3]) for c in heldout])[:, None])
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    start = time.time()
    for epoch in range(1, 201):
        if time.time() - start > minutes * 60:
            break
        model.train()
        order = np.random.permutation(len(crops))
        losses = []
        for b in range(0, len(order), 8):
            x = torch.from_numpy(crops[order[b:b + 8]])
            loss = F.mse_loss(model(x), x)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
        if epoch % 10 == 0:
            model.eval()
            with torch.no_grad():
                t = F.mse_loss(model(test), test).item()
            log(f'ae epoch {epoch:3d}  train MSE {np.mean(losses):.4f}  heldout MSE {t:.4f}  (input variance {test.var().item():.4f})  {time.time() - start:5.0f} s')
    return model, crops


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def export(model, dummy, path, inputs_dynamic, output_name):
    model.eval()
    axes = {'input': {0: 'batch_size'}, output_name: {0: 'batch_size'}}
    if inputs_dynamic:
        axes = {'input': {0: 'batch_size', 2: 'D', 3: 'H', 4: 'W'}, output_name: {0: 'batch_size', 2: 'D', 3: 'H', 4: 'W'}}
    torch.onnx.export(model, dummy, path, input_names=['input'], output_names=[output_name], dynamic_axes=axes, opset_version=17, dynamo=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('data')
    ap.add_argument('models')
    ap.add_argument('--minutes', type=float, default=15)
    ap.add_argument('--steps', type=int, help='U-Net optimiser steps instead of a time budget')
    ap.add_argument('--only', choices=['unet', 'ae'])
    a = ap.parse_args()
    log(f'torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()}, python {sys.version.split()[0]}')
    train = load_study(os.path.join(a.data, 'train'))
    heldout = load_study(os.path.join(a.data, 'heldout'))
    log(f'{len(train)} training cases, {len(heldout)} held-out cases (sites: {sorted(set(c[0] for c in train))})')

    if a.only != 'ae':
        run_unet(train, heldout, a)
    if a.only != 'unet':
        run_ae(train, heldout, a)


def run_unet(train, heldout, a):
    unet = train_unet(train, heldout, a.minutes, a.steps)
    dices = evaluate_unet(unet, heldout)
    log(f'lesion-unet held-out Dice over {len(dices)} cases: mean {np.mean(dices):.4f}, median {np.median(dices):.4f}, min {np.min(dices):.4f}')
    for (site, cid, _, _), d in zip(heldout, dices):
        log(f'  {cid:12s} Dice {d:.4f}')
    folder = os.path.join(a.models, 'lesion-unet')
    os.makedirs(folder, exist_ok=True)
    export(unet, torch.zeros(1, 1, 32, 48, 48), os.path.join(folder, 'model.onnx'), True, 'output')
    write_metrics(folder, {'dice_mean': float(np.mean(dices)), 'dice_median': float(np.median(dices)), 'dice_min': float(np.min(dices)), 'heldout_cases': len(dices)})


def run_ae(train, heldout, a):
    ae, _ = train_ae(train, heldout, a.minutes)
    folder_ae = os.path.join(a.models, 'lesion-ae')
    os.makedirs(folder_ae, exist_ok=True)
    export(ae.encoder, torch.zeros(1, 1, CROP, CROP, CROP), os.path.join(folder_ae, 'model.onnx'), False, 'features')
    with torch.no_grad():
        test = torch.from_numpy(np.stack([lesion_crop(c[2], c[3]) for c in heldout])[:, None])
        ae_mse = F.mse_loss(ae(test), test).item()
        ae_var = test.var().item()
    log(f'lesion-ae held-out reconstruction MSE {ae_mse:.4f} (crop variance {ae_var:.4f}, R^2 {1 - ae_mse / ae_var:.3f})')
    write_metrics(folder_ae, {'recon_mse': ae_mse, 'recon_r2': 1 - ae_mse / ae_var, 'heldout_cases': len(heldout)})


def write_metrics(folder, metrics):
    """metrics.json beside the model: its sha256 and size, and the held-out scores (copied into the card)."""
    onnx_path = os.path.join(folder, 'model.onnx')
    with open(os.path.join(folder, 'metrics.json'), 'w') as f:
        json.dump({'sha256': sha256(onnx_path), 'bytes': os.path.getsize(onnx_path), 'metrics': metrics}, f, indent=2)
        f.write('\n')
    log(f'{os.path.basename(folder)}: model.onnx {os.path.getsize(onnx_path)} bytes, sha256 {sha256(onnx_path)}')


if __name__ == '__main__':
    main()
