#!/usr/bin/env python3
"""
The PyTorch peer of `npm run bench`: the same four models (GVAE, GVAE-CV, RAE, GNCN-PDH), same
sizes, batch and K, on CPU, timed like the tfjs runs (warm-up, then repeats of ~target seconds).

Debian's python3-torch links the generic libblas.so.3; the peer must run on OpenBLAS (the
reference BLAS is ~20x slower and nobody would pick it). So: torch.set_num_threads(1), OpenBLAS
with 2 threads, and the BLAS actually mapped into this process is named in the output; when it
is not OpenBLAS and Debian's openblas-pthread folder exists, the script re-runs itself with
LD_LIBRARY_PATH pointing there.

Usage: python3 bench/torch_peer.py PLAN.json   (written by bench/run.ts; prints one JSON object)
"""
import ctypes
import json
import os
import sys
import time

OPENBLAS_DIR = '/usr/lib/x86_64-linux-gnu/openblas-pthread'
os.environ.setdefault('OPENBLAS_NUM_THREADS', '2')
os.environ.setdefault('OMP_NUM_THREADS', '1')

try:
    import torch
    import torch.nn.functional as F
except ImportError as err:  # the runner reports this and carries on
    print(json.dumps({'error': f'PyTorch is not installed ({err}); apt-get install -y python3-torch libopenblas0-pthread'}))
    sys.exit(0)

torch.set_num_threads(1)


def blas_in_use():
    """The BLAS/LAPACK libraries mapped into this process (after a matmul has run)."""
    (torch.randn(64, 64) @ torch.randn(64, 64)).sum().item()
    libs = set()
    with open('/proc/self/maps') as maps:
        for line in maps:
            path = line.split()[-1]
            if path.startswith('/') and ('blas' in path or 'lapack' in path or 'mkl' in path):
                libs.add(os.path.realpath(path))
    name, config, threads = 'unknown', None, None
    for path in sorted(libs):
        if 'openblas' in path:
            try:
                lib = ctypes.CDLL(path)
                lib.openblas_get_config.restype = ctypes.c_char_p
                config = lib.openblas_get_config().decode()
                threads = lib.openblas_get_num_threads()
            except (OSError, AttributeError):
                pass
            name = 'OpenBLAS'
        elif '/blas/' in path and name == 'unknown':
            name = 'reference BLAS (netlib)'
        elif 'mkl' in path:
            name = 'MKL'
    return {'name': name, 'config': config, 'threads': threads, 'libraries': sorted(libs)}


BLAS = blas_in_use()
if BLAS['name'] != 'OpenBLAS' and os.path.isdir(OPENBLAS_DIR) and not os.environ.get('TORCH_PEER_REEXEC'):
    env = dict(os.environ, TORCH_PEER_REEXEC='1', LD_LIBRARY_PATH=f"{OPENBLAS_DIR}:{os.environ.get('LD_LIBRARY_PATH', '')}")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)


# ----------------------------------------------------------------------------------- backprop models
class Mlp(torch.nn.Module):
    """784 -> H -> H -> heads (J each); J -> H -> H -> 784 logits, ReLU (as src/core/models/mlp-autoencoder.ts)."""

    def __init__(self, hidden, latent, heads):
        super().__init__()
        L = torch.nn.Linear
        self.enc1, self.enc2 = L(784, hidden), L(hidden, hidden)
        self.heads = torch.nn.ModuleList([L(hidden, latent) for _ in range(heads)])
        self.dec1, self.dec2, self.decOut = L(latent, hidden), L(hidden, hidden), L(hidden, 784)

    def encode(self, x):
        h = F.relu(self.enc2(F.relu(self.enc1(x))))
        return [head(h) for head in self.heads]

    def logits(self, z):
        return self.decOut(F.relu(self.dec2(F.relu(self.dec1(z)))))


def bce(x, logits):
    return F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(1).mean()


