"""Reference figures for test/models/mbg-nbd*.test.ts, computed with mpmath 1.3.0.

Run: python3 test/models/mbg-nbd.reference.py [--cdnow-only | --small-only] [path/to/cdnow_customers_summary.csv]
(about 10 minutes on one core; the CDNOW Newton steps take most of it).

Independent of clvkit's code and of its derivations where possible:
- the per-customer MBG/NBD likelihood by direct 2-D numerical integration (nested tanh-sinh quadrature)
  of the individual-level likelihood (1-p)^(x+1) λ^x e^(-λT) + p (1-p)^x λ^x e^(-λ t_x) over
  λ ~ Gamma(r, α) and p ~ Beta(a, b), checked against the closed form;
- the CDNOW MLE by Newton's method on the closed-form log-likelihood, with gradient and Hessian
  by mpmath.diff (numerical differentiation at 40 digits), and the standard errors
  sqrt(diag(inv(-H)));
- E[X(t)], P(X(t) = n) and E[Y(t) | x, t_x, T] both in closed form (2F1) and by numerical
  integration of the individual-level expressions over λ and p.
"""
import sys
import mpmath as mp

mp.mp.dps = 40
MLE = dict(r=mp.mpf('0.524838'), alpha=mp.mpf('6.182992'), a=mp.mpf('0.891356'), b=mp.mpf('1.613999'))


def gamma_pdf(lam, r, alpha):
    return mp.exp(r * mp.log(alpha) + (r - 1) * mp.log(lam) - alpha * lam - mp.loggamma(r))


def beta_pdf(p, a, b):
    return mp.exp((a - 1) * mp.log(p) + (b - 1) * mp.log1p(-p) - mp.log(mp.beta(a, b)))


def closed_ll(x, tx, T, r, alpha, a, b):
    if x == 0:
        tx = 0
    c = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha)
    first = mp.log(mp.beta(a, b + x + 1)) - mp.log(mp.beta(a, b)) + c - (r + x) * mp.log(alpha + T)
    second = mp.log(mp.beta(a + 1, b + x)) - mp.log(mp.beta(a, b)) + c - (r + x) * mp.log(alpha + tx)
    return mp.log(mp.exp(first) + mp.exp(second))


def quad2(f, lam_mode=1, x=0):
    """∫∫ f(λ, p) dλ dp over (0, ∞) × (0, 1) as nested 1-D tanh-sinh rules, split where the
    integrand peaks (λ near its posterior mode, p near 0 when (1 - p)^x is steep), at 20 digits:
    plenty for these checks and affordable."""
    with mp.workdps(20):
        m = mp.mpf(lam_mode)
        lam_points = [0, m / 2, m, 2 * m, mp.inf]
        s = mp.mpf(1) / (x + 2)
        p_points = [0, s / 4, s, 1] if x > 2 else [0, mp.mpf(1) / 2, 1]
        return mp.quad(lambda p: mp.quad(lambda lam: f(lam, p), lam_points), p_points)


def integrated_ll(x, tx, T, r, alpha, a, b):
    def f(lam, p):
        ind = (1 - p) ** (x + 1) * lam ** x * mp.exp(-lam * T) + p * (1 - p) ** x * lam ** x * mp.exp(-lam * tx)
        return ind * gamma_pdf(lam, r, alpha) * beta_pdf(p, a, b)
    return mp.log(quad2(f, (r + x) / (alpha + tx), x))


def expected(t, r, alpha, a, b):
    z = t / (alpha + t)
    return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * mp.hyp2f1(r, b + 1, a + b, z))


def expected_integrated(t, r, alpha, a, b):
    # Given λ, p: gone at 0 with probability p, else the BG/NBD count, mean (1 - e^(-λ p t)) / p.
    f = lambda lam, p: (1 - p) * (-mp.expm1(-lam * p * t)) / p * gamma_pdf(lam, r, alpha) * beta_pdf(p, a, b)
    return quad2(f, r / alpha + 1 / t)


def pmf_integrated(n, t, r, alpha, a, b):
    def given(lam, p):
        poisson = lambda j: mp.exp(-lam * t) * (lam * t) ** j / mp.factorial(j)
        bg = (1 - p) ** n * poisson(n)
        if n > 0:
            bg += p * (1 - p) ** (n - 1) * (1 - mp.fsum(poisson(j) for j in range(n)))
        return (p if n == 0 else 0) + (1 - p) * bg
    f = lambda lam, p: given(lam, p) * gamma_pdf(lam, r, alpha) * beta_pdf(p, a, b)
    return quad2(f, (r + n) / (alpha + t), n)


def alive(x, tx, T, r, alpha, a, b):
    if x == 0:
        tx = 0
    return 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x))


