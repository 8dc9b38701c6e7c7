"""Buy-till-you-die models of customer value, fitted by maximum likelihood.

BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way: an alternative to the
Pareto/NBD model", Marketing Science 24(2)) tells how many purchases a customer will make and how
likely they are still a customer; Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: using
iso-value curves for customer base analysis", Journal of Marketing Research 42(4), and Fader &
Hardie 2013, "The Gamma-Gamma model of monetary value") how much they will spend per purchase.

A customer's history is ``x`` (purchases after the first), ``t_x`` (time from the first purchase to
the last) and ``T`` (time from the first purchase to now), all in one unit (the suite uses days),
and ``m``, the mean value of the ``x`` repeat purchases. Every function takes numpy arrays, one
item per customer, and works on all of them at once.
"""

from typing import NamedTuple

import numpy as np
from scipy.special import betaincinv, betaln, expit, gammaln, hyp2f1

DAYS_PER_MONTH = 365.25 / 12
# The parameters are searched between e^-LOG_BOUND and e^LOG_BOUND: a fit that ends on a bound has
# found no maximum (the likelihood keeps rising towards a degenerate model) and is refused.
LOG_BOUND = 15.0
QUADRATURE_NODES = 64


def _positive(log_parameters):
    return np.exp(log_parameters)


def _fit(negative_log_likelihood, start):
    """The positive parameters minimising the function of their logarithms, or None."""
    from scipy.optimize import minimize  # noqa: PLC0415 (heavy: loaded by the nightly fit only)

    with np.errstate(all="ignore"):
        result = minimize(
            negative_log_likelihood,
            np.clip(np.log(start), -LOG_BOUND + 1, LOG_BOUND - 1),
            method="L-BFGS-B",
            bounds=[(-LOG_BOUND, LOG_BOUND)] * len(start),
        )
    if not result.success or not np.isfinite(result.fun) or np.any(np.abs(result.x) > LOG_BOUND - 1e-3):
        return None
    return _positive(result.x)


class BgNbd(NamedTuple):
    """Purchases follow a Poisson process of rate lambda ~ Gamma(r, alpha) while the customer is
    alive; after each purchase they leave for good with probability p ~ Beta(a, b)."""

    r: float
    alpha: float
    a: float
    b: float

    def _log_dropout_odds(self, x, t_x, T):
        """log of the odds that a customer with purchases after the first has left since the last."""
        r, alpha, a, b = self
        return np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))

    def log_likelihood(self, x, t_x, T):
        """Each history's log-likelihood (the paper's equation 6)."""
        r, alpha, a, b = self
        common = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
        alive = -(r + x) * np.log(alpha + T)
        left = np.where(
            x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x), -np.inf
        )
        return common + np.logaddexp(alive, left)

    def probability_alive(self, x, t_x, T):
        """P(still a customer | x, t_x, T); 1 for a customer with one purchase only."""
        return np.where(x > 0, expit(-self._log_dropout_odds(x, t_x, T)), 1.0)

    def purchases_if_alive(self, t, x, T):
        """E[purchases in the next ``t`` | x, T, still a customer], which t_x does not change.

        The paper's equation 10 divided by P(alive), its hypergeometric term taken through Euler's
        transformation, (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
        whose parameters do not grow with x: a customer with a thousand purchases overflows nothing.
        Where a large a or b still overflows it, the printed form is tried, then the integral itself.
        """
        r, alpha, a, b = self
        if abs(a - 1) < 1e-6:  # the formula's limit at a = 1, within far less than any rounding
            a = 1 + np.copysign(1e-6, a - 1)
        x, T = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(T, dtype=float))
        z = t / (alpha + T + t)
        c = a + b + x - 1
        with np.errstate(all="ignore"):
            purchases = c / (a - 1) * (1 - (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, c, z))
            failed = ~np.isfinite(purchases)
            if failed.any():
                xf, zf, cf = x[failed], z[failed], c[failed]
                printed = cf / (a - 1) * (1 - (1 - zf) ** (r + xf) * hyp2f1(r + xf, b + xf, cf, zf))
                purchases[failed] = printed
                failed[failed] = ~np.isfinite(printed)
        if failed.any():
            purchases[failed] = self._purchases_if_alive_by_quadrature(t, x[failed], T[failed])
        return purchases

    def _purchases_if_alive_by_quadrature(self, t, x, T):
        """The same expectation as an integral over the dropout probability p ~ Beta(a, b + x), the
        purchase rate integrated out: E[(1 - ((alpha+T) / (alpha+T+p t))^(r+x)) / p]. Taken over the
        Beta's quantiles (p = its inverse CDF at Gauss-Legendre nodes), which follow the Beta however
        narrow its peak."""
        r, alpha, a, b = self
        nodes, weights = np.polynomial.legendre.leggauss(QUADRATURE_NODES)
        quantiles, weights = (nodes + 1) / 2, weights / 2
        purchases = np.empty(len(x))
        for value in np.unique(x):
            p = betaincinv(a, b + value, quantiles)
            these = x == value
            base = alpha + T[these, None]
            integrand = -np.expm1(-(r + value) * np.log1p(p * t / base)) / p
            purchases[these] = integrand @ weights
        return purchases

    def expected_purchases(self, t, x, t_x, T):
        """E[purchases in the next ``t`` | x, t_x, T] (the paper's equation 10)."""
        return self.probability_alive(x, t_x, T) * self.purchases_if_alive(t, x, T)


