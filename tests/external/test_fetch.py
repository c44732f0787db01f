"""What fetching finds on the simulated internet: statuses, redirects, fragments, busy and unreachable hosts."""

from __future__ import annotations

from helpers import external_check, external_project
from kbsite.core.external_links import BROKEN, OK, OTHER, UNVERIFIED
from kbsite.external.run import run_to_end
from simulated_internet import RateLimit, Reply, closed_port

PAGE = "<!doctype html><html><body><h2 id='install'>Install</h2><a name='legacy'></a></body></html>"


def _results(tmp_path, internet, links: list[str], **options):
    body = "\n".join(f"[link {n}]({url})" for n, url in enumerate(links)) + "\n"
    _, report = external_check(external_project(tmp_path, internet, body, **options))
    return report


def test_statuses(tmp_path, internet):
    for path, status in (("/ok", 200), ("/missing", 404), ("/gone", 410), ("/error", 500)):
        internet.routes[("docs.sim-a.net", path)] = Reply(status, "x")
    report = _results(tmp_path, internet, [f"https://docs.sim-a.net/{p}" for p in ("ok", "missing", "gone", "error")])
    found = {url.rsplit("/", 1)[1]: (r.outcome, r.status) for url, r in report.results.items()}
    assert found == {"ok": (OK, 200), "missing": (BROKEN, 404), "gone": (BROKEN, 410), "error": (BROKEN, 500)}
    assert report.results["https://docs.sim-a.net/gone"].detail == "410 Gone"


def test_each_address_is_fetched_once_whatever_uses_it(tmp_path, internet):
    internet.routes[("docs.sim-a.net", "/ok")] = Reply(200, PAGE)
    links = ["https://docs.sim-a.net/ok", "https://DOCS.sim-a.net/ok#install", "https://docs.sim-a.net/ok#legacy"] * 3
    report = _results(tmp_path, internet, links)
    assert list(report.results) == ["https://docs.sim-a.net/ok"]
    assert internet.stats.requests["docs.sim-a.net"] == 1  # one GET, for both fragments
    assert report.results["https://docs.sim-a.net/ok"].fragments == (("install", True), ("legacy", True))


def test_head_first_and_get_when_head_is_refused(tmp_path, internet):
    internet.routes[("docs.sim-a.net", "/a")] = Reply(200, PAGE)
    internet.routes[("nohead.sim-b.net", "/a")] = Reply(200, PAGE)
    internet.routes[("nohead.sim-b.net", "/b")] = Reply(200, PAGE)
    original = internet.world

    def refuse_head(host, method, path):
        return Reply(405, "") if host == "nohead.sim-b.net" and method == "HEAD" else original(host, method, path)

    internet.world = refuse_head
    report = _results(tmp_path, internet, ["https://docs.sim-a.net/a", "https://nohead.sim-b.net/a",
                                           "https://nohead.sim-b.net/b"],
                      per_host={"concurrency": 1, "interval": 0, "timeout": 1})
    assert all(r.outcome == OK for r in report.results.values())
    assert internet.stats.methods[("docs.sim-a.net", "HEAD")] == 1
    assert internet.stats.methods[("docs.sim-a.net", "GET")] == 0
    # the host refused HEAD once: its second address is asked with GET at once
    assert internet.stats.methods[("nohead.sim-b.net", "HEAD")] == 1
    assert internet.stats.methods[("nohead.sim-b.net", "GET")] == 2


def test_redirects_permanent_temporary_chains_and_loops(tmp_path, internet):
    r = internet.routes
    r[("old.sim-a.net", "/301")] = Reply(301, headers=(("Location", "https://new.sim-b.net/page"),))
    r[("old.sim-a.net", "/308")] = Reply(308, headers=(("Location", "/moved"),))
    r[("old.sim-a.net", "/302")] = Reply(302, headers=(("Location", "/moved"),))
    r[("old.sim-a.net", "/307")] = Reply(307, headers=(("Location", "/moved"),))
    r[("old.sim-a.net", "/chain")] = Reply(301, headers=(("Location", "/step"),))
    r[("old.sim-a.net", "/step")] = Reply(302, headers=(("Location", "https://new.sim-b.net/page"),))
    r[("old.sim-a.net", "/loop")] = Reply(301, headers=(("Location", "/loop-b"),))
    r[("old.sim-a.net", "/loop-b")] = Reply(307, headers=(("Location", "https://old.sim-a.net/loop"),))
    r[("old.sim-a.net", "/moved")] = Reply(200, PAGE)
    r[("new.sim-b.net", "/page")] = Reply(200, PAGE)
    r[("old.sim-a.net", "/to-nothing")] = Reply(308, headers=(("Location", "/nothing"),))
    names = ["301", "308", "302", "307", "chain", "loop", "to-nothing"]
    report = _results(tmp_path, internet, [f"https://old.sim-a.net/{name}" for name in names])
    got = {name: report.results[f"https://old.sim-a.net/{name}"] for name in names}
    assert (got["301"].outcome, got["301"].moved_to, got["301"].moved_status) == (
        OK, "https://new.sim-b.net/page", 301)
    assert (got["308"].moved_to, got["308"].moved_status) == ("https://old.sim-a.net/moved", 308)
    assert got["302"].outcome == got["307"].outcome == OK and got["302"].moved_to == got["307"].moved_to == ""
    assert got["302"].final_url == "https://old.sim-a.net/moved"
    # a permanent redirect then a temporary one: the links move to where the permanent one leads
    assert (got["chain"].moved_to, got["chain"].final_url) == ("https://old.sim-a.net/step", "https://new.sim-b.net/page")
    assert got["loop"].outcome == BROKEN and got["loop"].detail.startswith("redirect loop: https://old.sim-a.net/loop")
    assert (got["to-nothing"].outcome, got["to-nothing"].status) == (BROKEN, 404)


