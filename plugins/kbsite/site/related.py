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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from ..core.forked_work import Forked
from ..core.knowledge_base import Document, KnowledgeBase
from ..core.linking import resolve
from ..core.outline import heading_text, prose_text
from ..core.strings import LanguageFiles
from ..core.text import comparable, exl_text, short_digest
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
    texts: dict = field(default_factory=dict, repr=False)  # what related_articles read, kept for the next build
    # language -> {what its lists were made from (lists_made_of): the lists}, kept for the next build
    lists: dict[str, dict[str, dict]] = field(default_factory=dict, repr=False)
    # Called with a language before its lists are looked up in ``lists``, and before they are worked out from the
    # articles' ``texts``: the build environment adds what the last process kept (a file read only when needed).
    take_lists: Callable[[str], None] = field(default=lambda lang: None, repr=False)
    take_texts: Callable[[str], None] = field(default=lambda lang: None, repr=False)
    _by_language: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    _ahead: dict[str, tuple[str, Forked]] = field(default_factory=dict, repr=False)  # language -> (made of, copy)

    def of(self, document: Document, lang: str) -> tuple[Document, ...]:
        """What a reader of ``lang`` is offered after ``document`` (an article shown in that language)."""
        if self.limit <= 0:
            return ()
        if lang not in self._by_language:
            self._by_language[lang] = self._lists(lang)
        keys = self._by_language[lang].get(document.key, ())
        return tuple(found for key in keys if (found := self.kb.document(key, lang)) is not None)

    def work_out_ahead(self, lang: str) -> None:
        """Start working ``lang``'s lists out in a forked copy of this process (:mod:`~kbsite.core.forked_work`), for
        :meth:`of` to take, unless ``lists`` has them: a build goes on with its checks and its files meanwhile,
        on another core."""
        if self.limit <= 0 or lang in self._ahead or lang in self._by_language:
            return
        made_of = self._made_of(lang)
        if self._kept_lists(lang, made_of) is not None:
            return
        self.take_texts(lang)  # here, not in the copy: this process keeps what it took for the next one

        def work() -> tuple[dict, dict]:
            """The lists, and what was read of the articles that ``texts`` did not have."""
            known = set(self.texts)
            lists = self._work_out(lang)
            return lists, {key: value for key, value in self.texts.items() if key not in known}

        self._ahead[lang] = (made_of, Forked(work))

    def close(self) -> None:
        """Stop the copies whose lists were not asked for (the language's pages were all kept)."""
        for _, copy in self._ahead.values():
            copy.close()
        self._ahead.clear()

    def _lists(self, lang: str) -> dict[str, tuple[str, ...]]:
        """The lists of ``lang``'s articles: those of ``lists`` when they were made from what they would be made
        of now (a title edited in one language leaves the others' lists as they are), else worked out (ahead,
        when :meth:`work_out_ahead` started it from what they are made of now)."""
        made_of = self._made_of(lang)
        found = self._kept_lists(lang, made_of)
        if found is None:
            made_of_ahead, copy = self._ahead.pop(lang, (None, None))
            if made_of_ahead == made_of:
                found, texts = copy.result()
                self.texts.update(texts)
            else:
                if copy is not None:
                    copy.close()
                found = self._work_out(lang)
            self.lists[lang] = {made_of: found}
        return found

    def _made_of(self, lang: str) -> str:
        self.take_lists(lang)
        return lists_made_of(self.kb, self.patches, lang, self.headings, self.weights, self.limit)

    def _kept_lists(self, lang: str, made_of: str) -> dict[str, tuple[str, ...]] | None:
        return self.lists.get(lang, {}).get(made_of)

    def _work_out(self, lang: str) -> dict[str, tuple[str, ...]]:
        self.take_texts(lang)
        return related_articles(self.kb, self.patches, lang, self.headings, self.weights, self.limit, texts=self.texts)

    def texts_of(self, lang: str) -> dict:
        """What was read of the articles a reader of ``lang`` is offered (``texts``' entries), once :meth:`of`
        asked for the language: for the next build to take instead of reading them again."""
        found = (_text_key(d, self.headings, self.weights.title) for d in shown_articles(self.kb, lang).values())
        return {key: self.texts[key] for key in found if key in self.texts}


