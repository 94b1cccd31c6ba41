"""Many distances at once agree with the one-at-a-time formula and with geopy."""

import numpy as np
import pytest
from geopy.distance import geodesic

from meetingplaces.geo import DistanceFrom, distance_matrix_km


def test_the_distance_matrix_is_the_fast_formula_for_every_pair():
    origins = [(54.797, 11.645), (55.676, 12.568), (56.15, 10.2)]
    points = np.array([(54.8, 11.65), (54.9, 11.9), (55.0, 12.0), (55.7, 12.5)])
    matrix = distance_matrix_km(origins, points[:, 0], points[:, 1])
    assert matrix.shape == (3, 4)
    for i, origin in enumerate(origins):
        for j, point in enumerate(points):
            assert matrix[i, j] == pytest.approx(DistanceFrom(origin).km(*point), abs=1e-9)
    assert matrix[0, 1] == pytest.approx(geodesic(origins[0], points[1]).km, abs=1e-5)
