"""The patch card's comparison of its description with the body's first paragraph."""

import pytest
from kbsite.site.patch_views import starts_with_words


@pytest.mark.parametrize("body, description, repeated", [
    ("The MDVA-40399 patch fixes the issue. More text.", "The MDVA-40399 patch fixes the issue.", True),
    ("Le correctif installe l’ outil QPT.", "Le correctif installe l’outil QPT.", True),  # spaces aside
    ("THE  patch\nfixes it", "The patch fixes it", True),  # case and line breaks aside
    ("MDVA-40399 を適用すると問題が解決します。", "MDVA-40399 を適用すると", True),
    ("Fixes the issue where invoices fail.", "Fix", False),  # not inside a word
    ("The patch fixes another issue.", "The patch fixes the issue.", False),
    ("Some text.", "", False),
])
def test_a_description_is_repeated_when_the_body_starts_with_its_words(body, description, repeated):
    assert starts_with_words(body, description) is repeated