def test_fragments_in_html_and_not_in_other_content(tmp_path, internet):
    big = "<html><body>" + "<p>filler</p>" * 200_000 + "<h2 id='late'>x</h2></body></html>"
    internet.routes[("docs.sim-a.net", "/page")] = Reply(200, PAGE)
    internet.routes[("docs.sim-a.net", "/big")] = Reply(200, big)
    internet.routes[("docs.sim-a.net", "/manual.pdf")] = Reply(200, "%PDF-1.4", content_type="application/pdf")
    report = _results(tmp_path, internet, [
        "https://docs.sim-a.net/page#install", "https://docs.sim-a.net/page#legacy", "https://docs.sim-a.net/page#nope",
        "https://docs.sim-a.net/page#top", "https://docs.sim-a.net/page#caf%C3%A9",
        "https://docs.sim-a.net/big#late", "https://docs.sim-a.net/manual.pdf#page=3"])
    page = report.results["https://docs.sim-a.net/page"]
    assert page.missing_fragments == {"nope", "café"}  # #top is always there; #install an id, #legacy an <a name>
    assert report.results["https://docs.sim-a.net/big"].missing_fragments == set()
    pdf = report.results["https://docs.sim-a.net/manual.pdf"]
    assert (pdf.outcome, pdf.content, pdf.missing_fragments) == (OK, OTHER, set())


def test_rate_limited_hosts_are_unverified_never_broken(tmp_path, internet):
    internet.routes[("busy.sim-a.net", "/x")] = Reply(200, PAGE)
    internet.routes[("busy.sim-b.net", "/x")] = Reply(200, PAGE)
    internet.rate_limits["busy.sim-a.net"] = RateLimit(0.01, 0, retry_after=1)  # always 429, Retry-After: 1
    internet.rate_limits["busy.sim-b.net"] = RateLimit(0.01, 0)  # always 429, no Retry-After
    report = _results(tmp_path, internet, ["https://busy.sim-a.net/x", "https://busy.sim-b.net/x"])
    for result in report.results.values():
        assert (result.outcome, result.status) == (UNVERIFIED, 429)
        assert result.detail == "429 Too Many Requests after 2 tries"
    arrivals = [t for host, _, t in internet.stats.arrivals if host == "busy.sim-a.net"]
    assert arrivals[1] - arrivals[0] >= 0.95  # Retry-After honoured


def test_retry_after_then_success(tmp_path, internet):
    answers = [Reply(429, headers=(("Retry-After", "1"),)), Reply(503), Reply(200, PAGE)]
    internet.world = lambda host, method, path: answers.pop(0)
    report = _results(tmp_path, internet, ["https://busy.sim-a.net/x"], retries=2)
    assert report.results["https://busy.sim-a.net/x"].outcome == OK
    times = [t for _, _, t in internet.stats.arrivals]
    assert len(times) == 3 and times[1] - times[0] >= 0.95  # Retry-After: 1, then a backoff after the 503


def test_slow_answers_and_unreachable_hosts(tmp_path, internet):
    internet.routes[("slow.sim-a.net", "/x")] = Reply(200, PAGE, delay=3)
    refused = f"http://127.0.0.1:{closed_port()}/"
    remap = {"https://refused.sim-b.net/": refused, **internet.remap()}
    report = _results(tmp_path, internet, ["https://slow.sim-a.net/x", "https://refused.sim-b.net/x"], remap=remap)
    slow, down = report.results["https://slow.sim-a.net/x"], report.results["https://refused.sim-b.net/x"]
    assert (slow.outcome, slow.detail) == (UNVERIFIED, "timed out after 1 s")
    assert down.outcome == BROKEN and down.detail.startswith("cannot connect")


def test_the_time_budget_leaves_the_rest_unverified(tmp_path, internet):
    for n in range(4):
        internet.routes[("slow.sim-a.net", f"/{n}")] = Reply(200, PAGE, delay=0.6)
    report = _results(tmp_path, internet, [f"https://slow.sim-a.net/{n}" for n in range(4)], time_budget=1,
                      per_host={"concurrency": 1, "interval": 0, "timeout": 5})
    outcomes = [r.outcome for r in report.results.values()]
    assert len(outcomes) == 4 and BROKEN not in outcomes and outcomes.count(OK) <= 2  # 0.6 s each, one at a time
    assert sum("time budget" in r.detail for r in report.results.values()) >= 2


