"""Related articles: up to five at the end of each article, for readers of one language, made at build time.

Two articles are related by what they say and by what they are about:

* **their text**, each article a vector of its words weighted by BM25 (Okapi's saturation of a word's count
  and the rarity of the word in the language's articles), its title counted three times; the code, link
  addresses and the hand-written "Related reading" section are left out. Words are what a reader's language
  spaces apart; in scripts written without spaces (Chinese, Japanese, Thai) each two characters in a row are
  a word, as search engines index them without a dictionary. An article is compared with the others by its
  :attr:`Weights.terms` heaviest words (Lucene's "more like this"), each other article by its own
  :attr:`Weights.kept` heaviest: the cosine of the two, cut so, costs a few postings per word;
* **what writers chose**: an article is offered where the hand-written "Related reading" sections of the
  articles most similar to this one link to it (the share of them that do, weighted by their similarity);
* **shared metadata**: ``feature`` values, and for two patch articles, their patches' categories and
  components in the QPT metadata (each the share of the two sets they have in common), and the folder.
  These order the articles the first two found; they find none of their own (an article sharing a feature
  with hundreds is no lead). ``role`` is not used: two values (Admin, Developer) tell nothing apart.

The weights were tuned on the hand-written "Related reading" lists of the real knowledge base
(``bench/related_articles.py`` prints precision@5 and recall@5 before and after). The links an article's
own "Related reading" section already gives are not repeated, nor the article itself, nor hidden articles.
The same sources give the same lists: ties are broken by key.

:func:`related_articles` is a pure function of the loaded knowledge base and one language: the build calls
it once per language (:class:`RelatedArticles`), and what a page shows depends on other articles' text.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..core.knowledge_base import Document, KnowledgeBase
from ..core.linking import resolve
from ..core.outline import heading_text, prose_lines
from ..core.strings import LanguageFiles
from ..core.text import comparable, exl_text
from ..qpt.articles import PatchIndex
from .fragments import Fragments
from .front_matter_text import FrontMatterText
from .word_breaks import UNSPACED_LETTERS

LIMIT = 5  # related articles shown at most
COMMON_FLOOR = 50  # a word on this many articles is always asked for (a small knowledge base has few of each)


@dataclass(frozen=True)
class Weights:
    """How much each signal counts (tuned on the real knowledge base: bench/related_articles.py)."""

    title: int = 3  # the title's words count this many times
    terms: int = 25  # an article is compared by its heaviest words ...
    kept: int = 60  # ... with each other article's heaviest words
    features: float = 0.10  # the share of feature values the two have in common
    patch: float = 0.10  # the share of QPT categories and components, for two patch articles
    folder: float = 0.0  # both in the same folder
    cited: float = 1.0  # the share of the most similar articles whose "Related reading" links to it ...
    neighbours: int = 20  # ... of this many
    common: float = 0.05  # a word on more than this share of the articles (and COMMON_FLOOR) is not asked for
    minimum: float = 0.05  # a score below this relates nothing


WEIGHTS = Weights()


@dataclass
class RelatedArticles:
    """The related articles of a knowledge base, each language's worked out when first asked for."""

    kb: KnowledgeBase
    patches: PatchIndex
    headings: tuple[str, ...]  # how hand-written "Related reading" sections begin, in every language
    weights: Weights = WEIGHTS
    limit: int = LIMIT  # 0: none
    _by_language: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)

    def of(self, document: Document, lang: str) -> tuple[Document, ...]:
        """What a reader of ``lang`` is offered after ``document`` (an article shown in that language)."""
        if self.limit <= 0:
            return ()
        if lang not in self._by_language:
            self._by_language[lang] = related_articles(self.kb, self.patches, lang, self.headings, self.weights,
                                                       self.limit)
        keys = self._by_language[lang].get(document.key, ())
        return tuple(found for key in keys if (found := self.kb.document(key, lang)) is not None)


