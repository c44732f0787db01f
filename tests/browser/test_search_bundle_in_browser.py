"""Index chunks cut again, and words cut by ICU, are read by Pagefind's own search, in Chromium."""

import re

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


EXCERPTS = """async ([bundle, terms]) => {
    const pagefind = await import(bundle + "pagefind.js");
    await pagefind.init();
    const found = {};
    for (const term of terms) {
        const search = await pagefind.search(term);
        found[term] = await Promise.all(search.results.map(result => result.data().then(data => [data.url, data.excerpt])));
    }
    return found;
}"""

# Pages of the languages written without spaces between words, and Korean, with a query a reader types.
CJK = {
    "ja": ("<p>同じ注文の部分請求書をAPI経由で同時に作成できません。</p>", "部分請求書", "同じ注文の部分請求書を API 経由で"),
    "zh-Hans": ("<p>无法通过API同时为同一订单创建部分发票。</p>", "部分发票", "同时为同一订单创建部分发票。"),
    "ko": ("<p>API를 통해 동일한 주문에 대한 부분 송장을 동시에 만들 수 없습니다.</p>", "송장", "부분 송장을 동시에"),
}


def test_chinese_japanese_and_korean_queries_find_their_page_with_the_text_as_written(tmp_path, page):
    for lang, (content, _, _) in CJK.items():
        (tmp_path / lang).mkdir()
        compact(pagefind_bundle(tmp_path / lang, {"invoices": content, "cache": "<p>キャッシュ 缓存 캐시</p>"}, lang))
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>search</title>", "utf-8")
    url, server = serve(tmp_path)
    try:
        page.goto(url)
        found = {lang: page.evaluate(EXCERPTS, [f"/{lang}/pagefind/", [query]])[query]
                 for lang, (_, query, _) in CJK.items()}
    finally:
        server.shutdown()
    for lang, (_, _, excerpt) in CJK.items():
        assert [address for address, _ in found[lang]] == [f"/{lang}/invoices/"], (lang, found[lang])
        shown = found[lang][0][1]
        assert "<mark>" in shown and excerpt in re.sub("</?mark>", "", shown), (lang, shown)