def test_never_more_requests_at_once_than_a_host_allows(tmp_path, internet):
    for n in range(12):
        internet.routes[("docs.sim-a.net", f"/{n}")] = Reply(200, PAGE, delay=0.15)
        internet.routes[("docs.sim-b.net", f"/{n}")] = Reply(200, PAGE, delay=0.15)
    links = [f"https://docs.sim-{h}.net/{n}" for n in range(12) for h in "ab"]
    report = _results(tmp_path, internet, links, per_host={"concurrency": 3, "interval": 0, "timeout": 5},
                      hosts={"docs.sim-b.net": {"concurrency": 1}})
    assert internet.stats.most_active["docs.sim-a.net"] == 3 == report.busiest
    assert internet.stats.most_active["docs.sim-b.net"] == 1


def test_the_interval_between_two_requests_to_a_host(tmp_path, internet):
    for n in range(5):
        internet.routes[("docs.sim-a.net", f"/{n}")] = Reply(200, PAGE)
    _results(tmp_path, internet, [f"https://docs.sim-a.net/{n}" for n in range(5)],
             per_host={"concurrency": 4, "interval": 0.2, "timeout": 5})
    times = [t for _, _, t in internet.stats.arrivals]
    # 4 intervals of 0.2 s between the starts; the wire may bring one request a little early or late
    assert times[-1] - times[0] >= 0.6


def test_request_headers_and_tokens_from_the_environment(tmp_path, internet, monkeypatch):
    internet.routes[("api.sim-a.net", "/x")] = Reply(200, PAGE)
    monkeypatch.setenv("SIM_TOKEN", "s3cret")
    monkeypatch.delenv("SIM_UNSET", raising=False)
    project = external_project(tmp_path, internet, "[x](https://api.sim-a.net/x)\n",
                               headers={"User-Agent": "our-bot/1"},
                               hosts={"api.sim-a.net": {"headers": {"Authorization": "Bearer ${SIM_TOKEN}",
                                                                    "X-Other": "${SIM_UNSET}"}}})
    _, report = external_check(project)
    assert report.results["https://api.sim-a.net/x"].outcome == OK
    (host, sent), = internet.stats.headers
    assert host == "api.sim-a.net" and sent["User-Agent"] == "our-bot/1" and sent["Authorization"] == "Bearer s3cret"
    assert "X-Other" not in sent
    assert report.warnings == ["the environment variable SIM_UNSET is not set: the headers that use it are not sent"]


def test_a_host_that_keeps_failing_to_connect_is_taken_as_down(tmp_path, internet):
    for n in range(6):
        internet.routes[("down.sim-a.net", f"/{n}")] = Reply(drop=True)
    report = _results(tmp_path, internet, [f"https://down.sim-a.net/{n}" for n in range(6)],
                      per_host={"concurrency": 1, "interval": 0, "timeout": 2})
    assert all(r.outcome == BROKEN for r in report.results.values()), [r.detail for r in report.results.values()]
    assert sum("(the host is unreachable)" in r.detail for r in report.results.values()) == 5  # but the probe
    tried = {path for (_, _, path) in internet.stats.paths}
    assert len(tried) == 1  # one address probed the host; the others were not tried
    assert internet.stats.requests["down.sim-a.net"] <= 2 * 2  # two tries (retries: 1), each resent once by aiohttp


def test_runs_where_an_event_loop_is_already_running(tmp_path, internet):
    internet.routes[("docs.sim-a.net", "/ok")] = Reply(200, PAGE)

    async def inside_a_loop():
        return _results(tmp_path, internet, ["https://docs.sim-a.net/ok"])

    report = run_to_end(inside_a_loop())
    assert report.results["https://docs.sim-a.net/ok"].outcome == OK


def test_progress_is_reported_up_to_every_address(tmp_path, internet):
    for n in range(5):
        internet.routes[("docs.sim-a.net", f"/{n}")] = Reply(200, PAGE)
    body = "".join(f"[{n}](https://docs.sim-a.net/{n})\n" for n in range(5))
    calls = []
    external_check(external_project(tmp_path, internet, body), progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_a_host_that_asks_for_a_long_wait_is_not_waited_for(tmp_path, internet):
    for n in range(3):
        internet.routes[("strict.sim-a.net", f"/{n}")] = Reply(200, PAGE)
    internet.rate_limits["strict.sim-a.net"] = RateLimit(0.001, 1, retry_after=600)  # one request, then 429
    report = _results(tmp_path, internet, [f"https://strict.sim-a.net/{n}" for n in range(3)],
                      per_host={"concurrency": 1, "interval": 0, "timeout": 1})
    outcomes = sorted(r.outcome for r in report.results.values())
    assert outcomes == [OK, UNVERIFIED, UNVERIFIED] and report.seconds < 30
    assert internet.stats.requests["strict.sim-a.net"] == 2  # the other address was not sent
    assert any("asks to wait" in r.detail for r in report.results.values())
