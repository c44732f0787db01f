"""Pagefind's index chunks cut again: nothing lost, every word found where the browser looks for it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import cbor2
import pytest
from helpers import RARE_AND_FREQUENT, pagefind_bundle, pagefind_cbor, pagefind_metadata
from hypothesis import given
from hypothesis import strategies as st

from kbsite.site.search_bundle import SIGNATURE, UnknownLayout, _chunk, compact, cut, fragment_names, ranges


def word(text: str, pages: int, positions: int = 3) -> tuple[str, bytes]:
    """A word and its entry, encoded as Pagefind encodes it."""
    return text, cbor2.dumps([text, [[1, list(range(positions)), []] for _ in range(pages)], []])


def chunk_for(listed: list[list[str]], term: str) -> str | None:
    """The chunk Pagefind's search (pagefind_web, request_indexes) fetches for ``term``: the first whose range holds it."""
    return next((name for first, last, name in listed if first <= term <= last), None)


def test_a_frequent_word_has_a_chunk_of_its_own_and_rare_words_around_it_do_not_share_it():
    words = [word("mdva", 2), word("mdva40399", 1), word("module", 5000), word("monitor", 2)]
    assert [[w[0] for w in group] for group in cut(words, 400)] == [["mdva", "mdva40399"], ["module"], ["monitor"]]


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=60, unique=True),
       st.integers(min_value=1, max_value=400))
def test_every_word_is_kept_in_order_and_found_in_its_own_chunk(texts, target):
    words = [word(text, 1 + len(text) % 4) for text in sorted(texts)]
    chunks = cut(words, target)
    assert [w for group in chunks for w in group] == words
    listed = ranges([(group[0][0], group[-1][0], f"c{n}") for n, group in enumerate(chunks)])
    for n, group in enumerate(chunks):
        assert all(chunk_for(listed, w[0]) == f"c{n}" for w in group)
        assert len(group) == 1 or sum(len(entry) for _, entry in group) <= target


def test_a_chunk_starts_at_the_shortest_prefix_that_tells_it_from_the_chunk_before():
    # Pagefind's own chunk_meta gives ("app", "apr"), where "apple" is in no range.
    listed = ranges([("a", "apple", "x"), ("apricot", "b", "y")])
    assert listed == [["a", "apple", "x"], ["apr", "b", "y"]]
    assert (chunk_for(listed, "apple"), chunk_for(listed, "apr"), chunk_for(listed, "app")) == ("x", "y", "x")


def index_of(bundle: Path) -> tuple[list, list]:
    """The bundle's chunk list and its words, in chunk order."""
    meta = pagefind_metadata(bundle)
    words = [w for _, _, name in meta[2] for w in pagefind_cbor(bundle / "index" / f"{name}.pf_index")[0]]
    return meta[2], words


def fragments_of(bundle: Path) -> list[bytes]:
    """Each page's fragment, in page order, by the names the metadata gives them."""
    return [(bundle / "fragment" / f"{name}.pf_fragment").read_bytes() for name, _ in pagefind_metadata(bundle)[1]]


@pytest.fixture
def bundle(tmp_path) -> Path:
    return pagefind_bundle(tmp_path, RARE_AND_FREQUENT)


def test_a_bundle_cut_again_holds_the_same_words_every_one_reachable(bundle):
    chunks_before, words_before = index_of(bundle)
    assert compact(bundle, target=600) == (len(chunks_before), len(index_of(bundle)[0]))
    listed, words = index_of(bundle)
    assert words == words_before and len(listed) > len(chunks_before)
    assert sorted(p.stem for p in (bundle / "index").iterdir()) == sorted(name for _, _, name in listed)
    assert len(list(bundle.glob("*.pf_meta"))) == 1
    for entry in words:
        assert entry in pagefind_cbor(bundle / "index" / f"{chunk_for(listed, entry[0])}.pf_index")[0]


