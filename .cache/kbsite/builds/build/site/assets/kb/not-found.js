/* The 404 page: the message in the reader's language first, as the page's heading. The reader's
 * language is the one whose folder the missing address is in (/fr/..., /zh-Hans/...); the
 * default language's stays first for any other address. */
(function () {
  "use strict";

  function retitle(section, tag) {
    var heading = section.querySelector("h1, h2");
    var replacement = document.createElement(tag);
    replacement.textContent = heading.textContent;
    heading.replaceWith(replacement);
  }

  function start() {
    var list = document.querySelector("[data-kb-not-found]");
    if (!list) return;
    var root = new URL(list.getAttribute("data-root"), window.location.href).pathname;
    var path = window.location.pathname;
    if (path.indexOf(root) !== 0) return;
    path = path.slice(root.length);
    var sections = Array.prototype.slice.call(list.querySelectorAll("[data-kb-prefix]"));
    var reader = sections.filter(function (section) {
      var prefix = section.getAttribute("data-kb-prefix");
      return prefix && path.indexOf(prefix) === 0;
    })[0];
    if (!reader || reader === sections[0]) return;
    retitle(sections[0], "h2");
    retitle(reader, "h1");
    list.insertBefore(reader, sections[0]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
