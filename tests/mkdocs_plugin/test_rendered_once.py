"""Parts rendered once per depth and folder are the HTML each page would have had."""

from types import SimpleNamespace

import jinja2
from hypothesis import given
from hypothesis import strategies as st
from kbsite.mkdocs_plugin.rendered_once import RenderedOnce
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import url_filter

STATIC = ["assets/stylesheets/main.css", "assets/kb/kb.css", "fr/assets/images/card.png", "favicon.png"]
BUNDLE = "fr/pagefind/"
PART = ("{{ 'assets/stylesheets/main.css' | url }} {{ 'assets/kb/kb.css' | url }} {{ 'favicon.png' | url }} "
        "{{ 'fr/pagefind/' | url }} {{ 'fr/assets/images/card.png' | url }} {{ '' | url }} {{ base_url }}")


def environment(once: RenderedOnce) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=True)
    env.filters["url"] = url_filter
    env.globals["kb_once"] = once.template_global()
    return env


def render(env: jinja2.Environment, source: str, url: str | None) -> str:
    page = SimpleNamespace(url=url) if url is not None else None
    base_url = get_relative_url(".", url) if url is not None else "/docs"
    return env.from_string(source).render(page=page, base_url=base_url)


SEGMENTS = st.sampled_from(["assets", "kb", "stylesheets", "fr", "pagefind", "images", "how-to", "faq"])
URLS = st.lists(SEGMENTS, max_size=4).flatmap(lambda parts: st.sampled_from([
    "/".join(parts) + "/" if parts else "", "/".join([*parts, "page.html"]), "/".join([*parts, "index.html"])]))


@given(st.lists(st.one_of(URLS, st.none()), min_size=1, max_size=12))
def test_each_page_gets_the_links_it_would_have_had(urls):
    once = RenderedOnce([*STATIC, BUNDLE])
    cached = environment(once)
    plain = environment(RenderedOnce([]))
    for url in urls:
        assert render(cached, '{% call kb_once("part") %}' + PART + "{% endcall %}", url) == render(plain, PART, url)


def test_pages_as_deep_and_outside_the_static_folders_share_one_rendering():
    rendered = []
    env = environment(RenderedOnce([*STATIC, BUNDLE]))
    env.globals["count"] = lambda: rendered.append(1) or ""
    part = '{% call kb_once("part") %}{{ count() }}' + PART + "{% endcall %}"
    for url in ["how-to/a/", "faq/b/", "how-to/c/", "fr/how-to/a/", "fr/faq/b/", "assets/kb/page/", "how-to/"]:
        render(env, part, url)
    # how-to/a, faq/b, how-to/c; fr/how-to/a, fr/faq/b (both in fr/, which holds static files); assets/kb/page; how-to
    assert len(rendered) == 4


def test_each_part_has_its_own_rendering():
    env = environment(RenderedOnce(STATIC))
    assert render(env, '{% call kb_once("a") %}A{% endcall %}{% call kb_once("b") %}B{% endcall %}', "x/") == "AB"