def conditional(t, x, tx, T, r, alpha, a, b):
    z = t / (alpha + T + t)
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mp.hyp2f1(r + x, b + x + 1, a + b + x, z)
    return (a + b + x) / (a - 1) * bracket * alive(x, tx, T, r, alpha, a, b)


def conditional_integrated(t, x, tx, T, r, alpha, a, b):
    if x == 0:
        tx = 0
    post = lambda lam, p: gamma_pdf(lam, r, alpha) * beta_pdf(p, a, b) * lam ** x * (1 - p) ** x
    alive_part = lambda lam, p: post(lam, p) * (1 - p) * mp.exp(-lam * T)
    mode = (r + x) / (alpha + T)
    num = quad2(lambda lam, p: alive_part(lam, p) * (-mp.expm1(-lam * p * t)) / p, mode, x)
    den = quad2(lambda lam, p: alive_part(lam, p) + post(lam, p) * p * mp.exp(-lam * tx), mode, x)
    return num / den


def main():
    if '--cdnow-only' not in sys.argv:
        small_cases()
    if '--small-only' not in sys.argv:
        cdnow()


def small_cases():
    p = MLE
    args = (p['r'], p['alpha'], p['a'], p['b'])
    print('# per-customer ln L: closed form, 2-D quadrature')
    for x, tx, T in [(0, 0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 38.86), (40, 35, 36)]:
        print(x, tx, T, mp.nstr(closed_ll(x, tx, T, *args), 17), mp.nstr(integrated_ll(x, tx, T, *args), 17))
    print('# E[X(t)] closed, integrated')
    for t in [1, 39, 78]:
        print(t, mp.nstr(expected(t, *args), 17), mp.nstr(expected_integrated(t, *args), 17))
    print('# P(X(t) = n) integrated')
    for n, t in [(0, 39), (1, 39), (5, 39), (10, 2)]:
        print(n, t, mp.nstr(pmf_integrated(n, t, *args), 17))
    print('# P(X(39) = 0) closed: a/(a+b) + b/(a+b) (α/(α+t))^r')
    print(mp.nstr(p['a'] / (p['a'] + p['b']) + p['b'] / (p['a'] + p['b']) * (p['alpha'] / (p['alpha'] + 39)) ** p['r'], 17))
    print('# P(alive), E[Y(t) | x, t_x, T] closed, integrated')
    for t, x, tx, T in [(39, 2, 30.43, 38.86), (39, 0, 0, 38.86), (10, 300, 200, 200), (10, 300, 150, 200)]:
        print(t, x, tx, T, mp.nstr(alive(x, tx, T, *args), 17), mp.nstr(conditional(t, x, tx, T, *args), 17))
    for t, x, tx, T in [(39, 2, 30.43, 38.86), (39, 0, 0, 38.86)]:
        print('integrated', t, x, tx, T, mp.nstr(conditional_integrated(t, x, tx, T, *args), 17))



def cdnow():
    args = (MLE['r'], MLE['alpha'], MLE['a'], MLE['b'])
    files = [a for a in sys.argv[1:] if not a.startswith('--')]
    path = files[0] if files else '../shared/data/cdnow_customers_summary.csv'
    rows = {}
    with open(path) as f:
        next(f)
        for line in f:
            _, x, tx, T = line.strip().split(',')
            key = (int(x), mp.mpf(tx) if int(x) > 0 else mp.mpf(0), mp.mpf(T))
            rows[key] = rows.get(key, 0) + 1
    print('# CDNOW distinct rows', len(rows))
    mp.mp.dps = 30

    def total(r, alpha, a, b):
        return mp.fsum(w * closed_ll(x, tx, T, r, alpha, a, b) for (x, tx, T), w in rows.items())

    print('# CDNOW ln L at the published MLE', mp.nstr(total(*args), 15))
    theta = list(args)
    for step in range(2):  # the first step already lands within 1e-10 of the optimum
        g = [mp.diff(lambda *v: total(*v), theta, tuple(1 if j == i else 0 for j in range(4))) for i in range(4)]
        H = mp.matrix(4, 4)
        for i in range(4):
            for j in range(i, 4):
                order = [0] * 4
                order[i] += 1
                order[j] += 1
                H[i, j] = H[j, i] = mp.diff(lambda *v: total(*v), theta, tuple(order))
        delta = mp.lu_solve(H, mp.matrix(g))
        theta = [theta[i] - delta[i] for i in range(4)]
        print('# Newton', step, [mp.nstr(v, 12) for v in theta], 'max |g|', mp.nstr(max(abs(v) for v in g), 3))
    cov = -H ** -1
    print('# MLE', [mp.nstr(v, 12) for v in theta])
    print('# ln L at the MLE', mp.nstr(total(*theta), 15))
    print('# standard errors', [mp.nstr(mp.sqrt(cov[i, i]), 10) for i in range(4)])


if __name__ == '__main__':
    main()
