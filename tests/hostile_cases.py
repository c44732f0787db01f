"""The hostile corpus: broken, hostile or oversized input, each with the diagnostic it must produce.

Every case is a few files below ``articles/hostile/<case>/`` (or a change to
the QPT metadata) and the diagnostics it must produce: (rule code, file,
line), the line None when the finding concerns the whole file. Payloads that
could run in a browser carry the marker ``KBX`` so that the built site can be
searched for any that survived.
"""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from helpers import copy_sample, set_plugin_option

MARKER = "KBX"
SCRIPT = f'<script>alert("{MARKER}")</script>'


@dataclass(frozen=True)
class Symlink:
    target: str


@dataclass
class Case:
    name: str
    files: dict[str, str | bytes | Symlink]
    expect: list[tuple[str, str, int | None]]
    metadata: callable = None  # changes to patches-info.json's data

    @property
    def folder(self) -> str:
        return f"articles/hostile/{self.name}"


def uid(name: str, salt: str = "") -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name + salt))


def front(name: str, title: str = "Hostile case", extra: str = "", description: str = "A test.", exl: str | None = None) -> str:
    return (f"---\ntitle: {title}\ndescription: {description}\nexl-id: {exl or uid(name)}\nfeature: Cache\n"
            f"role: Admin\n{extra}---\n")


def page(name: str, body: str = "Text.\n", title: str = "Hostile case", **kwargs) -> str:
    """A valid article (lines 1-7 front matter, 8 blank, 9 the title); ``body`` starts on line 11."""
    heading = title.strip("'\"")
    return front(name, title=title, **kwargs) + f"\n# {heading}\n\n{body}"


CASES: list[Case] = []


def case(name: str, en: str | bytes | Symlink, expect: list, fr: str | bytes | None = "same", **files) -> None:
    """A case whose English file is ``en``; the French file mirrors a valid article unless given."""
    folder = f"articles/hostile/{name}"
    content = {f"{folder}/a.en.md": en}
    if fr == "same":
        fr = page(name)
    if fr is not None:
        content[f"{folder}/a.fr.md"] = fr
    content.update({f"{folder}/{path}": value for path, value in files.items()})
    CASES.append(Case(name, content, [(code, f"{folder}/{path}", line) for code, path, line in expect]))


E = "a.en.md"

# -- the file and its front matter ------------------------------------------------
case("yaml-syntax", f"---\ntitle: Flush: now: please\nexl-id: {uid('y')}\n---\n\n# T\n", [("KB104", E, 2)])
case("yaml-unclosed-quote", '---\ntitle: "Flush\ndescription: x\n---\n\n# T\n', [("KB104", E, None)])
case("yaml-unclosed-bracket", "---\ntitle: [Flush\n---\n\n# T\n", [("KB104", E, 2)])
case("yaml-tab", "---\ntitle: Flush\n\tdescription: x\n---\n\n# T\n", [("KB105", E, 3)])
case("duplicate-key", front("duplicate-key", extra="title: Second\n") + "\n# Hostile case\n", [("KB107", E, 7)])
case("byte-order-mark", b"\xef\xbb\xbf" + page("byte-order-mark").encode(), [("KB108", E, 1)])
case("crlf", page("crlf").replace("\n", "\r\n").encode(), [("KB109", E, 1)])
case("non-utf8", page("non-utf8", body="Caf\xe9 cr\xe8me.\n").encode("latin-1"), [("KB100", E, 11)])
case("empty-file", "", [("KB102", E, None)])
case("whitespace-only", "  \n\n\t\n", [("KB102", E, None)])
case("front-matter-only", front("front-matter-only"), [("KB201", E, None)])
case("no-front-matter", "# Just a heading\n\nText.\n", [("KB101", E, 1)])
case("unclosed-front-matter", "---\ntitle: Open\n\n# Heading\n", [("KB103", E, 1)])
case("front-matter-list", "---\n- a\n- b\n---\n\n# T\n", [("KB106", E, 2)])
case("front-matter-scalar", "---\njust words\n---\n\n# T\n", [("KB106", E, 2)])
case("non-text-key", "---\n123: x\ntitle: T\n---\n\n# T\n", [("KB106", E, 2)])
case("title-list", page("title-list", title="[one, two]"), [("KB111", E, 2)])
case("title-number", page("title-number", title="2024"), [("KB111", E, 2)])
case("title-null", page("title-null", title=""), [("KB111", E, 2)])
case("title-boolean", page("title-boolean", title="yes"), [("KB111", E, 2)])
case("description-empty", page("description-empty", description="''"), [("KB112", E, 3)])
case("missing-title", front("missing-title").replace("title: Hostile case\n", "") + "\n# T\n", [("KB110", E, 1)])
case("exl-id-invalid", page("exl-id-invalid", exl="not-a-uuid"), [("KB112", E, 4)])
case("exl-id-number", page("exl-id-number", exl="42"), [("KB111", E, 4)])
case("unknown-key", page("unknown-key", extra="colour: blue\n"), [("KB113", E, 7)])
case("feature-list", page("feature-list").replace("feature: Cache", "feature: [Cache, Orders]"), [("KB111", E, 5)])
case("feature-unknown", page("feature-unknown").replace("feature: Cache", "feature: Cache, Teleportation"), [("KB114", E, 5)])
case("feature-script", page("feature-script").replace("feature: Cache", f"feature: '{SCRIPT}'"), [("KB114", E, 5)])
case("role-unknown", page("role-unknown").replace("role: Admin", "role: Wizard"), [("KB115", E, 6)])
case("wordcount-invalid", page("wordcount-invalid"), [("KB112", "a.fr.md", 7)],
     fr=page("wordcount-invalid", extra="source-wordcount: many\n"))
