"""Trains the two small models cohortflow ships for synthetic lesions and exports them to ONNX:

  lesion-unet  3D U-Net (8-16-32-64 channels), one sigmoid logit per voxel; z-score input.
  lesion-ae    3D convolutional autoencoder on 32^3 crops around the lesion; the encoder
               (bottleneck 16 x 4^3) is exported as the deep-feature model.

Data: NIfTI studies written by `generate-data.ts` (train = seed 101, heldout = seed 202; 8 sites with
different spacing, gain, offset, noise and blur). Models run on each image's own voxel grid (the
cards say spacing null), so the training mixes every site's spacing.

  python scripts/train-models/train.py <dataDir> <datasets/models> [--minutes 20]
  (pip install torch numpy nibabel onnx; CPU is enough)
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
torch.set_num_threads(int(os.environ.get('TRAIN_THREADS', '2')))
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
    def __init__(self, ch=(8, 16, 32, 64)):
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


def train_unet(train, heldout, minutes):
    model = UNet3D()
    log(f'lesion-unet: {sum(p.numel() for p in model.parameters())} parameters')
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    start = time.time()
    batch = 4
    epoch = 0
    max_epochs = 40
    while epoch < max_epochs and time.time() - start < minutes * 60:
        model.train()
        order = np.random.permutation(len(train))
        losses = []
        for b in range(0, len(order), batch):
            xs, ys = [], []
            for i in order[b:b + batch]:
                img, msk = train[i][2], train[i][3]
                # Random flips: lesions have no preferred side.
                for ax in range(3):
                    if np.random.rand() < 0.5:
                        img, msk = np.flip(img, ax), np.flip(msk, ax)
                xs.append(pad_to(np.ascontiguousarray(img))[0])
                ys.append(pad_to(np.ascontiguousarray(msk))[0])
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
        epoch += 1
        if epoch == 25:
            for g in opt.param_groups:
                g['lr'] = 5e-4
        d = evaluate_unet(model, heldout[:16]) if epoch % 5 == 0 else None
        log(f'unet epoch {epoch:3d}  loss {np.mean(losses):.4f}  {time.time() - start:6.0f} s' + (f'  heldout[:16] mean Dice {np.mean(d):.4f}' if d else ''))
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
    for epoch in range(1, 61):
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
    ap.add_argument('--minutes', type=float, default=20)
    a = ap.parse_args()
    log(f'torch {torch.__version__}, numpy {np.__version__}, threads {torch.get_num_threads()}, python {sys.version.split()[0]}')
    train = load_study(os.path.join(a.data, 'train'))
    heldout = load_study(os.path.join(a.data, 'heldout'))
    log(f'{len(train)} training cases, {len(heldout)} held-out cases (sites: {sorted(set(c[0] for c in train))})')

    unet = train_unet(train, heldout, a.minutes)
    dices = evaluate_unet(unet, heldout)
    log(f'lesion-unet held-out Dice over {len(dices)} cases: mean {np.mean(dices):.4f}, median {np.median(dices):.4f}, min {np.min(dices):.4f}')
    for (site, cid, _, _), d in zip(heldout, dices):
        log(f'  {cid:12s} Dice {d:.4f}')
    folder = os.path.join(a.models, 'lesion-unet')
    os.makedirs(folder, exist_ok=True)
    export(unet, torch.zeros(1, 1, 32, 48, 48), os.path.join(folder, 'model.onnx'), True, 'output')

    ae, _ = train_ae(train, heldout, max(2.0, a.minutes / 4))
    folder_ae = os.path.join(a.models, 'lesion-ae')
    os.makedirs(folder_ae, exist_ok=True)
    export(ae.encoder, torch.zeros(1, 1, CROP, CROP, CROP), os.path.join(folder_ae, 'model.onnx'), False, 'features')
    with torch.no_grad():
        test = torch.from_numpy(np.stack([lesion_crop(c[2], c[3]) for c in heldout])[:, None])
        ae_mse = F.mse_loss(ae(test), test).item()
        ae_var = test.var().item()
    log(f'lesion-ae held-out reconstruction MSE {ae_mse:.4f} (crop variance {ae_var:.4f}, R^2 {1 - ae_mse / ae_var:.3f})')
    write_metrics(a.models, {'dice_mean': float(np.mean(dices)), 'dice_median': float(np.median(dices)), 'dice_min': float(np.min(dices)), 'heldout_cases': len(dices)},
                  {'recon_mse': ae_mse, 'recon_r2': 1 - ae_mse / ae_var, 'heldout_cases': len(heldout)})


def write_metrics(models, unet_metrics, ae_metrics):
    for name, metrics in (('lesion-unet', unet_metrics), ('lesion-ae', ae_metrics)):
        folder = os.path.join(models, name)
        with open(os.path.join(folder, 'metrics.json'), 'w') as f:
            json.dump({'sha256': sha256(os.path.join(folder, 'model.onnx')), 'bytes': os.path.getsize(os.path.join(folder, 'model.onnx')), 'metrics': metrics}, f, indent=2)
            f.write('\n')
        log(f'{name}: model.onnx {os.path.getsize(os.path.join(folder, "model.onnx"))} bytes, sha256 {sha256(os.path.join(folder, "model.onnx"))}')


if __name__ == '__main__':
    main()