def make_backprop(kind, spec):
    J = int(spec['latent'])
    net = Mlp(int(spec['hidden']), J, 2 if kind == 'gvae' else 1)
    opt = torch.optim.Adam(net.parameters(), lr=float(spec['learningRate']))
    params = list(net.parameters())
    dec_weights = [net.dec1.weight, net.dec2.weight, net.decOut.weight]

    def loss_of(x):
        if kind == 'gvae':
            mu, log_var = net.encode(x)
            log_var = log_var.clamp(-10, 10)
            z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
            kl = 0.5 * (mu.square() + log_var.exp() - 1 - log_var).sum(1).mean()
            return bce(x, net.logits(z)) + float(spec['klWeight']) * kl
        if kind == 'gvae-cv':
            (mu,) = net.encode(x)
            s2 = float(spec['sigma2'])
            z = mu + s2 ** 0.5 * torch.randn_like(mu)
            kl = 0.5 * mu.square().sum(1).mean() + 0.5 * J * (s2 - 1 - torch.log(torch.tensor(s2)))
            return bce(x, net.logits(z)) + kl
        (z,) = net.encode(x)  # rae, decoder-l2
        return bce(x, net.logits(z)) + float(spec['lambda']) * sum(w.square().sum() for w in dec_weights)

    def step(x):
        opt.zero_grad(set_to_none=True)
        loss = loss_of(x)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        opt.step()
        return loss.detach()

    return step


# ----------------------------------------------------------------------------------- GNCN-PDH
def lateral(n, g, self_exc, inhib):
    """V = inhib * blockdiag(ones(g)) (1 - I) - self_exc * I."""
    V = torch.zeros(n, n)
    for s in range(0, n, g):
        V[s:s + g, s:s + g] = inhib
    V.fill_diagonal_(-self_exc)
    return V


def col_clip(A):
    return A / A.norm(dim=0, keepdim=True).clamp_min(1.0)


def precision(Sigma):
    """[C] compute_precision: Sigma~ = diag(max(1, diag)) + offdiag + 0.00025; P = chol(Sigma~)^-T (float64)."""
    S = Sigma.double().clone()
    S.diagonal().clamp_(min=1.0)
    S += 0.00025
    L = torch.linalg.cholesky(S)
    eye = torch.eye(S.shape[0], dtype=torch.float64)
    P = torch.linalg.solve_triangular(L, eye, upper=False).T
    return col_clip(S).float(), P.float()


def make_gncn(spec):
    n1, n2, n3, D = int(spec['n1']), int(spec['n2']), int(spec['n3']), 784
    K, beta, leak, lr = int(spec['K']), float(spec['beta']), float(spec['leak']), float(spec['learningRate'])
    shapes = {'W3': (n3, n2), 'W2': (n2, n1), 'W1': (n1, D), 'M3': (n3, n1), 'M2': (n2, D), 'E3': (n2, n3), 'E2': (n1, n2), 'E1': (D, n1)}
    w = {k: col_clip(0.05 * torch.randn(*s)) for k, s in shapes.items()}
    P = {}
    for l, n in ((1, n1), (2, n2)):
        S = torch.eye(n) + (1 - torch.eye(n)) * (torch.rand(n, n) * 0.02 - 0.01)
        w[f'Sigma{l}'], P[l] = precision(S)
    V1 = lateral(n1, int(spec['groupSize']), float(spec['selfExcitation']), float(spec['inhibition']))
    V2 = lateral(n2, int(spec['groupSize']), float(spec['selfExcitation']), float(spec['inhibition']))
    V3 = lateral(n3, int(spec['topGroupSize']), float(spec['selfExcitation']), float(spec['inhibition']))
    m = {k: torch.zeros_like(v) for k, v in w.items()}
    v2 = {k: torch.zeros_like(v) for k, v in w.items()}
    t = [0]

    def step(x):
        B = x.shape[0]
        z1, z2, z3 = torch.zeros(B, n1), torch.zeros(B, n2), torch.zeros(B, n3)
        e0, e1, e2 = torch.zeros(B, D), torch.zeros(B, n1), torch.zeros(B, n2)
        eT1, eT2 = torch.zeros(B, n1), torch.zeros(B, n2)
        for _ in range(K):
            z3 = z3 + beta * (-leak * z3 + eT2 @ w['E3'] - F.relu(z3) @ V3)
            z2 = z2 + beta * (-leak * z2 + eT1 @ w['E2'] - eT2 - F.relu(z2) @ V2)
            z1 = z1 + beta * (-leak * z1 + e0 @ w['E1'] - eT1 - F.relu(z1) @ V1)
            p1, p2, p3 = F.relu(z1), F.relu(z2), F.relu(z3)
            mu2 = F.relu(p3 @ w['W3'])
            mu1 = F.relu(p2 @ w['W2'] + p3 @ w['M3'])
            h0 = p1 @ w['W1'] + p2 @ w['M2']
            e0, e1, e2 = x - torch.sigmoid(h0), p1 - mu1, p2 - mu2
            eT1, eT2 = e1 @ P[1], e2 @ P[2]
        energy = sum(e.square().sum(1).mean() for e in (e0, e1, e2))
        p1, p2, p3 = F.relu(z1), F.relu(z2), F.relu(z3)
        d = {'W3': p3.T @ eT2 / B, 'W2': p2.T @ eT1 / B, 'W1': p1.T @ e0 / B, 'M3': p3.T @ eT1 / B, 'M2': p2.T @ e0 / B}
        d.update(E3=d['W3'].T, E2=d['W2'].T, E1=d['W1'].T)
        d['Sigma1'] = 0.5 * (eT1.T @ eT1 - P[1]) / B
        d['Sigma2'] = 0.5 * (eT2.T @ eT2 - P[2]) / B
        t[0] += 1
        alpha = lr * (1 - 0.999 ** t[0]) ** 0.5 / (1 - 0.9 ** t[0])
        for k in w:  # Keras Adam on g = -Delta
            g = -d[k]
            m[k].mul_(0.9).add_(g, alpha=0.1)
            v2[k].mul_(0.999).addcmul_(g, g, value=0.001)
            w[k] = w[k] - alpha * m[k] / (v2[k].sqrt() + 1e-7)
        for k in shapes:
            w[k] = col_clip(w[k])
        for l in (1, 2):
            w[f'Sigma{l}'], P[l] = precision(w[f'Sigma{l}'])
        return energy

    return step


