/* Search with Pagefind, in the page's language.
 *
 * The header button, or / or s anywhere outside a text field, opens the
 * dialog. On first use the language's Pagefind bundle (data-bundle), its
 * word list (kb-search.json) and the ranking (search-engine.js, data-engine)
 * are imported; a query fetches only the index chunks its words need.
 * Results are links with their title and an excerpt: to the section that
 * holds every match when one does, with the words a result lacks, and, for
 * a result found in the default language's index (data-default-bundle),
 * marked as such at the reader's address. The filters (feature, role,
 * patch status, the Commerce release a patch applies to) are loaded when
 * their panel is opened. The list is aria-busy from the first key typed until
 * the results of what was typed are listed. */
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
    var suggestion = dialog.querySelector(".kb-search__suggestion");
    var list = dialog.querySelector(".kb-search__results");
    var more = dialog.querySelector(".kb-search__more");
    var filtersPanel = dialog.querySelector(".kb-search__filters");
    var facets = dialog.querySelector(".kb-search__facets");
    var strings = JSON.parse(root.getAttribute("data-strings"));
    var lang = document.documentElement.lang || undefined;
    var base = new URL(root.getAttribute("data-base"), window.location.href);
    var prefix = root.getAttribute("data-prefix") || "";
    var defaultLang = root.getAttribute("data-default-lang");
    var chosen = {};  // facet -> value
    var loaded = null;  // {engine, index, other}, once asked for
    var latest = 0;  // number of the latest search: older answers are dropped
    var results = [];
    var shown = 0;
    var seen = {};  // addresses listed for the latest search
    var twice = 0;  // results of the latest search not listed: found in both languages' indexes
    var typing = null;  // the search waiting for typing to pause

    function bundle(attribute, language) {
      var folder = new URL(root.getAttribute(attribute), window.location.href).href;
      return import(folder + "pagefind.js").then(function (pagefind) {
        // Pagefind's own worker would cost a script of 12 KB per index: its searches here are small.
        return pagefind.options({ baseUrl: base.pathname, excerptLength: 24, noWorker: true }).then(function () {
          return pagefind.init();
        }).then(function () {
          var infoUrl = new URL("kb-search.json", folder);
          return fetch(infoUrl).then(function (response) { return response.ok ? response.json() : null; })
            .catch(function () { return null; })
            .then(function (info) { return { pagefind: pagefind, info: info, infoUrl: infoUrl.href, lang: language }; });
        });
      });
    }

    function load() {
      if (!loaded) {
        var engineUrl = new URL(root.getAttribute("data-engine"), window.location.href).href;
        loaded = Promise.all([import(engineUrl), bundle("data-bundle", lang)]).then(function (parts) {
          var engine = parts[0];
          var other = null;
          if (root.getAttribute("data-default-bundle")) {
            var theirs = null;
            other = function () {
              theirs = theirs || bundle("data-default-bundle", defaultLang).then(function (b) {
                return new engine.Index(b.pagefind, b.info, b.infoUrl, b.lang);
              });
              return theirs;
            };
          }
          var own = parts[1];
          return { engine: engine, index: new engine.Index(own.pagefind, own.info, own.infoUrl, own.lang), other: other };
        });
      }
      return loaded;
    }

    function open() {
      if (!dialog.open) dialog.showModal();
      input.focus();
      input.select();
      load().catch(unavailable);
    }

    function unavailable() {
      list.removeAttribute("aria-busy");
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
        suggestion.hidden = true;
        more.hidden = true;
        list.removeAttribute("aria-busy");
        return Promise.resolve();
      }
      status.textContent = strings.loading;
      list.setAttribute("aria-busy", "true");
      return load().then(function (search) {
        return search.engine.find(search.index, search.other, query, {
          filters: filters, synonyms: strings.synonyms, untranslated: Number(root.getAttribute("data-untranslated")) > 0,
        }).then(function (found) {
          if (number !== latest) return;
          results = found.pages;
          shown = twice = 0;
          seen = {};
          return nextItems(number, search.engine, filters).then(function (items) {
            if (!items) return;
            list.replaceChildren.apply(list, items);  // at once: the list is never seen empty between two searches
            suggest(query, found.suggestions);
            counted(query);
            list.removeAttribute("aria-busy");
          });
        });
      }).catch(unavailable);
    }

    /* The number of results; as exact as the results listed so far tell (an article found in both languages'
     * indexes is listed once). */
    function counted(query) {
      var number = results.length - twice;
      status.textContent = number ? count(number) : strings.none.replace("{query}", query);
    }

    /* The list is busy from the first key typed: what it shows is for an older query. */
    function searchWhenTypingPauses() {
      list.setAttribute("aria-busy", "true");
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

    /* "Did you mean …?", the query with each misspelt word replaced, as a button that searches it. */
    function suggest(query, suggestions) {
      var labels = Object.keys(suggestions);
      suggestion.textContent = "";
      suggestion.hidden = !labels.length;
      if (!labels.length) return;
      var corrected = query;
      labels.forEach(function (label) { corrected = corrected.split(label).join(suggestions[label]); });
      var parts = strings.did_you_mean.split("{query}");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-search__corrected";
      button.textContent = corrected;
      button.addEventListener("click", function () {
        input.value = corrected;
        input.focus();
        search();
      });
      suggestion.append(parts[0], button, parts.slice(1).join("{query}"));
    }

    function showMore() {
      load().then(function (search) {
        return nextItems(latest, search.engine, Object.keys(chosen).length ? chosen : undefined);
      }).then(function (items) {
        if (!items) return;
        items.forEach(function (entry) { list.appendChild(entry); });
        counted(input.value.trim());
      }).catch(unavailable);
    }

    /* The next results' list items, once their details are fetched; null if a newer search started meanwhile. */
    function nextItems(number, engine, filters) {
      var next = results.slice(shown, shown + PAGE);
      shown += next.length;
      more.hidden = shown >= results.length;
      return Promise.all(next.map(function (page) { return engine.details(page, filters); })).then(function (all) {
        if (number !== latest) return null;
        return all.map(function (shownPage, at) { return shownPage && item(next[at], shownPage); }).filter(Boolean);
      });
    }

    function item(page, shownPage) {
      var data = shownPage.data;
      var part = page.crossed ? null : shownPage.section;
      var url = page.crossed ? readerAddress(data.raw_url) : (part ? part.url : data.url);
      var address = url.split("#")[0];
      if (seen[address]) {  // the same article found in both languages' indexes
        twice += 1;
        return null;
      }
      seen[address] = true;
      var entry = document.createElement("li");
      entry.className = "kb-search__result";
      var link = document.createElement("a");
      link.className = "kb-search__link";
      link.href = url;
      var title = document.createElement("span");
      title.className = "kb-search__title";
      var translated = page.crossed && data.meta["title-" + (lang || "").toLowerCase()];
      title.textContent = translated || data.meta.title || url;
      if (page.crossed && !translated) title.lang = defaultLang;
      link.appendChild(title);
      if (part && part.title) {
        var heading = document.createElement("span");
        heading.className = "kb-search__section";
        heading.textContent = part.title;
        link.appendChild(heading);
      }
      entry.appendChild(link);
      var shownExcerpt = excerpt(part ? part.excerpt : data.excerpt);
      if (page.crossed) shownExcerpt.lang = defaultLang;
      entry.appendChild(shownExcerpt);
      if (page.lacking && page.lacking.length) entry.appendChild(note(strings.without.replace("{words}", listed(page.lacking))));
      if (page.crossed) entry.appendChild(note(strings.found_in.replace("{language}", languageName(defaultLang))));
      return entry;
    }

    /* A page of the default language's index at the reader's address: its translation, or the page that
     * shows it in the reader's language. */
    function readerAddress(rawUrl) {
      return new URL(prefix + rawUrl.replace(/^\//, ""), base).pathname;
    }

    function note(text) {
      var paragraph = document.createElement("p");
      paragraph.className = "kb-search__note";
      paragraph.textContent = text;
      return paragraph;
    }

    function listed(words) {
      try {
        return new Intl.ListFormat(lang, { type: "conjunction" }).format(words);
      } catch (error) {
        return words.join(", ");
      }
    }

    function languageName(tag) {
      try {
        return new Intl.DisplayNames([lang], { type: "language" }).of(tag) || tag;
      } catch (error) {
        return tag;
      }
    }

    /* Pagefind's excerpt is HTML with <mark> around the matches: keep those and the text, nothing else. */
    function excerpt(html) {
      var parsed = document.createElement("template");
      parsed.innerHTML = html || "";
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
      load().then(function (search) { return search.index.pagefind.filters(); }).then(function (available) {
        JSON.parse(root.getAttribute("data-facets")).forEach(function (name) {
          var values = Object.keys(available[name] || {}).sort(name === "release" ? newestFirst : function (a, b) {
            return a.localeCompare(b, lang);
          });
          if (values.length) facets.appendChild(menu(name, values, available[name]));
        });
      }).catch(unavailable);
    }

    /* Releases, the newest first: 2.4.10 after 2.4.9, 2.4.3-p1 after 2.4.3. */
    function newestFirst(a, b) {
      var left = a.match(/\d+|\D+/g), right = b.match(/\d+|\D+/g);
      for (var at = 0; at < Math.min(left.length, right.length); at++) {
        if (left[at] === right[at]) continue;
        var numbers = /^\d/.test(left[at]) && /^\d/.test(right[at]);
        return numbers ? Number(right[at]) - Number(left[at]) : right[at].localeCompare(left[at]);
      }
      return right.length - left.length;
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
