"""Synthetic knowledge bases of any size, for scaling measurements.

``make_corpus(folder, count)`` writes ``count`` articles in English and
French: areas of 10 sections of 40 articles (like the real knowledge base's
troubleshooting/<topic>/ folders), a third of them QPT patch articles naming
real patch ids of the bundled metadata, with the EXL syntax, headings,
tables, code and links between articles of the real knowledge base.
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from kbsite.qpt.metadata import bundled_directory, load_metadata

PER_SECTION = 40
SECTIONS_PER_AREA = 10
WORDS = ("cache index order invoice product catalog customer cart checkout payment shipping tax price "
         "module cron queue search indexer patch release store admin configuration").split()
MOTS = ("cache index commande facture produit catalogue client panier paiement livraison taxe prix "
        "module tâche file recherche indexeur correctif version boutique administration configuration").split()


def make_corpus(folder: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    patches = sorted(load_metadata(bundled_directory(), "qpt").patches.values(), key=lambda p: p.id)
    for number in range(count):
        section_number = number // PER_SECTION
        section = f"area-{section_number // SECTIONS_PER_AREA:03d}/section-{section_number:04d}"
        slug = f"article-{number:05d}"
        patch = patches[number % len(patches)] if number % 3 == 0 else None
        exl_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        target = rng.randrange(count)
        target_section = target // PER_SECTION
        neighbour = (f"../../area-{target_section // SECTIONS_PER_AREA:03d}/section-{target_section:04d}/"
                     f"article-{target:05d}.md")
        for lang in ("en", "fr"):
            path = folder / section / f"{slug}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_article(rng, lang, number, patch, exl_id, neighbour), "utf-8")


def _sentence(rng: random.Random, words) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."


def _article(rng, lang, number, patch, exl_id, neighbour) -> str:
    words = WORDS if lang == "en" else MOTS
    if patch:
        separator = ":" if lang == "en" else " :"
        title = f"{patch.id}{separator} {_sentence(rng, words)[:60].rstrip('.')}"
        headings = (["Affected products and versions", "Issue", "Apply the patch", "Related reading"] if lang == "en"
                    else ["Produits et versions concernés", "Problème", "Appliquer le correctif", "Lecture connexe"])
    else:
        title = f"{'Article' if lang == 'en' else 'Article'} {number}: {_sentence(rng, words)[:50].rstrip('.')}"
        headings = ["Description", "Cause", "Solution", "Related reading" if lang == "en" else "Lecture connexe"]
    front = [f"title: '{title}'", f"description: {_sentence(rng, words)}", f"exl-id: {exl_id}",
             "feature: Cache, Orders", "role: Admin"]
    if lang == "fr":
        front += ["workflow-type: tm+mt", "source-wordcount: 300", "ht-degree: 0%"]
    body = [f"# {title}", "", _sentence(rng, words) + " " + _sentence(rng, words)]
    for index, heading in enumerate(headings):
        body += ["", f"## {heading}", ""]
        body += [_sentence(rng, words) for _ in range(rng.randint(2, 5))]
        if index == 0:
            body += ["", ">[!NOTE]", ">", f">{_sentence(rng, words)} [!DNL Quality Patches Tool]."]
        if index == 1:
            body += ["", "```bash", "bin/magento cache:clean", "```", "", "| A | B |", "| --- | --- |", "| 1 | 2 |"]
        if index == 3:
            body += ["", f"* [{_sentence(rng, words)[:30]}]({neighbour})"]
    return "---\n" + "\n".join(front) + "\n---\n\n" + "\n".join(body) + "\n"
