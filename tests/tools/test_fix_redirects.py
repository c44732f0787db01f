"""``kb fix-redirects``: permanently redirected links rewritten from the last check, code and changed files left alone."""

from __future__ import annotations

import pytest
from helpers import article, external_project, write
from kbsite.tools.cli import main
from simulated_internet import Reply

EN = "articles/how-to/flush-the-cache.en.md"
FR = "articles/how-to/flush-the-cache.fr.md"
BODY = """[moved](https://docs.sim-a.net/old#install) and [temporary](https://docs.sim-a.net/temp).
<a href="https://docs.sim-a.net/old">HTML</a>, <https://docs.sim-a.net/old>, [ref][r].
Code stays: `[x](https://docs.sim-a.net/old)`

```
curl https://docs.sim-a.net/old
[y](https://docs.sim-a.net/old)
```

[r]: https://docs.sim-a.net/old
"""


@pytest.fixture
def project(tmp_path, internet, monkeypatch):
    internet.routes[("docs.sim-a.net", "/old")] = Reply(301, headers=(("Location", "https://new.sim-b.net/guide"),))
    internet.routes[("new.sim-b.net", "/guide")] = Reply(200, "<html><h2 id='install'>x</h2></html>")
    internet.routes[("docs.sim-a.net", "/temp")] = Reply(302, headers=(("Location", "/elsewhere"),))
    internet.routes[("docs.sim-a.net", "/elsewhere")] = Reply(200, "<html></html>")
    root = external_project(tmp_path / "p", internet, BODY, languages=("en", "fr"))
    write(root, FR, article(title="Vider le cache", body="# Vider le cache\n\nVoir [l'ancien](https://docs.sim-a.net/old).\n"))
    monkeypatch.chdir(root)
    return root


def _run(capsys, *arguments):
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


def test_rewrites_every_language_never_code(project, capsys):
    status, out, err = _run(capsys, "check", "--external")
    assert status == 0, out + err  # warnings only
    before = (project / EN).read_text()
    status, out, _ = _run(capsys, "fix-redirects", "--dry-run")
    assert status == 0 and (project / EN).read_text() == before
    assert out.splitlines() == [f"would rewrite 4 links in {EN}", f"would rewrite 1 link in {FR}",
                                "would rewrite 5 permanently redirected links in 2 files"]
    status, out, _ = _run(capsys, "fix-redirects")
    assert status == 0 and out.splitlines()[-1] == "rewrote 5 permanently redirected links in 2 files"
    text = (project / EN).read_text()
    assert "[moved](https://new.sim-b.net/guide#install)" in text  # the fragment kept
    assert '<a href="https://new.sim-b.net/guide">' in text and "<https://new.sim-b.net/guide>" in text
    assert "[r]: https://new.sim-b.net/guide" in text
    assert "[temporary](https://docs.sim-a.net/temp)" in text  # a temporary redirect is not a move
    assert "`[x](https://docs.sim-a.net/old)`" in text and "curl https://docs.sim-a.net/old" in text
    assert "[y](https://docs.sim-a.net/old)" in text
    assert "Voir [l'ancien](https://new.sim-b.net/guide)." in (project / FR).read_text()
    assert text.startswith("---\ntitle: Flush the cache\n")  # front matter as it was
    # the next check finds the new addresses known, and nothing moved; a second fix changes nothing
    status, out, err = _run(capsys, "check", "--external", "--format", "gcc")
    assert "KB412" not in out and "fetched" in err
    assert _run(capsys, "fix-redirects")[1].splitlines()[-1] == "rewrote 0 permanently redirected links in 0 files"


def test_a_file_changed_since_the_check_is_left_alone(project, capsys):
    _run(capsys, "check", "--external")
    changed = (project / FR).read_text() + "\nUne ligne de plus.\n"
    (project / FR).write_text(changed)
    status, out, err = _run(capsys, "fix-redirects")
    assert status == 1
    assert f"{FR} changed since the last kb check --external; check again to fix it" in err
    assert (project / FR).read_text() == changed
    assert "https://new.sim-b.net/guide" in (project / EN).read_text()


def test_without_a_check_there_is_nothing_to_go_by(project, capsys):
    status, _, err = _run(capsys, "fix-redirects")
    assert status == 1 and "run kb check --external first" in err
