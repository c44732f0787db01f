/* Filters for the patch grid. The table is complete without JavaScript;
 * this adds filtering by text, release, category, status and article, and
 * keeps the filter state in the URL (?release=2.4.3-p1&q=invoice) so that
 * a filtered view can be sent as a link. */
(function () {
  "use strict";

  var FIELDS = ["q", "release", "category", "status", "article"];

  function releaseRuns(row) {
    return (row.getAttribute("data-releases") || "").split(" ").filter(Boolean).map(function (run) {
      var ends = run.split("-");
      return [Number(ends[0]), Number(ends[1])];
    });
  }

  function setUp(grid) {
    var form = grid.querySelector(".kb-grid__filters");
    var count = grid.querySelector(".kb-grid__count");
    var none = grid.querySelector(".kb-grid__none");
    // Releases in ascending order: the release menu lists them newest first, after "All".
    var order = Array.prototype.map.call(form.elements.release.options, function (option) {
      return option.value;
    }).filter(Boolean).reverse();
    var template = grid.getAttribute("data-shown-template");
    var rows = Array.prototype.map.call(grid.querySelectorAll("tbody tr"), function (row) {
      return {
        element: row,
        // What a row is found by: all it shows, and its article's description in the reader's language.
        text: (row.textContent + " " + (row.getAttribute("data-search") || "")).toLowerCase(),
        runs: releaseRuns(row),
        status: row.getAttribute("data-status"),
        categories: row.getAttribute("data-categories").split("|"),
        article: row.getAttribute("data-article")
      };
    });

    function state() {
      var values = {};
      FIELDS.forEach(function (name) { values[name] = form.elements[name].value.trim(); });
      return values;
    }

    function matches(row, values, releaseIndex, words) {
      if (values.status && row.status !== values.status) return false;
      if (values.article && row.article !== values.article) return false;
      if (values.category && row.categories.indexOf(values.category) < 0) return false;
      if (values.release) {
        if (releaseIndex < 0) return false;
        if (!row.runs.some(function (run) { return run[0] <= releaseIndex && releaseIndex <= run[1]; })) return false;
      }
      return words.every(function (word) { return row.text.indexOf(word) >= 0; });
    }

    function apply(updateUrl) {
      var values = state();
      var releaseIndex = order.indexOf(values.release);
      var words = values.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = matches(row, values, releaseIndex, words);
        row.element.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = template.replace("{shown}", shown.toLocaleString(document.documentElement.lang))
                                  .replace("{total}", rows.length.toLocaleString(document.documentElement.lang));
      grid.setAttribute("data-shown", String(shown));
      none.hidden = shown > 0;
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        FIELDS.forEach(function (name) {
          if (values[name]) params.set(name, values[name]); else params.delete(name);
        });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    });
    form.hidden = false;
    form.addEventListener("input", function () { apply(true); });  // menus fire it too
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
    apply(false);
    if (window.location.hash) {
      var target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target && target.hidden) { form.reset(); apply(true); }
      if (target) target.scrollIntoView();
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".kb-grid"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