case("ht-degree-invalid", page("ht-degree-invalid"), [("KB112", "a.fr.md", 7)],
     fr=page("ht-degree-invalid", extra="ht-degree: lots\n"))
case("yaml-deep-nesting", "---\ntitle: " + "[" * 10000 + "]" * 10000 + "\n---\n\n# T\n", [("KB104", E, None)])

# -- article sets ---------------------------------------------------------------------
case("duplicate-exl-id", page("duplicate-exl-id", exl=uid("duplicate-exl-id-shared")), [("KB116", "b.en.md", 4)],
     fr=page("duplicate-exl-id", exl=uid("duplicate-exl-id-shared")),
     **{"b.en.md": page("duplicate-exl-id", exl=uid("duplicate-exl-id-shared")),
        "b.fr.md": page("duplicate-exl-id", exl=uid("duplicate-exl-id-shared"))})
case("case-only-slugs", page("case-only-slugs"), [("KB204", "a.en.md", None)],
     **{"A.en.md": page("case-only-slugs", exl=uid("case-only-slugs", "A")),
        "A.fr.md": page("case-only-slugs", exl=uid("case-only-slugs", "A"))})
case("unknown-language", page("unknown-language"), [("KB304", "a.nl.md", None)], **{"a.nl.md": page("unknown-language")})
case("no-language-suffix", page("no-language-suffix"), [("KB304", "notes.md", None)],
     **{"notes.md": page("no-language-suffix")})
case("translation-without-source", page("translation-without-source"), [("KB302", "b.fr.md", None)],
     **{"b.fr.md": page("translation-without-source", exl=uid("translation-without-source", "b"))})
case("exl-id-mismatch", page("exl-id-mismatch"), [("KB303", "a.fr.md", 4)],
     fr=page("exl-id-mismatch", exl=uid("exl-id-mismatch", "other")))
case("symlink-outside", page("symlink-outside"), [("KB410", "passwd.en.md", None)],
     **{"passwd.en.md": Symlink("/etc/passwd")})
case("symlinked-folder", page("symlinked-folder"), [("KB410", "elsewhere", None)], **{"elsewhere": Symlink("/etc")})

# -- links and addresses ---------------------------------------------------------------
case("link-escapes-project", page("link-escapes-project", body="[p](../../../../etc/passwd)\n"), [("KB404", E, 11)])
case("javascript-link", page("javascript-link", body=f'[click](javascript:alert("{MARKER}"))\n'), [("KB405", E, 11)])
case("javascript-link-uppercase", page("javascript-link-uppercase", body=f"[c](JaVaScRiPt:alert('{MARKER}'))\n"),
     [("KB405", E, 11)])
case("data-image", page("data-image", body="![i](data:text/html;base64,PHNjcmlwdD4=)\n"), [("KB405", E, 11)])
case("vbscript-html-link", page("vbscript-html-link", body=f'<a href="vbscript:msgbox({MARKER})">x</a>\n'),
     [("KB405", E, 11)])
case("broken-link", page("broken-link", body="[gone](../nowhere.md)\n"), [("KB401", E, 11)])
case("broken-anchor", page("broken-anchor", body="[self](#nowhere)\n"), [("KB402", E, 11)])
case("missing-image", page("missing-image", body="![x](missing.png)\n"), [("KB403", E, 11)])

