/* Search with Pagefind, in the page's language.
 *
 * The header button, or / or s anywhere outside a text field, opens the
 * dialog. The language's Pagefind bundle (data-bundle) is imported on first
 * use and fetches only the index chunks a query needs. Results are links
 * with their title and an excerpt; the filters (feature, role, patch status)
 * are loaded when their panel is opened. */
(function () {
  "use strict";

  var PAGE = 8;  // results whose details are fetched at a time
  // Typing pauses this long (ms) before a search: a search for each prefix typed ("s", "se", "sen"...)
  // fetched index chunks of its own, and a large knowledge base's answer came after all of them.
  var PAUSE = 150;

  function setUp(root) {
    var dialog = root.querySelector("dialog");
    var form = dialog.querySelector("form");
    var input = form.elements.query;
    var status = dialog.querySelector(".kb-search__status");
    var list = dialog.querySelector(".kb-search__results");
    var more = dialog.querySelector(".kb-search__more");
    var filtersPanel = dialog.querySelector(".kb-search__filters");
    var facets = dialog.querySelector(".kb-search__facets");
    var strings = JSON.parse(root.getAttribute("data-strings"));
    var lang = document.documentElement.lang || undefined;
    var chosen = {};  // facet -> value
    var pagefind = null;  // the bundle, once asked for
    var latest = 0;  // number of the latest search: older answers are dropped
    var results = [];
    var shown = 0;
    var typing = null;  // the search waiting for typing to pause

    function load() {
      if (!pagefind) {
        var bundle = new URL(root.getAttribute("data-bundle"), window.location.href).href;
        var base = new URL(root.getAttribute("data-base"), window.location.href).pathname;
        pagefind = import(bundle + "pagefind.js").then(function (module) {
          return module.options({ baseUrl: base, excerptLength: 24 }).then(function () {
            return module.init();
          }).then(function () { return module; });
        });
      }
      return pagefind;
    }

    function open() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      load().catch(unavailable);
    }

    function unavailable() {
      status.textContent = strings.unavailable;
    }

    function count(number) {
      var key = new Intl.PluralRules(lang).select(number) === "one" ? "one" : "other";
      return strings[key].replace("{count}", number.toLocaleString(lang));
    }

    function search() {
      var query = input.value.trim();
      var number = ++latest;
      var filters = Object.keys(chosen).length ? chosen : undefined;
      if (!query && !filters) {
        results = [];
        list.textContent = "";
        status.textContent = "";
        more.hidden = true;
        return Promise.resolve();
      }
      status.textContent = strings.loading;
      return load().then(function (module) {
        return module.search(query || null, { filters: filters });
      }).then(function (found) {
        if (number !== latest || !found) return;
        results = found.results;
        shown = 0;
        return nextItems(number).then(function (items) {
          if (!items) return;
          list.replaceChildren.apply(list, items);  // at once: the list is never seen empty between two searches
          status.textContent = results.length ? count(results.length) : strings.none.replace("{query}", query);
        });
      }).catch(unavailable);
    }

    function searchWhenTypingPauses() {
      clearTimeout(typing);
      typing = setTimeout(function () { typing = null; search(); }, PAUSE);
    }

    /* The search for what is typed now, if it is still waiting for a pause. */
    function searchNow() {
      if (typing === null) return Promise.resolve();
      clearTimeout(typing);
      typing = null;
      return search();
    }

    function showMore() {
      nextItems(latest).then(function (items) {
        if (items) items.forEach(function (entry) { list.appendChild(entry); });
      }).catch(unavailable);
    }

    /* The next results' list items, once their details are fetched; null if a newer search started meanwhile. */
    function nextItems(number) {
      var next = results.slice(shown, shown + PAGE);
      shown += next.length;
      more.hidden = shown >= results.length;
      return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
        return number === latest ? pages.map(item) : null;
      });
    }

    function item(page) {
      var entry = document.createElement("li");
      entry.className = "kb-search__result";
      var link = document.createElement("a");
      link.className = "kb-search__link";
      link.href = page.url;
      link.textContent = page.meta.title || page.url;
      entry.appendChild(link);
      entry.appendChild(excerpt(page.excerpt));
      return entry;
    }

    /* Pagefind's excerpt is HTML with <mark> around the matches: keep those and the text, nothing else. */
    function excerpt(html) {
      var parsed = document.createElement("template");
      parsed.innerHTML = html;
      var paragraph = document.createElement("p");
      paragraph.className = "kb-search__excerpt";
      Array.prototype.forEach.call(parsed.content.childNodes, function (node) {
        if (node.nodeName === "MARK") {
          var mark = document.createElement("mark");
          mark.textContent = node.textContent;
          paragraph.appendChild(mark);
        } else {
          paragraph.appendChild(document.createTextNode(node.textContent));
        }
      });
      return paragraph;
    }

    function loadFacets() {
      if (facets.childElementCount) return;
      load().then(function (module) { return module.filters(); }).then(function (available) {
        Object.keys(strings.facets).forEach(function (name) {
          var values = Object.keys(available[name] || {}).sort(function (a, b) { return a.localeCompare(b, lang); });
          if (values.length) facets.appendChild(menu(name, values, available[name]));
        });
      }).catch(unavailable);
    }

    function menu(name, values, counts) {
      var label = document.createElement("label");
      var text = document.createElement("span");
      text.textContent = strings.facets[name];
      label.appendChild(text);
      var select = document.createElement("select");
      select.name = name;
      select.appendChild(new Option(strings.any, ""));
      values.forEach(function (value) {
        select.appendChild(new Option(value + " (" + counts[value].toLocaleString(lang) + ")", value));
      });
      select.addEventListener("change", function () {
        if (select.value) chosen[name] = select.value; else delete chosen[name];
        search();
      });
      label.appendChild(select);
      return label;
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    function moveFocus(event) {
      var all = links();
      var at = all.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < all.length - 1) {
        all[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        if (at > 0) all[at - 1].focus(); else input.focus();
      } else {
        return;
      }
      event.preventDefault();
    }

    root.querySelector(".kb-search__open").addEventListener("click", open);
    dialog.querySelector(".kb-search__close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // the backdrop
    });
    input.addEventListener("input", searchWhenTypingPauses);
    input.addEventListener("focus", function () { load().catch(unavailable); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      searchNow().then(function () {
        var first = links()[0];
        if (first) window.location.href = first.href;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        searchNow().then(function () { if (links().length) links()[0].focus(); });
      }
    });
    list.addEventListener("keydown", moveFocus);
    more.addEventListener("click", showMore);
    filtersPanel.addEventListener("toggle", function () { if (filtersPanel.open) loadFacets(); });
    document.addEventListener("keydown", function (event) {
      if (dialog.open || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== "/" && event.key !== "s") return;
      var target = event.target;
      if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      event.preventDefault();
      open();
    });
    root.hidden = false;
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-kb-search]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
