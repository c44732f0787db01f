"""Property tests: the checks report any front matter, never raise."""

from pathlib import Path

import yaml
from helpers import bundled_metadata
from hypothesis import given, settings
from hypothesis import strategies as st
from kbsite.core.knowledge_base import Document, KnowledgeBase
from kbsite.core.settings import Settings
from kbsite.core.source import parse_source
from kbsite.core.strings import LanguageFiles
from kbsite.core.vocabulary import load_vocabulary
from kbsite.qpt.articles import build_patch_index
from kbsite.rules import Context, run_checks

METADATA = bundled_metadata()
FEATURES, ROLES = load_vocabulary("feature"), load_vocabulary("role")
LANGUAGES = LanguageFiles()


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
              st.sampled_from(["MDVA-40399", "2.4.3-p1", "0%", "tm+mt", "<script>x</script>", "javascript:x"])),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=10,
)
KEYS = ["title", "description", "exl-id", "feature", "role", "source-git-commit", "workflow-type",
        "source-wordcount", "ht-degree", "source-hash", "patch", "qpt-version", "unlisted", "hidden", "extra-key"]


@settings(max_examples=150)
@given(st.dictionaries(st.sampled_from(KEYS), yaml_values, max_size=len(KEYS)),
       st.text(max_size=200), st.sampled_from(["en", "fr"]))
def test_checks_report_any_front_matter_without_raising(meta, body, lang):
    root = Path("/nonexistent-project")
    settings_ = Settings(root=root, articles_dir=root / "articles", docs_dir=root / "docs")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body
    source = parse_source(text.encode("utf-8"), f"articles/a/x.{lang}.md")
    kb = KnowledgeBase(settings_, [Document("article", source.path, root / source.path, f"a/x.{lang}.md", "a/x",
                                            lang, source)])
    context = Context(kb, FEATURES, ROLES, build_patch_index(kb, METADATA, LANGUAGES),
                      {lang: LANGUAGES.strings(lang) for lang in ("en", "fr")})
    lines = text.count("\n") + 1
    for found in run_checks(context):
        assert found.path == source.path and 0 <= found.line <= lines, found
