"""The BG/NBD paper's formulas as printed (Fader, Hardie & Lee 2005), to check the engine against:
no transformation, no fallback, one customer at a time."""

from scipy.special import hyp2f1


def paper_probability_alive(model, x, t_x, T):
    """Equation 13 of the BG/NBD paper, as printed."""
    r, alpha, a, b = model
    if not x:
        return 1.0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def paper_expected_purchases(model, t, x, t_x, T):
    """Equation 10 of the BG/NBD paper, as printed (no transformation of its hypergeometric term)."""
    r, alpha, a, b = model
    z = t / (alpha + T + t)
    future = (
        (a + b + x - 1)
        / (a - 1)
        * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z))
    )
    return future * paper_probability_alive(model, x, t_x, T)