# ----------------------------------------------------------------------------------- timing
def time_loop(run, repeats, target_seconds):
    t0 = time.perf_counter()
    run(1)
    first = time.perf_counter() - t0
    t1 = time.perf_counter()
    run(1)
    per_step = min(first, time.perf_counter() - t1)
    n = max(1, min(200, round(target_seconds / max(per_step, 1e-4))))
    rates, cpu_rates = [], []
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        run(n)
        rates.append(n / (time.perf_counter() - w0))
        cpu_rates.append(n / max(1e-6, time.process_time() - c0))
    return {'stepsPerSecond': rates, 'stepsPerCpuSecond': cpu_rates, 'stepsPerRepeat': n}


def main():
    plan = json.load(open(sys.argv[1]))
    raw = open(plan['images'], 'rb').read()
    images = torch.frombuffer(bytearray(raw), dtype=torch.uint8).float().reshape(-1, 784)
    gen = torch.Generator().manual_seed(1)
    out = {
        'torch': torch.__version__, 'python': sys.version.split()[0], 'blas': BLAS,
        'torchThreads': torch.get_num_threads(), 'openblasThreadsEnv': os.environ.get('OPENBLAS_NUM_THREADS'),
        'cpuCapability': next((l.split(':', 1)[1].strip() for l in torch.__config__.show().splitlines() if 'CPU capability' in l), None),
        'peak': {}, 'peakCpu': {}, 'cases': {},
    }
    torch.manual_seed(1)
    for s in plan['peakShapes']:
        a, b = torch.randn(s['m'], s['k']), torch.randn(s['k'], s['n'])
        r = time_loop(lambda n: [a @ b for _ in range(n)], plan['repeats'], min(0.5, plan['targetSeconds']))
        flops = 2 * s['m'] * s['k'] * s['n']
        out['peak'][f"{s['m']}x{s['k']}x{s['n']}"] = [x * flops / 1e9 for x in r['stepsPerSecond']]
        out['peakCpu'][f"{s['m']}x{s['k']}x{s['n']}"] = [x * flops / 1e9 for x in r['stepsPerCpuSecond']]
    for c in plan['cases']:
        spec = c['spec']
        B = int(spec['batch'])
        step = make_gncn(spec) if c['model'] == 'gncn-pdh' else make_backprop(c['model'], spec)

        def run(n, step=step, B=B):
            last = None
            for _ in range(n):
                idx = torch.randint(0, images.shape[0], (B,), generator=gen)
                last = step(images[idx])
            return last.item()  # one read per repeat, as the tfjs runs

        with torch.no_grad() if c['model'] == 'gncn-pdh' else torch.enable_grad():
            out['cases'][c['id']] = time_loop(run, plan['repeats'], plan['targetSeconds'])
        print(f"torch: {c['id']} {sorted(out['cases'][c['id']]['stepsPerSecond'])[len(out['cases'][c['id']]['stepsPerSecond']) // 2] * B:.0f} images/s", file=sys.stderr)
    print(json.dumps(out))


if __name__ == '__main__':
    main()
