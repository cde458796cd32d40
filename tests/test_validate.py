"""ionlib._validate: the one validation layer (types, ranges, counts, messages)."""
import math

import numpy as np
import pytest

from ionlib import _validate as check


@pytest.mark.parametrize("bad", [True, np.bool_(False), "3", None, 1 + 2j, np.complex128(1), [1.0], (1.0, 2.0)])
def test_real_scalar_rejects_wrong_types_as_type_and_value_error(bad):
    with pytest.raises(TypeError, match="T_K") as info:
        check.real_scalar("T_K", bad, 1.0, 1000.0, unit="K")
    assert isinstance(info.value, ValueError)          # SPEC §5: ValueError on bad input


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 0.5, 1e300, -1.0])
def test_real_scalar_range_message_names_argument_range_and_unit(bad):
    with pytest.raises(ValueError, match=r"T_K must be a finite number in \[1, 1000\] K"):
        check.real_scalar("T_K", bad, 1.0, 1000.0, unit="K")


def test_real_scalar_accepts_numpy_and_zero_d_arrays():
    assert check.real_scalar("x", np.float32(2.5)) == 2.5
    assert check.real_scalar("x", np.array(3)) == 3.0
    assert check.positive("x", 1e-300) == 1e-300
    with pytest.raises(ValueError, match="x must"):
        check.positive("x", 0.0)
    assert check.positive("x", 0.0, allow_zero=True) == 0.0


@pytest.mark.parametrize("bad,err", [(True, TypeError), (2.7, ValueError), (math.inf, ValueError),
                                     (math.nan, ValueError), (0, ValueError), (1e300, ValueError),
                                     ("4", TypeError), (None, TypeError)])
def test_count_rejects_bool_fractions_infinities_and_huge(bad, err):
    with pytest.raises(err, match="n_x"):
        check.count("n_x", bad, 1, 1000)


def test_count_accepts_integral_floats_and_numpy_ints():
    assert check.count("n", 3.0) == 3 and check.count("n", np.int64(7)) == 7


@pytest.mark.parametrize("bad", [[1 + 1j, 2.0], np.array([True, False]), ["a", "b"], [[1.0], [2.0, 3.0]]])
def test_real_array_rejects_complex_bool_string_and_ragged(bad):
    with pytest.raises(TypeError, match="energy_eV"):
        check.real_array("energy_eV", bad)


def test_real_array_shape_size_and_range():
    with pytest.raises(ValueError, match="x_nm must be a 1-D array"):
        check.real_array("x_nm", [[1.0, 2.0]], ndim=1)
    with pytest.raises(ValueError, match="at least 1 value"):
        check.real_array("x_nm", [])
    with pytest.raises(ValueError, match=r"at most 10 values"):
        check.real_array("x_nm", np.zeros(11), max_size=10)
    with pytest.raises(ValueError, match=r"U_mV must contain finite numbers in \[-500, 500\] mV, got (np.float64\()?nan"):
        check.real_array("U_mV", [0.0, np.nan], -500, 500, unit="mV")
    np.testing.assert_array_equal(check.real_array("U", [1, 2]), [1.0, 2.0])


def test_one_of_flag_instance_interval():
    assert check.one_of("model", "quantum", ("quantum", "classical")) == "quantum"
    with pytest.raises(ValueError, match="model must be one of"):
        check.one_of("model", "Quantum", ("quantum", "classical"))
    with pytest.raises(ValueError, match="states"):
        check.one_of("states", [4], (3, 4))                # unhashable: still a clear error
    with pytest.raises(TypeError, match="include_V_int"):
        check.flag("include_V_int", 1)
    with pytest.raises(TypeError, match="model must be a dict"):
        check.instance("model", 3, dict)
    assert check.interval("w", (-1, 2)) == (-1.0, 2.0)
    with pytest.raises(ValueError, match="low < high"):
        check.interval("w", (2, 1))
    with pytest.raises(TypeError, match="w must be a pair"):
        check.interval("w", "ab")