# -- HTML in bodies and front matter -----------------------------------------------------
case("script-block", page("script-block", body=f"{SCRIPT}\n\nAfter.\n"), [("KB407", E, 11)])
case("script-inline", page("script-inline", body=f"Before {SCRIPT} after.\n"), [("KB407", E, 11)])
case("iframe", page("iframe", body='<iframe src="https://evil.example/"></iframe>\n'), [("KB407", E, 11)])
case("style-block", page("style-block", body="<style>body { display: none }</style>\n"), [("KB407", E, 11)])
case("svg-script", page("svg-script", body=f"<svg><script>alert('{MARKER}')</script></svg>\n"), [("KB407", E, 11)])
case("event-handler", page("event-handler", body=f"<img src=x onerror=\"alert('{MARKER}')\">\n"), [("KB406", E, 11)])
case("event-handler-table", page("event-handler-table",
     body=f"<table><tr><td onmouseover=\"alert('{MARKER}')\">cell</td></tr></table>\n"), [("KB406", E, 11)])
case("unknown-tag", page("unknown-tag", body="Replace <project_id> with your project.\n"), [("KB409", E, 11)])
case("title-script", page("title-script", title=f"'Hostile {SCRIPT} title'"), [("KB117", E, 2)])
case("description-breakout", page("description-breakout",
     description=f"'\"><img src=x onerror=alert(\"{MARKER}\")>'"), [("KB117", E, 3)])
case("section-title-script", page("section-title-script"), [("KB117", "_section.yml", 1)],
     **{"_section.yml": f"title: {{en: '{SCRIPT}', fr: '{SCRIPT}'}}\n"})
case("section-file-broken", page("section-file-broken"), [("KB205", "_section.yml", 1)],
     **{"_section.yml": "title: [broken\n"})

# -- size and nesting -----------------------------------------------------------------------
case("five-megabytes", page("five-megabytes", body=("Lorem ipsum dolor sit amet. " * 36 + "\n\n") * 5000),
     [("KB209", E, None)])
case("deep-quotes", page("deep-quotes", body=">" * 5000 + " deep\n"), [("KB210", E, 11)])
case("deep-lists", page("deep-lists", body="".join("    " * i + "- item\n" for i in range(300))), [("KB210", E, None)])

# -- patches ----------------------------------------------------------------------------------
case("patch-id-10000", page("patch-id-10000", extra="patch: " + "A" * 10000 + "-1\n"), [("KB112", E, 7)])
case("title-10000", page("title-10000", title="'MDVA-" + "4" * 10000 + ": long'"), [("KB112", E, 2)])
case("unknown-patch", page("unknown-patch", title="'BB2B-2598: Caching'"), [("KB510", E, 2)])


CASES.append(Case("redirect-script", {"articles/_redirects.yml": "hostile/old-page: 'javascript://%0Aalert(1)'\n"},
                  [("KB206", "articles/_redirects.yml", None)]))


def _metadata_case(name: str, change, expect: list) -> None:
    CASES.append(Case(name, {}, [(code, "qpt/patches-info.json", line) for code, line in expect], metadata=change))


def _set(index: int, key: str, value):
    return lambda data: data["patches"][index].__setitem__(key, value)


def _drop(index: int, key: str):
    return lambda data: data["patches"][index].pop(key)


def _describe(patch_id: str, text: str):
    def change(data):
        next(p for p in data["patches"] if p["id"] == patch_id)["description"] = text
    return change


_metadata_case("metadata-wrong-type", _set(3, "releases", "2.4.8"), [("KB502", 1)])
_metadata_case("metadata-missing-key", _drop(4, "categories"), [("KB502", 1)])
_metadata_case("metadata-script-in-description",
               _describe("MDVA-40399", f'Fixes "invoices" </script>{SCRIPT} \'quoted\''), [("KB505", None)])


def write_project(root: Path, qpt_source: Path) -> Path:
    """The sample project plus every case, with the QPT metadata changed as the cases say."""
    project = copy_sample(root / "hostile")
    for item in CASES:
        for relative, content in item.files.items():
            path = project / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Symlink):
                path.symlink_to(content.target)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, "utf-8")
    qpt = project / "qpt"
    shutil.copytree(qpt_source, qpt)
    data = json.loads((qpt / "patches-info.json").read_text("utf-8"))
    for item in CASES:
        if item.metadata:
            item.metadata(data)
    (qpt / "patches-info.json").write_text(json.dumps(data), "utf-8")
    set_plugin_option(project, "qpt_dir", "qpt")
    return project