def related_articles(kb: KnowledgeBase, patches: PatchIndex, lang: str, headings: tuple[str, ...],
                     weights: Weights = WEIGHTS, limit: int = LIMIT, hand_written: bool = True,
                     texts: dict | None = None) -> dict[str, tuple[str, ...]]:
    """Article key -> the keys of up to ``limit`` related articles, best first, for readers of ``lang``.

    ``hand_written=False`` keeps the links of the "Related reading" sections in (to measure against them).
    ``texts``: each article's text and words as read before (by its digest), given those read now: ``mkdocs
    serve`` reads again only the articles that changed.
    """
    shown = shown_articles(kb, lang)
    texts = {} if texts is None else texts
    read = {key: _read(document, headings, weights.title, texts) for key, document in shown.items()}
    cited = {key: linked_keys(kb, shown[key], text.related_links) - {key} for key, (text, _) in read.items()}
    vectors = _vectors({key: counted for key, (_, counted) in read.items()}, weights.kept)
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for key, vector in vectors.items():
        for term, weight in vector.items():
            postings[term].append((key, weight))
    # Words on more articles than this tell little, and a word's articles are what asking it costs.
    common = max(COMMON_FLOOR, int(weights.common * len(shown)))
    metadata = _Metadata({key: _facts(document, patches) for key, document in shown.items()}, weights)
    related = {}
    for key in shown:
        similar = _similar(key, vectors[key], postings, common, weights.terms)
        scores = _by_text(similar, _cited_by(similar, cited, weights.neighbours), shown, weights.cited)
        for excluded in (key, *(cited[key] if hand_written else ())):
            scores.pop(excluded, None)
        metadata.add(scores, key)
        related[key] = _best(scores, limit, weights.minimum)
    return related


def lists_made_of(kb: KnowledgeBase, patches: PatchIndex, lang: str, headings: tuple[str, ...], weights: Weights,
                  limit: int) -> str:
    """What :func:`related_articles` reads for ``lang``, as a digest: each article shown (its file, what the file
    holds, its metadata as compared), which keys the knowledge base has in which languages (the "Related
    reading" links are resolved against them), the headings, the weights and the limit."""
    articles = []
    for key, document in shown_articles(kb, lang).items():
        facts = _facts(document, patches)
        articles.append((key, document.path, document.digest, sorted(facts.features), sorted(facts.patch)))
    versions = [(key, sorted(by_lang)) for key, by_lang in sorted(kb.by_key.items())]
    return short_digest([lang, articles, versions, kb.settings.default_language, headings, asdict(weights), limit])


def _read(document: Document, headings: tuple[str, ...], title_weight: int, texts: dict) -> tuple[ArticleText, Counter]:
    """The article's text and its words, from ``texts`` when the same document was read before."""
    key = _text_key(document, headings, title_weight)
    if key not in texts:
        text = read_article(document, headings)
        texts[key] = (text, words(text, title_weight))
    return texts[key]


def _text_key(document: Document, headings: tuple[str, ...], title_weight: int) -> tuple:
    """What an article's text and words are read from (:func:`_read`)."""
    return document.digest, headings, title_weight


def _similar(key: str, vector: dict[str, float], postings, common: int, terms: int) -> dict[str, float]:
    """Other article -> the cosine of its words and ``key``'s heaviest ``terms`` (those on at most ``common``
    articles)."""
    similar: dict[str, float] = {}
    add = similar.get
    asked = (item for item in vector.items() if len(postings[item[0]]) <= common)
    for term, weight in itertools.islice(asked, terms):
        for other, other_weight in postings[term]:
            similar[other] = add(other, 0.0) + weight * other_weight
    similar.pop(key, None)
    return similar


