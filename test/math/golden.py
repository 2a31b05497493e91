"""Golden values for test/math/*.test.ts.

Made with mpmath 1.3.0 at mp.dps = 50 (50 significant decimal digits), CPython 3, stdlib + mpmath
only. Every input is a double (written with repr, so it round-trips exactly); every output is
rounded once to the nearest double. For the Gauss hypergeometric function each value is computed
at 50 and at 70 digits and the two must agree to 1e-30, as a guard against mpmath's own
cancellation in degenerate cases.

Regenerate (the second step applies the repository's JSON formatting, so the committed file is
reproduced byte for byte):
    python3 test/math/golden.py > test/math/golden.json
    npx biome format --write test/math/golden.json
"""

import json
import random

import mpmath as mp

assert mp.__version__ == "1.3.0", mp.__version__
mp.mp.dps = 50


def f64(x):
    """A finite mpf rounded to the nearest double (None outside the double range)."""
    v = float(x)
    return v if v == v and abs(v) != float("inf") else None


def log_gamma_cases():
    xs = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999999,
          1.0, 1.000001, 1.01, 1.1, 1.25, 1.4616321449683622, 1.5, 1.75, 1.9, 1.99, 1.999999, 2.0,
          2.000001, 2.01, 2.25, 2.4999999, 2.5, 3.0, 3.5, 4.0, 5.5, 7.0, 9.5, 9.999999, 10.0,
          10.000001, 12.5, 20.0, 33.3, 50.0, 100.0, 170.5, 171.7, 500.0, 1000.0, 1234.5678, 1e4,
          1e5, 1e6, 1e8, 1e10, 1e12, 1e14, 1e15, 1e20, 1e100, 1e300]
    rng = random.Random(5)
    xs += [10 ** rng.uniform(-8, 15) for _ in range(80)]
    xs += [rng.uniform(0.4, 2.6) for _ in range(40)]
    return [{"x": x, "logGamma": f64(mp.loggamma(x))} for x in xs]


def log_beta_cases():
    grid = [0.01, 0.1, 0.5, 1.0, 2.5, 7.0, 9.99, 10.0, 33.3, 100.0, 1000.0, 1e5, 1e10, 1e15]
    out = []
    for a in grid:
        for b in grid:
            exact = mp.log(mp.beta(a, b))
            out.append({"a": a, "b": b, "logBeta": f64(exact)})
    rng = random.Random(6)
    for _ in range(60):
        a, b = 10 ** rng.uniform(-2, 15), 10 ** rng.uniform(-2, 3)
        out.append({"a": a, "b": b, "logBeta": f64(mp.log(mp.beta(a, b)))})
    return out


def polygamma_cases():
    xs = [1e-10, 1e-5, 0.01, 0.1, 0.5, 0.9, 1.0, 1.4, 1.45, 1.46, 1.4616321449683622, 1.47, 1.5,
          2.0, 2.5, 3.0, 5.0, 9.5, 9.999999, 10.0, 10.5, 25.0, 100.0, 1000.0, 1e5, 1e10, 1e15]
    rng = random.Random(7)
    xs += [10 ** rng.uniform(-6, 12) for _ in range(60)]
    return [{"x": x, "digamma": f64(mp.digamma(x)), "trigamma": f64(mp.psi(1, x))} for x in xs]


def hyp(a, b, c, z):
    with mp.workdps(50):
        v50 = mp.hyp2f1(a, b, c, z)
    with mp.workdps(70):
        v70 = mp.hyp2f1(a, b, c, z)
    assert v70 == 0 or abs(v50 - v70) <= mp.mpf(10) ** -30 * abs(v70), (a, b, c, z)
    return v70


def hyp_case(group, a, b, c, z):
    v = hyp(a, b, c, z)
    return {
        "group": group,
        "a": a,
        "b": b,
        "c": c,
        "z": z,
        "value": f64(v),
        "log": f64(mp.log(v)) if v > 0 else None,
    }