def test_fragments_are_named_in_sequence_in_a_folder_named_by_all_of_them(bundle):
    fragments = fragments_of(bundle)
    compact(bundle)
    pages = pagefind_metadata(bundle)[1]
    folder = pages[0][0].split("/")[0]
    assert folder.startswith("en_") and [name for name, _ in pages] == [f"{folder}/{n:x}" for n in range(60)]
    assert fragments_of(bundle) == fragments
    assert sorted(p.relative_to(bundle / "fragment").as_posix() for p in (bundle / "fragment").rglob("*.*")) == \
        sorted(f"{name}.pf_fragment" for name, _ in pages)


def test_the_fragment_folder_changes_with_any_page_and_pages_alike_share_a_fragment():
    names = fragment_names(["en_a", "en_b", "en_a"], "en_")
    assert names["en_a"].endswith("/0") and names["en_b"].endswith("/1") and len(names) == 2
    assert fragment_names(["en_a", "en_c", "en_a"], "en_")["en_a"].split("/")[0] != names["en_a"].split("/")[0]


def test_the_frequent_words_chunk_is_not_fetched_for_a_rare_word(bundle):
    compact(bundle, target=600)
    listed, _ = index_of(bundle)
    assert chunk_for(listed, "module") != chunk_for(listed, "mdva40017")
    assert len(pagefind_cbor(bundle / "index" / f"{chunk_for(listed, 'mdva40017')}.pf_index")[0]) > 1


def test_a_bundle_of_another_layout_is_left_as_it_was(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    meta_path = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = pagefind_cbor(meta_path)
    meta[2] = {"chunks": meta[2]}
    meta_path.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(meta)))
    files = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    with pytest.raises(UnknownLayout, match=r"pf_meta: no list of index chunks"):
        compact(bundle)
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == files


def test_a_missing_or_broken_file_changes_nothing(bundle):
    listed, _ = index_of(bundle)
    (bundle / "index" / f"{listed[-1][2]}.pf_index").write_bytes(b"not gzip")
    files = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    with pytest.raises(UnknownLayout, match=r"pf_index: Not a gzipped file"):
        compact(bundle)
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == files


FEATURES, ROLES = ["Cache", "Checkout", "Orders", "Payments"], ["Admin", "Developer", "Leader"]
FACETED = {f"page-{n}": f"<p>invoice number {n}</p>"
                        f'<span data-pagefind-filter="feature">{FEATURES[n % 4]}</span>'
                        f'<span data-pagefind-filter="role">{ROLES[n % 3]}</span>' for n in range(24)}


def filters_of(bundle: Path) -> dict[str, list]:
    """Each filter's values and their pages, as the bundle's files hold them."""
    return dict(pagefind_cbor(bundle / "filter" / f"{file}.pf_filter") for _, file in pagefind_metadata(bundle)[3])


def test_the_same_pages_give_the_same_bundle_byte_for_byte(tmp_path):
    bundles = []
    for run in range(3):  # Pagefind's own order of a filter's values differs from run to run
        bundle = pagefind_bundle(tmp_path / str(run), FACETED)
        compact(bundle)
        bundles.append({p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()})
    assert bundles[0] == bundles[1] == bundles[2]


def test_filters_keep_every_value_and_its_pages_in_order(tmp_path):
    bundle = pagefind_bundle(tmp_path, FACETED)
    before = filters_of(bundle)
    compact(bundle)
    after = filters_of(bundle)
    assert {name: sorted(values) for name, values in before.items()} == after
    assert [value for value, _ in after["feature"]] == FEATURES and [value for value, _ in after["role"]] == ROLES
    assert [len(pages) for _, pages in after["feature"]] == [6, 6, 6, 6]
    assert sorted(p.stem for p in (bundle / "filter").iterdir()) == sorted(file for _, file in pagefind_metadata(bundle)[3])


@pytest.mark.parametrize("count", [0, 23, 24, 255, 256, 65535, 65536])
def test_a_chunk_is_encoded_as_cbor2_encodes_the_list_of_its_words(count):
    words = [word(f"w{n}", 1, 1) for n in range(count)]
    assert _chunk(words) == cbor2.dumps([[cbor2.loads(entry) for _, entry in words]])
