"""Small Experience League repositories for the import tests."""

from __future__ import annotations

from pathlib import Path

from helpers import write

TOC = {
    "en": """---
user-guide-title: KB
---
# KB {#kb}

* [Home](/help/overview.md)
* How-to {#how-to}
  * [Flush the cache](/help/how-to/general/flush.md)
  * [Old article](/help/how-to/general/old.md)
* Patches {#patches}
  * v1.1.4 {#v1-1-4}
    * [MDVA-40399: Invoices](/help/patches/v1-1-4/mdva-40399-invoices.md)
""",
    "fr": """# KB {#kb}

* [Accueil](/help/overview.md)
* Guides {#how-to}
  * [Vider le cache](/help/how-to/general/flush.md)
  * [Ancien article](/help/how-to/general/old.md)
* Correctifs {#patches}
  * v1.1.4 {#v1-1-4}
    * [MDVA-40399 : factures](/help/patches/v1-1-4/mdva-40399-invoices.md)
""",
}


def article(title: str, body: str, extra: str = "") -> str:
    return (f"---\ntitle: '{title}'\ndescription: About {title}.\nexl-id: 8f1c2b7e-5d4a-4c3b-9e2f-1a0b9c8d7e6f\n"
            f"feature: Cache\nrole: Admin\n{extra}---\n\n# {title}\n\n{body}\n")


def make_exl(root: Path, lang: str, screenshot: bytes = b"\x89PNG same") -> Path:
    repo = root / lang
    write(repo, "help/TOC.md", TOC[lang])
    write(repo, "help/overview.md", article("Home", "See [flush](/help/how-to/general/flush.md#steps) and "
                                                   "![cover](../help/assets/cover.png)."))
    write(repo, "help/how-to/general/flush.md", article(
        "Flush", "## Steps {#steps}\n\nClick **[!UICONTROL Flush]**. Read [the patch](/help/patches/v1-1-4/mdva-40399-invoices.md) "
        "and [docs](/docs/commerce-operations/overview.html).\n\n```\nsee /help/not/rewritten.md\n```\n"
        "![shot](/help/how-to/general/assets/shot.png)"))
    write(repo, "help/how-to/general/old.md", article("Old", "Hidden.", extra="hide: yes\nhidefromtoc: yes\n"))
    write(repo, "help/patches/v1-1-4/mdva-40399-invoices.md", article("MDVA-40399: Invoices", ">[!NOTE]\n>\n>[!DNL QPT] note."))
    write(repo, "help/assets/cover.png", b"\x89PNG cover")
    write(repo, "help/how-to/general/assets/shot.png", screenshot)
    write(repo, "help/TOC.md", TOC[lang])
    write(repo, "help/toc-backup.md", "# not an article\n")
    if lang == "en":
        write(repo, "redirects.csv", "source,dest\n"
              "https://experienceleague.adobe.com/docs/commerce-knowledge-base/kb/how-to/flush-cache.html,"
              "https://experienceleague.adobe.com/docs/commerce-knowledge-base/kb/how-to/general/flush.html\n"
              "https://experienceleague.adobe.com/docs/commerce-knowledge-base/kb/how-to/10\\.0-moved.html,"
              "https://experienceleague.adobe.com/docs/commerce-operations/elsewhere.html\n")
    return repo
