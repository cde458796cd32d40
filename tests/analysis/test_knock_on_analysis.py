"""ionlib.analysis.knock_on: Paper B's parameter set as one typed record."""
import numpy as np

from ionlib.analysis import knock_on as ka


def test_parameter_record_is_the_single_source_of_the_aliases():
    p = ka.PAPER_B
    assert isinstance(p, ka.PaperBParameters) and p == ka.PaperBParameters()
    assert (ka.OMEGA0_PER_S, ka.GAMMA_PER_S, ka.C_SMALL_PER_S, ka.C_LARGE_PER_S) == \
        (p.omega0_per_s, p.gamma_per_s, p.c_small_per_s, p.c_large_per_s) == (1e8, 0.5e7, 1e7, 6e7)
    np.testing.assert_array_equal(ka.C_GRID_PER_S, np.logspace(6, 10, 200))
    assert p._replace(omega0_per_s=2e8).omega0_per_s == 2e8 and p.omega0_per_s == 1e8   # immutable