def fit_bgnbd(x, t_x, T):
    """BgNbd fitted to the histories, or None when the optimiser does not converge.

    The likelihood depends on a history only through (x, t_x, T): identical histories are counted
    once with their number (one-time buyers of the same day, regulars of the same rhythm), and
    the terms that depend on x alone are computed per distinct x by numpy's broadcasting.
    """
    if not np.any(np.asarray(x) > 0):  # nobody bought twice: nothing tells when customers leave
        return None
    histories, counts = np.unique(np.column_stack((x, t_x, T)).astype(float), axis=0, return_counts=True)
    x, t_x, T = histories.T
    total = counts.sum()

    def negative_log_likelihood(log_parameters):
        return -(counts * BgNbd(*_positive(log_parameters)).log_likelihood(x, t_x, T)).sum() / total

    start = (1.0, max(float(np.average(T, weights=counts)), 1.0), 1.0, 1.0)
    parameters = _fit(negative_log_likelihood, start)
    return BgNbd(*parameters) if parameters is not None else None


class GammaGamma(NamedTuple):
    """A customer's purchases are worth Gamma(p, nu) each, around a customer's own nu ~ Gamma(q, v)."""

    p: float
    q: float
    v: float

    def log_likelihood(self, x, m):
        """Each repeat buyer's log-likelihood of the mean ``m`` of their ``x`` repeat purchases."""
        p, q, v = self
        return (
            gammaln(p * x + q)
            - gammaln(p * x)
            - gammaln(q)
            + q * np.log(v)
            + (p * x - 1) * np.log(m)
            + p * x * np.log(x)
            - (p * x + q) * np.log(x * m + v)
        )

    def expected_order_value(self, x, m):
        """E[value of a purchase | x, m]: the customer's own mean weighed against the population's
        (p v / (q - 1)) by how many purchases it rests on; the population's for x = 0."""
        p, q, v = self
        return p * (v + x * m) / (p * x + q - 1)


def fit_gamma_gamma(x, m):
    """GammaGamma fitted to the repeat buyers (x > 0, m > 0), or None when it does not converge
    or its population mean does not exist (q <= 1)."""
    repeat = (x > 0) & (m > 0)
    x, m = x[repeat].astype(float), m[repeat].astype(float)
    if not len(x):
        return None

    def negative_log_likelihood(log_parameters):
        return -GammaGamma(*_positive(log_parameters)).log_likelihood(x, m).mean()

    parameters = _fit(negative_log_likelihood, (1.0, 2.0, float(m.mean())))
    if parameters is None or parameters[1] <= 1:
        return None
    return GammaGamma(*parameters)


def discounted_value(bgnbd, x, t_x, T, value_per_purchase, months, annual_rate):
    """The value of each customer's expected purchases over ``months`` months, month by month,
    each month's discounted at ``annual_rate`` (0.1 for 10 % a year) to today.

    The months' purchases are computed once per distinct (x, T), which the customers share.
    """
    pairs, customer_pair = np.unique(np.column_stack((x, T)).astype(float), axis=0, return_inverse=True)
    pair_x, pair_T = pairs.T
    discounted_purchases = np.zeros(len(pairs))
    purchases_so_far = np.zeros(len(pairs))
    for month in range(1, months + 1):
        purchases_by_then = bgnbd.purchases_if_alive(month * DAYS_PER_MONTH, pair_x, pair_T)
        discounted_purchases += (purchases_by_then - purchases_so_far) / (1 + annual_rate) ** (month / 12)
        purchases_so_far = purchases_by_then
    alive = bgnbd.probability_alive(x, t_x, T)
    return alive * discounted_purchases[customer_pair.ravel()] * value_per_purchase