def related_articles(kb: KnowledgeBase, patches: PatchIndex, lang: str, headings: tuple[str, ...],
                     weights: Weights = WEIGHTS, limit: int = LIMIT, hand_written: bool = True,
                     ) -> dict[str, tuple[str, ...]]:
    """Article key -> the keys of up to ``limit`` related articles, best first, for readers of ``lang``.

    ``hand_written=False`` keeps the links of the "Related reading" sections in (to measure against them).
    """
    shown = shown_articles(kb, lang)
    read = {key: read_article(document, headings) for key, document in shown.items()}
    cited = {key: linked_keys(kb, shown[key], text.related_links) - {key} for key, text in read.items()}
    vectors = _vectors({key: words(text, weights.title) for key, text in read.items()}, weights.kept)
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for key, vector in vectors.items():
        for term, weight in vector.items():
            postings[term].append((key, weight))
    # Words on more articles than this tell little, and a word's articles are what asking it costs.
    common = max(COMMON_FLOOR, int(weights.common * len(shown)))
    facts = {key: _facts(document, patches) for key, document in shown.items()}
    related = {}
    for key in shown:
        similar = _similar(key, vectors[key], postings, common, weights.terms)
        scores = _scored(similar, _cited_by(similar, cited, weights.neighbours), facts, key, weights)
        excluded = {key, *(cited[key] if hand_written else ())}
        ranked = heapq.nsmallest(limit, ((-score, other) for other, score in scores.items() if other not in excluded))
        related[key] = tuple(other for negative, other in ranked if -negative >= weights.minimum)
    return related


def _similar(key: str, vector: dict[str, float], postings, common: int, terms: int) -> dict[str, float]:
    """Other article -> the cosine of its words and ``key``'s heaviest ``terms`` (those on at most ``common``
    articles)."""
    similar: dict[str, float] = defaultdict(float)
    asked = (item for item in vector.items() if len(postings[item[0]]) <= common)
    for term, weight in itertools.islice(asked, terms):
        for other, other_weight in postings[term]:
            similar[other] += weight * other_weight
    similar.pop(key, None)
    return similar


def _cited_by(similar: dict[str, float], cited: dict[str, set[str]], neighbours: int) -> dict[str, float]:
    """Article -> the share of the ``neighbours`` most similar articles (weighted by their similarity) whose
    hand-written "Related reading" links to it: what writers chose for articles like this one."""
    nearest = heapq.nlargest(neighbours, similar.items(), key=lambda item: (item[1], item[0]))
    total = sum(score for _, score in nearest) or 1.0
    shares: dict[str, float] = defaultdict(float)
    for other, score in nearest:
        for target in cited[other]:
            shares[target] += score / total
    return shares


def _scored(similar: dict[str, float], cited: dict[str, float], facts: dict[str, _Facts], key: str,
            weights: Weights) -> dict[str, float]:
    mine = facts[key]
    scores = {}
    for other in similar.keys() | cited.keys():
        theirs = facts.get(other)
        if theirs is None:  # a hidden article, or one this language does not show
            continue
        scores[other] = (similar.get(other, 0.0) + weights.cited * cited.get(other, 0.0)
                         + weights.features * _shared(mine.features, theirs.features)
                         + weights.patch * _shared(mine.patch, theirs.patch)
                         + weights.folder * (mine.folder == theirs.folder))
    return scores


def shown_articles(kb: KnowledgeBase, lang: str) -> dict[str, Document]:
    """Key -> the article a reader of ``lang`` gets (theirs, else the default language's), hidden ones left out."""
    shown = {}
    for key in sorted(kb.by_key):
        document = kb.document(key, lang)
        if document is not None and document.is_article and not document.hidden:
            shown[key] = document
    return shown


@dataclass(frozen=True)
class _Facts:
    folder: str
    features: frozenset[str]
    patch: frozenset[str]  # QPT categories and components ("" -free), for a patch article


def _facts(document: Document, patches: PatchIndex) -> _Facts:
    reference = patches.reference(document)
    patch = patches.metadata.patches.get(reference.id) if reference else None
    topics = frozenset((*patch.categories, *patch.components)) if patch else frozenset()
    return _Facts(document.key.rpartition("/")[0], frozenset(document.features), topics)


def _shared(one: frozenset, other: frozenset) -> float:
    """The share of the two sets they have in common (Jaccard), 0 when either is empty."""
    return len(one & other) / len(one | other) if one and other else 0.0


# -- text -------------------------------------------------------------------------------------------------

_NOT_WORDS = re.compile(r"\]\([^)]*\)|<[^>]+>|https?://\S+|\{#[^}]*\}")  # link addresses, tags, heading ids
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_WORD = re.compile(f"[{UNSPACED_LETTERS}]+|[^\\W_{UNSPACED_LETTERS}]{{2,}}")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$")


