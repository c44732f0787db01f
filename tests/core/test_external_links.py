"""Which links are external, where each is, and how addresses are grouped."""

from __future__ import annotations

from helpers import article, write, write_config
from kbsite.core.external_links import collect_external_links, is_example, remapped, split_fragment, unmapped
from kbsite.core.external_settings import external_settings
from kbsite.core.settings import load_settings
from kbsite.environment import open_environment

BODY = """# Flush the cache

Read [the guide](https://docs.sim-a.net/guide#install) and <https://docs.sim-a.net/guide>.
See [ref][r] and <a href="https://docs.sim-a.net/page?a=1&amp;b=2">HTML</a> ![img](https://img.sim-b.net/x.png).
Not links: `[code](https://docs.sim-a.net/in-code)`, https://docs.sim-a.net/bare, [mail](mailto:x@sim-a.net).
[example](https://www.example.com/) [local](http://localhost:8080/admin) [ip](http://192.168.0.10/)
[bad](https://<your-store>/admin)

```
[fenced](https://docs.sim-a.net/fenced)
```

[r]: https://docs.sim-a.net/ref
"""


def _links(tmp_path, body=BODY, **options):
    (tmp_path / "articles").mkdir()
    (tmp_path / "docs").mkdir()
    write_config(tmp_path, ["en", "fr"])
    write(tmp_path, "articles/how-to/flush-the-cache.en.md", article(body=body))
    write(tmp_path, "articles/how-to/flush-the-cache.fr.md", article(body="# Vider\n\n[guide](https://docs.sim-a.net/guide#installer)\n"))
    kb = open_environment(load_settings(tmp_path / "mkdocs.yml")).kb
    return collect_external_links(kb.documents, external_settings(options or None))


def test_every_occurrence_outside_code_with_its_place(tmp_path):
    links = _links(tmp_path)
    en = "articles/how-to/flush-the-cache.en.md"
    fr = "articles/how-to/flush-the-cache.fr.md"
    places = {(o.path, o.line, o.column, o.target, o.fragment) for found in links.by_url.values() for o in found}
    line = 9  # the body's first line is the file's 9th (after the front matter)
    assert places == {
        (en, line + 2, 6, "https://docs.sim-a.net/guide#install", "install"),
        (en, line + 2, 60, "https://docs.sim-a.net/guide", ""),
        (en, line + 3, 5, "https://docs.sim-a.net/ref", ""),
        (en, line + 3, 18, "https://docs.sim-a.net/page?a=1&amp;b=2", ""),
        (en, line + 3, 77, "https://img.sim-b.net/x.png", ""),
        (fr, line + 2, 1, "https://docs.sim-a.net/guide#installer", "installer"),
    }
    assert sorted(links.by_url) == ["https://docs.sim-a.net/guide", "https://docs.sim-a.net/page?a=1&b=2",
                                    "https://docs.sim-a.net/ref", "https://img.sim-b.net/x.png"]
    assert links.fragments("https://docs.sim-a.net/guide") == {"install", "installer"}
    assert links.hosts == {"docs.sim-a.net", "img.sim-b.net"}
    assert links.excluded == {"https://www.example.com/", "http://localhost:8080/admin", "http://192.168.0.10/"}
    (where, problem), = links.invalid
    assert (where.line, where.column, problem) == (line + 6, 1, "'<your-store>' is not a host name")


def test_include_exclude_and_fragments_left_unchecked(tmp_path):
    links = _links(tmp_path, exclude=["/ref$"], include=["sim-a"], fragments_exclude=["guide#inst"])
    assert sorted(links.by_url) == ["https://docs.sim-a.net/guide", "https://docs.sim-a.net/page?a=1&b=2"]
    assert links.fragments("https://docs.sim-a.net/guide") == frozenset()


def test_addresses():
    assert split_fragment("HTTPS://Docs.Sim-A.net#Top") == ("https://docs.sim-a.net/", "Top")
    assert split_fragment("https://a.sim/p?q=1#caf%C3%A9") == ("https://a.sim/p?q=1", "café")
    assert split_fragment("https://a.sim/p#:~:text=hello") == ("https://a.sim/p", "")
    assert all(is_example(h) for h in ("example.com", "docs.example.org", "shop.test", "localhost", "127.0.0.1",
                                        "10.1.2.3", "[::1]", "my.localhost"))
    assert not any(is_example(h) for h in ("experienceleague.adobe.com", "github.com", "8.8.8.8"))
    remap = (("https://old.sim/", "http://127.0.0.1:9/old.sim/"),)
    assert remapped("https://old.sim/a", remap) == "http://127.0.0.1:9/old.sim/a"
    assert unmapped("http://127.0.0.1:9/old.sim/b", remap) == "https://old.sim/b"
    assert remapped("https://other.sim/a", remap) == "https://other.sim/a"
