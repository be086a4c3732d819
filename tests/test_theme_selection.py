"""Choosing the number of themes."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from sklearn.metrics import pairwise_distances
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from analysis.themes.selection import DEFAULT_MAX_THEMES
from analysis.themes.selection import choose_n_themes
from analysis.themes.selection import max_n_themes
from analysis.themes.selection import neighbour_graph
from analysis.themes.selection import silhouette
from analysis.themes.selection import ward_tree
from analysis.themes.views import graph_similarity


@pytest.mark.parametrize(
    ("n", "expected"), [(32, 4), (200, 10), (50_000, DEFAULT_MAX_THEMES), (4, 2)]
)
def test_cap_grows_with_the_square_root(n: int, expected: int) -> None:
    assert max_n_themes(n, min_theme_size=3) == expected


@pytest.mark.parametrize(("n_groups", "seed"), [(2, 0), (3, 1), (7, 2), (40, 3), (119, 4)])
def test_silhouette_is_scikit_learns(n_groups: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    vectors = normalize(rng.normal(size=(120, 8)))
    labels = rng.integers(0, n_groups, 120)
    labels[:n_groups] = np.arange(n_groups)  # every group used; with 119 most have one member
    distances = pairwise_distances(vectors, metric="cosine")
    expected = silhouette_score(distances, labels, metric="precomputed")
    assert silhouette(distances, labels) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("true_k", [3, 5, 6])
def test_silhouette_finds_separate_groups(true_k: int) -> None:
    rng = np.random.default_rng(0)
    centres = np.eye(20)[:true_k]
    points = np.repeat(centres, 40, axis=0) + rng.normal(0, 0.05, (40 * true_k, 20))
    vectors = normalize(points)
    tree = ward_tree(vectors)
    assert choose_n_themes(vectors, tree, len(vectors), min_theme_size=3)[0] == true_k


def test_a_dominant_theme_does_not_hide_the_small_ones() -> None:
    rng = np.random.default_rng(0)
    centres = np.repeat(np.eye(20)[:3], [200, 20, 20], axis=0)
    vectors = normalize(centres + rng.normal(0, 0.05, centres.shape))
    tree = ward_tree(vectors)
    assert choose_n_themes(vectors, tree, len(vectors), min_theme_size=3)[0] == 3


def test_separate_groups_beyond_the_rule_of_thumb_are_found() -> None:
    rng = np.random.default_rng(0)
    centres = np.repeat(np.eye(20)[:12], 5, axis=0)  # 60 answers: sqrt(60/2) is only 5
    vectors = normalize(centres + rng.normal(0, 0.05, centres.shape))
    tree = ward_tree(vectors)
    assert max_n_themes(len(vectors), min_theme_size=3) == 5
    assert choose_n_themes(vectors, tree, len(vectors), min_theme_size=3)[0] == 12


def test_no_structure_gives_the_most_readable_number() -> None:
    vectors = normalize(np.random.default_rng(0).normal(size=(400, 20)))
    tree = ward_tree(vectors)
    expected = max_n_themes(len(vectors), min_theme_size=3)
    assert choose_n_themes(vectors, tree, len(vectors), min_theme_size=3)[0] == expected


@pytest.mark.parametrize(("n", "dimensions"), [(300, 150), (40, 562), (300, 10)])
def test_ward_tree_is_scipys_on_the_vectors(n: int, dimensions: int) -> None:
    vectors = normalize(np.random.default_rng(n).normal(size=(n, dimensions)))
    expected = linkage(vectors, method="ward")
    tree = ward_tree(vectors)
    assert np.array_equal(tree[:, [0, 1, 3]], expected[:, [0, 1, 3]])
    assert tree[:, 2] == pytest.approx(expected[:, 2], abs=1e-9)


def test_the_graph_links_by_words_before_lsa_beside_meaning() -> None:
    words = sp.csr_matrix(np.array([[3.0, 0, 0], [1.0, 1.0, 0], [0, 0, 2.0]]))
    meaning = normalize(np.random.default_rng(0).normal(size=(3, 5)))
    word_cosines = np.array([[1, 1 / np.sqrt(2), 0], [1 / np.sqrt(2), 1, 0], [0, 0, 1]])
    assert graph_similarity(words, None, 0.5) == pytest.approx(word_cosines, abs=1e-6)
    both = graph_similarity(words, meaning, 0.3)
    assert both == pytest.approx(0.3 * word_cosines + 0.7 * meaning @ meaning.T, abs=1e-6)
    graph = neighbour_graph(both.copy(), n_neighbours=1)
    assert graph.diagonal().sum() == 0  # nobody is their own neighbour
    assert (graph != graph.T).nnz == 0
