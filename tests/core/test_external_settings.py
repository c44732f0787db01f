"""The external_links options of the kb plugin."""

from __future__ import annotations

import pytest
from kbsite.core.external_settings import ExternalSettings, ExternalSettingsError, HostLimits, external_settings
from kbsite.core.settings import ConfigurationError, settings_for


def test_defaults_are_polite():
    settings = external_settings(None)
    assert settings == ExternalSettings()
    assert (settings.per_host.concurrency, settings.per_host.interval, settings.concurrency) == (4, 0.1, 64)
    assert (settings.ttl_success, settings.ttl_failure) == (7 * 86400, 86400)
    assert settings.check_on_build is False and settings.cache_dir == ".cache/kbsite"
    assert settings.accepts(204) and not settings.accepts(301) and not settings.accepts(404)


def test_every_option():
    settings = external_settings({
        "check_on_build": True, "include": ["^https://"], "exclude": "linkedin", "fragments_exclude": ["github"],
        "accept": [200, "203-206", "403"], "concurrency": 8,
        "per_host": {"concurrency": 2, "interval": "250ms", "timeout": "30s"},
        "hosts": {"GitHub.com": {"interval": "1s", "headers": {"Authorization": "Bearer ${GITHUB_TOKEN}"}}},
        "headers": {"User-Agent": "support-kb-bot"}, "remap": {"https://staging.sim/": "http://127.0.0.1:9/"},
        "cache_dir": "tmp/links", "ttl": {"success": "2d", "failure": "6h", "unverified": 60},
        "time_budget": "15m", "retries": 0, "max_redirects": 4,
    })
    assert settings.check_on_build and settings.exclude == ("linkedin",) and settings.accept == (
        (200, 200), (203, 206), (403, 403))
    assert settings.limits("github.com") == HostLimits(2, 1.0, 30.0, (("Authorization", "Bearer ${GITHUB_TOKEN}"),))
    assert settings.limits("other.sim") == HostLimits(2, 0.25, 30.0)
    assert settings.headers == (("User-Agent", "support-kb-bot"),)
    assert (settings.ttl_success, settings.ttl_failure, settings.ttl_unverified) == (172800, 21600, 60)
    assert (settings.time_budget, settings.retries, settings.max_redirects) == (900, 0, 4)
    assert settings.accepts(403) and settings.accepts(205) and not settings.accepts(207)


@pytest.mark.parametrize("options, message", [
    ({"concurency": 3}, "unknown option concurency"),
    ({"per_host": {"interval": "fast"}}, "external_links.per_host.interval: expected a duration"),
    ({"per_host": {"timeout": 0}}, "external_links.per_host.timeout: expected a duration"),
    ({"concurrency": 0}, "expected a whole number of at least 1"),
    ({"exclude": ["(unclosed"]}, "is not a regular expression"),
    ({"accept": ["2xx"]}, "expected status codes"),
    ({"remap": ["https://a/ http://b/"]}, "external_links.remap: expected a mapping"),
    ({"hosts": {"a.sim": {"speed": 1}}}, "external_links.hosts.a.sim: unknown option speed"),
    ("yes", "external_links: expected a mapping"),
])
def test_bad_options_name_themselves(options, message):
    with pytest.raises(ExternalSettingsError, match=message.replace("(", r"\(")):
        external_settings(options)
    with pytest.raises(ConfigurationError, match="kb plugin option external_links"):
        settings_for({"external_links": options}, "/p/docs", "/p/mkdocs.yml", {})
