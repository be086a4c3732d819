"""Themes from a Ward tree: merge a sample of answers bottom-up, cut the tree into k themes, and
choose k as the cut with the best silhouette, from 2 up to 15 themes of at least 3 answers.

When the answers show no clear groups (real answers rarely do), the tree is built on their
neighbourhood graph instead: each answer linked to its nearest neighbours, the graph laid out
in a few spectral coordinates (Laplacian eigenmaps, Belkin & Niyogi 2003), where answers that
share neighbours sit together, and the silhouette there chooses k. This is the role UMAP plays
before clustering in BERTopic; see docs/text-analysis.md for what it gained.

Ward on unit vectors beat k-means on both shared benchmarks (see docs/text-analysis.md), and a
tree gives every k from one fit, so choosing k costs a silhouette per cut, not a k-means per k.
On well-separated answers the silhouette peaks at the true number of themes. When even the best
cut's silhouette shows no substantial structure (0.25 or less), k is the cap: 15 themes at most,
the number an analyst can still read, or sqrt(n/2) when fewer answers make that too many. The
shared benchmarks are such sets.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform
from sklearn.manifold import spectral_embedding
from sklearn.metrics import pairwise_distances
from sklearn.preprocessing import normalize

DEFAULT_MIN_THEMES = 2
DEFAULT_MAX_THEMES = 15  # more themes than this no analyst reads; the long tail goes to other
# Ward keeps all pairwise distances: 3,000 answers take about 0.4 s and 36 MB; 1,000 answers
# gave clearly worse themes on the benchmarks, 3,000 a little better than 2,000.
DEFAULT_TREE_SAMPLE = 3_000
# Kaufman & Rousseeuw's reading of the silhouette: 0.25 or less is "no substantial structure".
# Then no k is better founded than another (on the benchmarks the best cut's lead was 0.003), and
# the most themes an analyst can read keeps each theme small enough to mean something.
DEFAULT_STRUCTURE_SILHOUETTE = 0.25
# silhouette is quadratic: each cut is scored on this many answers, their distances computed once
# for all cuts; 2,000 chose the same k on the benchmarks
DEFAULT_SELECTION_SAMPLE = 1_000
# The neighbour graph: each answer linked to its 15 nearest, laid out in 8 spectral coordinates.
# On the graph of the joined LSA vectors, 10, 15 and 25 neighbours, 8, 10, 12 and 16 coordinates,
# links of weight 1 or their cosine were all within 0.02 NMI on truevoice (docs/text-analysis.md).
# On the graph of TF-IDF cosines (views.graph_similarity), means of seeds 0-11, NMI truevoice 7
# intents / wisesight: 8 coordinates 0.302 / 0.051 (k 9-14 / 9-10), 10 coordinates 0.292 / 0.051
# (k 11-15 / 11-14); 10 and 30 neighbours (seeds 0-4, 10 coordinates) were no better than 15.
DEFAULT_NEIGHBOURS = 15
DEFAULT_SPECTRAL_COORDINATES = 8
# From this many dimensions up, Ward's distances come from a matrix product (BLAS), below from
# scipy's loop: 1,000 answers x 562 dimensions 0.03 s of CPU instead of 0.09 s, the same tree;
# 3,000 x 10 spectral coordinates 0.16 s by the loop, 0.3-0.6 s by the product.
DEFAULT_GRAM_DIMENSIONS = 100
# Below this many answers a graph of 15 neighbours links nearly everything to everything.
DEFAULT_GRAPH_MIN_ANSWERS = 100


def max_n_themes(n_answers: int, min_theme_size: int) -> int:
    """Return the number of themes to show when the answers show no structure: sqrt(n/2), the
    usual rule of thumb, at most 15."""
    by_rule = round(math.sqrt(n_answers / 2))
    return max(DEFAULT_MIN_THEMES, min(most_themes(n_answers, min_theme_size), by_rule))


def most_themes(n_answers: int, min_theme_size: int) -> int:
    """Return the most themes worth trying: 15, and no theme smaller than ``min_theme_size``."""
    by_size = n_answers // max(min_theme_size, 1)
    return max(DEFAULT_MIN_THEMES, min(DEFAULT_MAX_THEMES, by_size))


def distinct_rows(vectors: np.ndarray) -> int:
    """Return how many different vectors there are: no cut can make more themes than this."""
    return len(np.unique(np.round(vectors, 6), axis=0))


def tree_sample(n_answers: int, random_state: int) -> np.ndarray:
    """Return the indices of the answers the tree is built on, in random order."""
    rng = np.random.default_rng(random_state)
    return rng.permutation(n_answers)[:DEFAULT_TREE_SAMPLE]


def ward_tree(vectors: np.ndarray) -> np.ndarray:
    """Return the Ward merge tree of ``vectors`` (scipy's linkage matrix).

    Many dimensions (the joined views: 562) get their Euclidean distances from one matrix
    product, |a|^2 + |b|^2 - 2ab, instead of scipy's pair-by-pair loop: the same tree.
    """
    if vectors.shape[1] < DEFAULT_GRAM_DIMENSIONS or len(vectors) < 2:
        return linkage(vectors, method="ward")
    gram = vectors @ vectors.T
    lengths = np.diag(gram)
    squared = np.maximum(lengths[:, None] + lengths[None, :] - 2 * gram, 0.0)
    np.fill_diagonal(squared, 0.0)
    return linkage(squareform(np.sqrt(squared), checks=False), method="ward")


def cut(tree: np.ndarray, k: int) -> np.ndarray:
    """Return the labels 0 .. k-1 of the tree's leaves when it is cut into k groups.

    The first n - k merges of a Ward tree (scipy lists them lowest first) are kept and the rest
    undone; each leaf's group is the top of its kept merges. scipy's ``cut_tree`` gives the same
    groups but walks the tree in Python, 25 s of a 65 s fit of 5,000 answers on a busy server.
    """
    n = len(tree) + 1
    k = max(1, min(k, n))
    parent = np.arange(2 * n - 1)
    kept = tree[: n - k, :2].astype(int)
    parent[kept[:, 0]] = n + np.arange(n - k)
    parent[kept[:, 1]] = n + np.arange(n - k)
    groups = np.arange(n)
    while True:
        above = parent[groups]
        if np.array_equal(above, groups):
            return np.unique(groups, return_inverse=True)[1].ravel()
        groups = above


def centres(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Return the unit-length mean vector of each label 0 .. max(labels)."""
    return normalize(np.array([vectors[labels == c].mean(axis=0) for c in range(labels.max() + 1)]))


def silhouette(distances: np.ndarray, labels: np.ndarray) -> float:
    """Return the mean silhouette (Rousseeuw 1987) of ``labels`` (n,) given the ``distances``
    (n, n) between the points; the same value as scikit-learn's ``silhouette_score`` with
    ``metric="precomputed"`` (a point alone in its group scores 0), needs 2 .. n-1 groups.

    The distances from every point to every group are summed in one matrix product: scoring the
    14 cuts of 1,000 answers on one thread took 0.06 s of CPU in scikit-learn's chunked loop,
    0.015 s so.
    """
    groups, inverse = np.unique(labels, return_inverse=True)
    members = np.zeros((len(labels), len(groups)))
    members[np.arange(len(labels)), inverse] = 1.0
    sizes = members.sum(axis=0)
    totals = distances @ members  # (n, groups): summed distance from each point to each group
    own = sizes[inverse] - 1
    inside = totals[np.arange(len(labels)), inverse] / np.maximum(own, 1)
    means = totals / sizes
    means[np.arange(len(labels)), inverse] = np.inf
    nearest = means.min(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.nan_to_num((nearest - inside) / np.maximum(inside, nearest))
    return float(np.where(own > 0, scores, 0.0).mean())


def silhouettes(vectors: np.ndarray, tree: np.ndarray, candidates: range) -> dict[int, float]:
    """Return the cosine silhouette of the first rows of ``vectors`` for each cut of ``tree``."""
    scored = vectors[:DEFAULT_SELECTION_SAMPLE]
    if not len(candidates):
        return {}
    distances = pairwise_distances(scored, metric="cosine")
    scores = {}
    for k in candidates:
        labels = cut(tree, k)[:DEFAULT_SELECTION_SAMPLE]
        if 1 < len(set(labels.tolist())) < len(scored):
            scores[k] = silhouette(distances, labels)
    return scores


def choose_n_themes(
    vectors: np.ndarray, tree: np.ndarray, n_answers: int, min_theme_size: int
) -> tuple[int, bool]:
    """Return the cut of ``tree`` (built on ``vectors``) with the best silhouette and True when
    that cut shows clear groups; else the rule-of-thumb number of themes and False."""
    upper = min(most_themes(n_answers, min_theme_size), distinct_rows(vectors), len(vectors) - 1)
    scores = silhouettes(vectors, tree, range(DEFAULT_MIN_THEMES, upper + 1))
    if not scores:
        return 1, True
    best = max(scores, key=lambda k: (scores[k], -k))
    if scores[best] > DEFAULT_STRUCTURE_SILHOUETTE:
        return best, True
    fallback = min(max_n_themes(n_answers, min_theme_size), max(scores))
    return max(k for k in scores if k <= fallback), False


def graph_themes(
    vectors: np.ndarray,
    n_answers: int,
    min_theme_size: int,
    n_themes: int | None,
    random_state: int,
    similarity: np.ndarray | None = None,
) -> np.ndarray:
    """Return theme labels 0 .. k-1 of ``vectors`` (the tree sample) found on their neighbour
    graph: a Ward tree on its spectral coordinates, cut at ``n_themes``, or where the silhouette
    there is best. The graph links the answers most alike by ``similarity`` (n, n; default:
    the cosine of ``vectors``). Too few answers for a graph give the rule-of-thumb cut of the
    plain tree."""
    if len(vectors) < DEFAULT_GRAPH_MIN_ANSWERS:
        tree = ward_tree(vectors)
        k = n_themes or choose_n_themes(vectors, tree, n_answers, min_theme_size)[0]
        return cut(tree, k)
    if similarity is None:
        single = vectors.astype(np.float32)  # half the time of float64; the order barely moves
        similarity = single @ single.T
    coordinates = spectral_coordinates(
        similarity, DEFAULT_NEIGHBOURS, DEFAULT_SPECTRAL_COORDINATES, random_state
    )
    tree = ward_tree(coordinates)
    if n_themes is None:
        upper = min(most_themes(n_answers, min_theme_size), len(vectors) - 1)
        scores = silhouettes(coordinates, tree, range(DEFAULT_MIN_THEMES, upper + 1))
        n_themes = max(scores, key=lambda k: (scores[k], -k)) if scores else 1
    return cut(tree, n_themes)


def neighbour_graph(similarity: np.ndarray, n_neighbours: int) -> sp.csr_matrix:
    """Return the symmetric graph linking each answer to the ``n_neighbours`` others most like
    it by ``similarity`` (n, n; its diagonal is overwritten), every link of weight 1."""
    n = len(similarity)
    k = min(n_neighbours, n - 1)
    np.fill_diagonal(similarity, -np.inf)
    nearest = np.argpartition(similarity, n - k, axis=1)[:, n - k :]  # no negated copy
    rows = np.repeat(np.arange(n), k)
    graph = sp.csr_matrix((np.ones(n * k), (rows, nearest.ravel())), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def spectral_coordinates(
    similarity: np.ndarray, n_neighbours: int, n_coordinates: int, random_state: int
) -> np.ndarray:
    """Return unit-length spectral coordinates (n, ``n_coordinates``) of the neighbour graph of
    answers whose pairwise ``similarity`` (n, n) is given: the smallest non-trivial
    eigenvectors of its normalised Laplacian."""
    graph = neighbour_graph(similarity, n_neighbours)
    coordinates = spectral_embedding(
        graph,
        n_components=n_coordinates,
        eigen_solver="lobpcg",
        random_state=random_state,
        drop_first=True,
    )
    return normalize(coordinates)