def hyp2f1_cases():
    out = []
    zs = [0.0, 1e-6, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999, 0.9999]
    # BG/NBD unconditional expectation: 2F1(r, b; a + b - 1; t/(alpha + t)).
    for r in [0.05, 0.243, 1.0, 5.0]:
        for a, b in [(0.3, 0.8), (0.793, 2.426), (2.4, 10.0), (10.0, 50.0), (1.5, 0.2)]:
            for z in zs:
                out.append(hyp_case("bgnbd-unconditional", r, b, a + b - 1, z))
    # BG/NBD conditional expectation: 2F1(r + x, b + x; a + b + x - 1; t/(alpha + T + t)).
    for r, alpha, a, b in [(0.243, 4.414, 0.793, 2.426), (1.2, 10.0, 2.5, 0.4), (0.05, 1.0, 5.0, 80.0)]:
        for x in [0, 1, 2, 5, 10, 30, 100, 300, 1000]:
            for z in [0.05, 0.3, 0.6, 0.9, 0.99, 0.9999]:
                out.append(hyp_case("bgnbd-conditional", r + x, b + x, a + b + x - 1, z))
    # The brief's form: 2F1(r + x, b; a + b + x - 1; z).
    for r, a, b in [(0.243, 0.793, 2.426), (3.0, 1.7, 100.0), (0.1, 20.0, 0.1)]:
        for x in [0, 1, 7, 50, 200, 999]:
            for z in [0.2, 0.5, 0.8, 0.95, 0.999, 0.9999]:
                out.append(hyp_case("bgnbd-brief", r + x, b, a + b + x - 1, z))
    # Pareto/NBD: 2F1(r + s + x, s + 1; r + s + x + 1; z), z possibly negative.
    for r, s in [(0.55, 0.6), (2.0, 0.05), (0.1, 3.0)]:
        for x in [0, 3, 40, 500]:
            for z in [-1e6, -1000.0, -10.0, -0.9, -0.1, 0.3, 0.9, 0.999]:
                out.append(hyp_case("pareto-nbd", r + s + x, s + 1, r + s + x + 1, z))
    # c - a - b at and near an integer (the degenerate case of the z -> 1 - z connection).
    for a, b in [(0.7, 1.3), (2.5, 4.25), (30.0, 12.0)]:
        for m in [-3, -1, 0, 1, 2]:
            for delta in [0.0, 1e-12, 1e-6, 1e-3, 0.25]:
                for z in [0.6, 0.95, 0.9999]:
                    c = a + b + m + delta
                    if c > 0:
                        out.append(hyp_case("near-integer", a, b, c, z))
    # Closed forms and special points.
    for z in [-5.0, -0.5, 0.25, 0.75, 0.9999]:
        out.append(hyp_case("closed-form", 1.0, 1.0, 2.0, z))
        out.append(hyp_case("closed-form", 0.5, 3.0, 3.0, z))
        out.append(hyp_case("polynomial", -4.0, 2.5, 1.5, z))
    out.append(hyp_case("polynomial", -3.0, 2.0, 0.5, 7.5))
    for a, b, c in [(0.5, 0.25, 2.0), (3.0, 4.0, 10.5), (100.0, 0.5, 101.0)]:
        out.append(hyp_case("gauss-sum", a, b, c, 1.0))
    # Generic positive parameters, log-uniform in [0.01, 1000], z in [-0.99, 0.9999].
    rng = random.Random(8)
    for _ in range(150):
        a = 10 ** rng.uniform(-2, 3)
        b = 10 ** rng.uniform(-2, 2)
        c = 10 ** rng.uniform(-2, 3)
        z = rng.choice([rng.uniform(-0.99, 0.5), rng.uniform(0.5, 0.99), 1 - 10 ** rng.uniform(-4, -1)])
        # z < 0 with c below both a and b: both Pfaff forms alternate and the value can be a tiny
        # difference of huge terms; hyp2f1 promises there only "accurate or NaN".
        group = "alternating" if z < 0 and c < min(a, b) else "generic"
        out.append(hyp_case(group, a, b, c, z))
    return out


tables = {
    "logGamma": log_gamma_cases(),
    "logBeta": log_beta_cases(),
    "polygamma": polygamma_cases(),
    "hyp2f1": hyp2f1_cases(),
}
# One case per line, so that a diff of a regenerated table stays readable.
lines = ['{', '"source": "test/math/golden.py: mpmath 1.3.0, mp.dps = 50 (2F1 checked at dps 70)",']
for i, (name, rows) in enumerate(tables.items()):
    lines.append(f'"{name}": [')
    lines += [json.dumps(row) + ("," if j < len(rows) - 1 else "") for j, row in enumerate(rows)]
    lines.append("]" + ("," if i < len(tables) - 1 else ""))
lines.append("}")
print("\n".join(lines))