def _cited_by(similar: dict[str, float], cited: dict[str, set[str]], neighbours: int) -> dict[str, float]:
    """Article -> the share of the ``neighbours`` most similar articles (weighted by their similarity) whose
    hand-written "Related reading" links to it: what writers chose for articles like this one."""
    nearest = sorted(((similar[other], other) for other in _leaders(similar, neighbours)), reverse=True)
    nearest = nearest[:max(neighbours, 0)]
    total = sum(score for score, _ in nearest) or 1.0
    shares: dict[str, float] = defaultdict(float)
    for score, other in nearest:
        for target in cited[other]:
            shares[target] += score / total
    return shares


def _by_text(similar: dict[str, float], cited: dict[str, float], shown, weight: float) -> dict[str, float]:
    """The articles the text found (similar, or cited by similar ones) -> what their text scores: the
    similarity, plus ``weight`` times the share of the similar articles that cite them."""
    scores = dict(similar)
    for other, share in cited.items():
        if other in shown:  # else a hidden article, or one this language does not show
            scores[other] = similar.get(other, 0.0) + weight * share
    return scores


def _best(scores: dict[str, float], limit: int, minimum: float) -> tuple[str, ...]:
    """The keys of the ``limit`` highest ``scores`` (ties broken by key), best first, none below ``minimum``."""
    ranked = sorted((-scores[other], other) for other in _leaders(scores, limit))[:limit]
    return tuple(other for negative, other in ranked if -negative >= minimum)


def _leaders(scores: dict[str, float], count: int) -> list[str]:
    """The keys of the ``count`` highest ``scores``, and of those tied with the last: a sort of these is a
    sort of the first ``count`` of all. Their values are compared at C speed, with no key function."""
    if count <= 0:
        return []
    if len(scores) <= count:
        return list(scores)
    cut = heapq.nlargest(count, scores.values())[-1]
    return list(itertools.compress(scores, map(cut.__le__, scores.values())))


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


class _Metadata:
    """What the metadata two articles share adds to their score: the share of their feature values and
    that of their QPT topics (Jaccard), and the same folder, each times its weight.

    Each value is a bit of an integer, so that what two share is counted with ``&`` and ``bit_count``; and
    only the articles that share a value whose weight is not 0 are scored: for any other, the text's score
    plus nothing is the text's score, to the last bit.
    """

    def __init__(self, facts: dict[str, _Facts], weights: Weights):
        self.weights = weights
        bits: dict[tuple[str, str], int] = {}
        self.masks: dict[str, tuple[int, int, int, int, str]] = {}  # features, how many, topics, how many, folder
        self.signals: dict[str, list[tuple[str, str]]] = {}  # the values that count, with their kind
        self.having: dict[tuple[str, str], list[str]] = defaultdict(list)  # value -> the articles with it
        for key, fact in facts.items():
            features = [("feature", value) for value in sorted(fact.features)]
            topics = [("patch", topic) for topic in sorted(fact.patch)]
            for signal in (*features, *topics):
                bits.setdefault(signal, 1 << len(bits))
            self.masks[key] = (sum(bits[signal] for signal in features), len(features),
                               sum(bits[signal] for signal in topics), len(topics), fact.folder)
            self.signals[key] = [*(features if weights.features else ()), *(topics if weights.patch else ()),
                                 *((("folder", fact.folder),) if weights.folder else ())]
            for signal in self.signals[key]:
                self.having[signal].append(key)

    def add(self, scores: dict[str, float], key: str) -> None:
        """Add to each score of ``scores`` (article -> its text's score) what its metadata shares with ``key``'s."""
        features, patch, folder = self.weights.features, self.weights.patch, self.weights.folder
        mine, mine_count, topics, topics_count, my_folder = self.masks[key]
        sharing = set().union(*(self.having[signal] for signal in self.signals[key]))
        for other in scores.keys() & sharing:
            theirs, their_count, their_topics, their_topics_count, their_folder = self.masks[other]
            scores[other] = (scores[other] + features * _jaccard(mine & theirs, mine_count, their_count)
                             + patch * _jaccard(topics & their_topics, topics_count, their_topics_count)
                             + folder * (my_folder == their_folder))