@dataclass(frozen=True)
class ArticleText:
    """What an article says, as compared (its title, description and prose), and the links its
    hand-written "Related reading" section gives."""

    title: str
    description: str
    prose: str
    related_links: tuple[str, ...]


def read_article(document: Document, headings: tuple[str, ...]) -> ArticleText:
    """The prose of ``document`` without its code, link addresses and "Related reading" section, whose
    link targets are kept apart."""
    prose, links, related_level = [], [], 0
    for line in prose_lines(document.source.body):
        if line is None:
            continue
        heading = _HEADING.match(line) if line.lstrip(" ")[:1] == "#" else None
        if heading and (not related_level or len(heading.group(1)) <= related_level):
            related_level = len(heading.group(1)) if is_related_heading(heading.group(2), headings) else 0
        if related_level:
            links.extend(_LINK_TARGET.findall(line))
        else:
            prose.append(_NOT_WORDS.sub(" ", line))
    return ArticleText(exl_text(document.text("title")), exl_text(document.text("description")),
                       exl_text("\n".join(prose)), tuple(links))


def is_related_heading(text: str, headings: tuple[str, ...]) -> bool:
    """Whether a heading opens a hand-written "Related reading" section (it starts with one of ``headings``,
    compared as :func:`~kbsite.core.text.comparable` text)."""
    seen = comparable(heading_text(text))
    return any(seen.startswith(heading) for heading in headings)


def words(text: ArticleText, title_weight: int) -> Counter:
    """The words of the title (``title_weight`` times), the description and the prose."""
    counted = Counter(tokens(text.prose))
    counted.update(tokens(text.description))
    for _ in range(title_weight):
        counted.update(tokens(text.title))
    return counted


def tokens(text: str) -> list[str]:
    """Words as a reader's language spaces them; in a run of characters written without spaces, each two."""
    found = []
    for word in _WORD.findall(text.casefold()):
        if _UNSPACED.match(word):
            found.extend(word[index:index + 2] for index in range(max(1, len(word) - 1)))
        else:
            found.append(word)
    return found


_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")


def _vectors(counts: dict[str, Counter], kept: int, k1: float = 1.2, b: float = 0.75) -> dict[str, dict[str, float]]:
    """Each article's ``kept`` heaviest words, weighted by BM25 and scaled to length 1, heaviest first."""
    documents = len(counts) or 1
    frequency = Counter(term for counted in counts.values() for term in counted)
    rarity = {term: math.log(1 + (documents - found + 0.5) / (found + 0.5)) for term, found in frequency.items()}
    average = sum(sum(counted.values()) for counted in counts.values()) / documents or 1.0
    vectors = {}
    for key, counted in counts.items():
        norm = k1 * (1 - b + b * sum(counted.values()) / average)
        weights = {term: rarity[term] * count * (k1 + 1) / (count + norm) for term, count in counted.items()}
        heaviest = heapq.nsmallest(kept, weights.items(), key=lambda item: (-item[1], item[0]))
        size = math.sqrt(sum(weight * weight for _, weight in heaviest)) or 1.0
        vectors[key] = {term: weight / size for term, weight in heaviest}
    return vectors


def linked_keys(kb: KnowledgeBase, document: Document, targets: tuple[str, ...]) -> set[str]:
    """The keys of the articles ``targets`` (links written in ``document``) lead to."""
    linked = set()
    for target in targets:
        resolved = resolve(kb, document, target)
        if resolved.kind == "page" and resolved.document is not None:
            linked.add(resolved.document.key)
    return linked


def related_headings(languages: LanguageFiles) -> tuple[str, ...]:
    """How every language we know heads a hand-written "Related reading" section (``related_reading``);
    ``languages``: the project's language files."""
    return tuple(comparable(heading) for heading in languages.in_every_language("related_reading"))


def related_html(fragments: Fragments, text: FrontMatterText, related: tuple[Document, ...], lang: str, href) -> str:
    """The list of ``related`` articles at the end of an article, for a reader of ``lang`` ('' when none)."""
    if not related:
        return ""
    items = [{"title": text.title(document), "href": href(text.urls.page(document.key, lang)),
              "lang": document.lang if document.lang != lang else None} for document in related]
    return fragments.render("related_articles.html", title=fragments.strings(lang)["related_articles"]["title"],
                            items=items, lang=lang)
