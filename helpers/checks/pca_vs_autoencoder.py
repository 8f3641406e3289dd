"""Exercise checks of notebook 03 · PCA versus autoencoder."""

from __future__ import annotations

import numbers

import numpy as np

from helpers.checks.common import CheckFailed, passed

__all__ = ["check_pca_mse", "check_components_for_variance"]


def _pca_test_and_train_mse(x_train: np.ndarray, x_test: np.ndarray, k: int) -> tuple[float, float]:
    from sklearn.decomposition import PCA  # noqa: PLC0415

    pca = PCA(n_components=k).fit(x_train)
    test = float(np.mean((pca.inverse_transform(pca.transform(x_test)) - x_test) ** 2))
    train = float(np.mean((pca.inverse_transform(pca.transform(x_train)) - x_train) ** 2))
    return test, train


def check_pca_mse(value: object, x_train: object, x_test: object, *, k: int) -> None:
    """Exercise (notebook 03): PCA's held-out reconstruction error with ``k`` components."""
    x_train, x_test = np.asarray(x_train, dtype="float64"), np.asarray(x_test, dtype="float64")
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise CheckFailed(f"mse_pca_{k} should be a number, got {value!r}.")
    test, train = _pca_test_and_train_mse(x_train, x_test, k)
    if np.isclose(value, test, rtol=1e-3):
        passed(f"PCA with {k} components: test MSE {test:.4f}.")
        return
    if np.isclose(value, train, rtol=1e-3):
        raise CheckFailed(
            f"{value:.4f} is PCA's error on the training images. Fit on data.x_train, but measure "
            "on data.x_test: an error on the data the model was fitted to proves little."
        )
    raise CheckFailed(
        f"mse_pca_{k} = {value:.4f} is not PCA's test error with {k} components. Fit PCA(n_components={k}) on "
        "data.x_train, then reconstruct data.x_test with inverse_transform(transform(...)) and "
        "take the mean of the squared differences."
    )


def check_components_for_variance(n: object, x_train: object, *, fraction: float = 0.9) -> None:
    """Exercise (notebook 03): fewest principal components explaining ``fraction`` of the variance."""
    from sklearn.decomposition import PCA  # noqa: PLC0415

    if isinstance(n, bool) or not isinstance(n, numbers.Integral):
        raise CheckFailed(f"n_90 should be a whole number of components, got {n!r} ({type(n).__name__}).")
    cumulative = np.cumsum(PCA().fit(np.asarray(x_train)).explained_variance_ratio_)
    expected = int(np.searchsorted(cumulative, fraction) + 1)
    if n == expected:
        fewer = f"; {expected - 1} explain {cumulative[expected - 2]:.1%}" if expected > 1 else ""
        passed(f"{expected} components explain {cumulative[expected - 1]:.1%} of the variance "
               f"(>= {fraction:.0%}){fewer}.")
        return
    if n == expected - 1:
        raise CheckFailed(
            f"n_90 = {n}: that is the index of the component, counted from 0. The number of "
            f"components is one more."
        )
    if 0 < n <= len(cumulative):
        raise CheckFailed(
            f"{n} components explain {cumulative[n - 1]:.1%} of the variance, but we want the fewest "
            f"that reach {fraction:.0%}. Use np.cumsum(pca.explained_variance_ratio_)."
        )
    raise CheckFailed(f"n_90 = {n} is not a number of components between 1 and {len(cumulative)}.")