def _jaccard(common: int, one: int, other: int) -> float:
    """The share of two sets of ``one`` and ``other`` values that they have in common (``common``, as bits)."""
    if not common:
        return 0.0
    shared = common.bit_count()
    return shared / (one + other - shared)


# -- text -------------------------------------------------------------------------------------------------

# Link addresses, tags, heading ids: each within a line (a line's ``](`` is not closed on the next).
_NOT_WORDS = re.compile(r"\]\([^)\n]*\)|<[^>\n]+>|https?://\S+|\{#[^}\n]*\}")
_LINK_TARGET = re.compile(r"\]\([^\S\n]*<?([^)\s>]+)")  # within a line
_SPACED_WORD = re.compile(f"[^\\W_{UNSPACED_LETTERS}]{{2,}}")
_UNSPACED_RUN = re.compile(f"[{UNSPACED_LETTERS}]+")
_WORD_CHARACTERS = re.compile(r"[^\W_]{2,}")  # _SPACED_WORD in a text with no _UNSPACED_RUN
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*)$", re.M)


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
    text = prose_text(document.source.body)
    prose, links, related_level, start = [], [], 0, 0
    for heading in _HEADING.finditer(text):
        level = len(heading.group(1))
        if related_level and level > related_level:
            continue  # a heading inside the "Related reading" section
        (links if related_level else prose).append(text[start:heading.start()])
        related_level = level if is_related_heading(heading.group(2), headings) else 0
        start = heading.start()
    (links if related_level else prose).append(text[start:])
    return ArticleText(exl_text(document.text("title")), exl_text(document.text("description")),
                       exl_text(_NOT_WORDS.sub(" ", "".join(prose))), tuple(_LINK_TARGET.findall("".join(links))))


def is_related_heading(text: str, headings: tuple[str, ...]) -> bool:
    """Whether a heading opens a hand-written "Related reading" section (it starts with one of ``headings``,
    compared as :func:`~kbsite.core.text.comparable` text)."""
    seen = comparable(heading_text(text))
    return any(seen.startswith(heading) for heading in headings)


def words(text: ArticleText, title_weight: int) -> Counter:
    """The words of the title (``title_weight`` times), the description and the prose."""
    return Counter(tokens(text.prose) + tokens(text.description) + tokens(text.title) * title_weight)


def tokens(text: str) -> list[str]:
    """Words as a reader's language spaces them; in a run of characters written without spaces, each two (the
    one, when alone). In no particular order: what counts is how often each comes."""
    text = text.casefold()
    runs = _UNSPACED_RUN.findall(text)
    if not runs:
        return _WORD_CHARACTERS.findall(text)  # the same words, found faster
    found = _SPACED_WORD.findall(text)
    for run in runs:
        if len(run) <= 2:
            found.append(run)
        else:
            found.extend(map(str.__add__, run, run[1:]))
    return found


def _vectors(counts: dict[str, Counter], kept: int, k1: float = 1.2, b: float = 0.75) -> dict[str, dict[str, float]]:
    """Each article's ``kept`` heaviest words, weighted by BM25 and scaled to length 1, heaviest first."""
    documents = len(counts) or 1
    frequency = Counter()
    for counted in counts.values():
        frequency.update(counted.keys())
    rarity = {term: math.log(1 + (documents - found + 0.5) / (found + 0.5)) for term, found in frequency.items()}
    average = sum(sum(counted.values()) for counted in counts.values()) / documents or 1.0
    vectors = {}
    for key, counted in counts.items():
        norm = k1 * (1 - b + b * sum(counted.values()) / average)
        weights = {term: rarity[term] * count * (k1 + 1) / (count + norm) for term, count in counted.items()}
        heaviest = sorted((-weights[term], term) for term in _leaders(weights, kept))[:kept]
        size = math.sqrt(sum(weight * weight for weight, _ in heaviest)) or 1.0
        vectors[key] = {term: -weight / size for weight, term in heaviest}
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
