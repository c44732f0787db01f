"""Index chunks cut again are read by Pagefind's own search, in Chromium: every word finds its page."""

from browsing import serve
from helpers import RARE_AND_FREQUENT, pagefind_bundle

from kbsite.site.search_bundle import compact

SEARCH = """async (terms) => {
    const pagefind = await import("/pagefind/pagefind.js");
    await pagefind.init();
    const found = {};
    for (const term of terms) {
        const search = await pagefind.search(term);
        found[term] = await Promise.all(search.results.map(result => result.data().then(data => data.url)));
    }
    return found;
}"""


def test_every_rare_word_finds_its_page_across_many_small_chunks(tmp_path, page):
    bundle = pagefind_bundle(tmp_path, RARE_AND_FREQUENT)
    before, after = compact(bundle, target=600)
    assert after > 3 * before
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>search</title>", "utf-8")
    url, server = serve(tmp_path)
    try:
        page.goto(url)
        # Two words: each must be found in its chunk (one that is not is dropped from the query when the other is).
        terms = [f"topic{n:03d}" for n in range(60)] + [f"MDVA-{40000 + n}" for n in range(0, 60, 7)]
        terms += [f"rare{n % 7} topic{n:03d}" for n in range(60)]
        found = page.evaluate(SEARCH, terms + ["rare3", "module"])
    finally:
        server.shutdown()
    for n in range(60):
        assert found[f"topic{n:03d}"] == [f"/page-{n}/"]
        assert found[f"rare{n % 7} topic{n:03d}"] == [f"/page-{n}/"]
    for n in range(0, 60, 7):
        assert found[f"MDVA-{40000 + n}"][0] == f"/page-{n}/"
    assert sorted(found["rare3"]) == sorted(f"/page-{n}/" for n in range(60) if n % 7 == 3)
    assert len(found["module"]) == 60
