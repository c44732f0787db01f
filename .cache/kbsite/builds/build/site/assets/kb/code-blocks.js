/* Material puts the copy button of each code block in a <nav> of its own: a
 * page with five code blocks had five unnamed navigation landmarks, which
 * screen readers list next to the real navigation. A copy button is no
 * navigation: its <nav> is given no role (the button keeps its own). Material
 * adds the buttons after the page is parsed, so they are taken as they come. */
(function () {
  "use strict";

  var SELECTOR = "nav.md-code__nav:not([role])";

  function unlandmark(root) {
    Array.prototype.forEach.call(root.querySelectorAll(SELECTOR), function (nav) {
      nav.setAttribute("role", "none");
    });
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      Array.prototype.forEach.call(change.addedNodes, function (node) {
        if (node.nodeType !== Node.ELEMENT_NODE) return;
        if (node.matches(SELECTOR)) node.setAttribute("role", "none");
        else unlandmark(node);
      });
    });
  }).observe(document.body, { childList: true, subtree: true });
  unlandmark(document);
})();
