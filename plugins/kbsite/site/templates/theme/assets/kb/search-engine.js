/* What a search finds: Pagefind's words, relaxed, spelled, across languages (an ES module, search.js
 * imports it on first use).
 *
 * Pagefind answers a query only with the pages that hold every one of its
 * words, and when no indexed word begins like a query's word, it searches a
 * shorter beginning of it instead (Pagefind issue 599: "opensaerch" finds
 * every page with a word in "open"). Here each word (a "term") is searched
 * on its own, in the chunks the whole query fetches anyway, and the pages
 * are ranked by what they hold: first those with every term, by the sum of
 * Pagefind's scores; when they are fewer than HANDFUL, then those with some,
 * by the same sum, saying which terms they lack. A term may be written in
 * several ways: the language's synonyms ("quote" and "cart"); and, as the
 * language's word list (kb-search.json) tells, the code words it ends
 * ("var/log/system.log" for "system.log") and, for a word no page writes,
 * the closest word pages do write, which is also offered as "Did you mean".
 * When the reader's pages do not write a word of the query or none has
 * every term (fewer than HANDFUL, where some articles are not translated),
 * the default language's index is searched too: its pages are shown at the
 * reader's address, marked.
 */

export const HANDFUL = 5;
// A page that lacks terms is shown only if what it holds weighs at least this share of the best page's.
const RELAXED_SHARE = 0.5;
// A word on this many pages or fewer may be a typo ("invocie"): a close word on five times as many is suggested.
const RARE = 2;
const CHECKED = 4;  // letters of the shortest word checked against the word list
// A term on more than this share of the pages ("the", "a": Pagefind extends "a" to every word in a) counts in the
// ranking, where it weighs little, but is not marked in excerpts, which would show the page's first lines.
const COMMON = 0.5;
// Pagefind's search script removes these from a query (its \p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}).
const PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
const SEGMENTED = ["zh", "ja", "th"];  // written without spaces: Pagefind's script cuts them with Intl.Segmenter
// Their scripts (and punctuation), as site/word_breaks.py knows them: where a run of text needs cutting.
const UNSPACED = /[\u0e00-\u0e7f\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3134f}]/u;
const LAST = "\u{10FFFF}";  // sorts after every word: [p, p + LAST] are the words that begin with p

/* A word as Pagefind's search script compares it: lower case, without marks or punctuation. */
export function normalize(word) {
  return word.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(PUNCTUATION, "");
}

/* The words of a text as the reader's language cuts them; in a language written without spaces, a run of
 * other characters between spaces (a code word, "var/log/system.log") stays whole, as the index has it. */
export function words(text, lang) {
  var primary = (lang || "").split("-")[0].toLowerCase();
  var pieces = text.split(/\s+/);
  if (SEGMENTED.indexOf(primary) >= 0 && typeof Intl.Segmenter === "function") {
    var segmenter = new Intl.Segmenter(lang, { granularity: "word" });
    pieces = [].concat.apply([], pieces.map(function (piece) {
      if (!UNSPACED.test(piece)) return [piece];
      var cut = [];
      for (var part of segmenter.segment(piece)) if (part.isWordLike) cut.push(part.segment);
      return cut;
    }));
  }
  return pieces.filter(function (word) { return normalize(word); });
}

/* The query's terms: each is what the reader typed (label) and the ways it may be written (alternatives),
 * a phrase of the synonyms counting as one term; a code word's parts (parts) are searched only when pages
 * have no such word. */
export function terms(query, lang, synonyms) {
  if (/^\s*".+"\s*$/.test(query)) return [{ label: query, alternatives: [query] }];  // Pagefind's exact phrase
  var typed = words(query, lang);
  var phrases = (synonyms || []).map(function (group) {
    return group.map(function (phrase) { return words(String(phrase), lang).map(normalize); });
  });
  var found = [];
  for (var at = 0; at < typed.length;) {
    var match = longestPhrase(typed.slice(at).map(normalize), phrases);
    if (match) {
      var label = typed.slice(at, at + match.length).join(" ");
      found.push({ label: label, alternatives: unique([label].concat(match.group.map(function (p) { return p.join(" "); }))) });
      at += match.length;
    } else {
      found.push({ label: typed[at], alternatives: [typed[at]], parts: codeParts(typed[at]) });
      at += 1;
    }
  }
  return found;
}

function longestPhrase(rest, groups) {
  var best = null;
  groups.forEach(function (group) {
    group.forEach(function (phrase) {
      if (phrase.length && (!best || phrase.length > best.length) &&
          phrase.every(function (word, i) { return rest[i] === word; })) {
        best = { length: phrase.length, group: group };
      }
    });
  });
  return best;
}

/* "system.log" -> "system log": Pagefind indexes a word joined by punctuation as a whole and as its parts,
 * and a query of a whole that pages only hold inside a longer one ("var/log/system.log") finds them by the
 * parts. Parts shorter than three letters are left out: Pagefind extends every word of a query ("de" finds
 * "default"), and they would match nearly every page. */
function codeParts(word) {
  var parts = word.split(PUNCTUATION).filter(function (part) { return [...part].length >= 3; });
  return parts.length > 1 ? parts.join(" ") : null;
}

function unique(list) {
  var seen = {};
  return list.filter(function (item) {
    var key = item.toLocaleLowerCase();
    if (seen[key]) return false;
    seen[key] = true;
    return true;
  });
}

/* One language's index: its Pagefind bundle, its page count and its word list (kb-search.json). */
export class Index {
  constructor(pagefind, info, infoUrl, lang) {
    this.pagefind = pagefind;
    this.info = info || { pages: 0, vocabulary: null };
    this.infoUrl = infoUrl;
    this.lang = lang;
    this.found = new Map();  // alternative + filters -> its pages
    this.files = new Map();  // number of a word file -> its words
  }

  /* The pages that hold ``alternative`` (every word of it): id -> Pagefind's result. */
  hits(alternative, filters) {
    var key = JSON.stringify([alternative, filters || null]);
    if (!this.found.has(key)) {
      this.found.set(key, this.pagefind.search(alternative, { filters: filters }).then(function (answer) {
        var pages = new Map();
        (answer ? answer.results : []).forEach(function (result) { pages.set(result.id, result); });
        return pages;
      }));
    }
    return this.found.get(key);
  }

  /* How pages write ``word``: null if it is not checked (no word list, fewer than four letters, digits),
   * else {known: whether pages have a word that begins like it (but for its last two letters, which
   * inflections change), pages: how many have it as it is, wholes: the code words it ends, if any
   * ("var/log/system.log" for "system.log")}. */
  spelling(word) {
    var plain = normalize(word);
    var letters = [...plain];
    if (!this.info.vocabulary || letters.length < CHECKED || !/^[\p{L}_]+$/u.test(plain)) return Promise.resolve(null);
    var beginning = letters.slice(0, Math.max(CHECKED, letters.length - 2)).join("");
    return this.listed(beginning).then(function (entries) {
      var same = entries.find(function (entry) { return entry[0] === plain; });
      return {
        // A code word's end is listed for the code words it ends, on no page by itself (0 pages).
        known: entries.some(function (entry) { return entry[1] > 0 && entry[0].startsWith(beginning); }),
        pages: same ? same[1] : 0,
        wholes: same && same[3],
      };
    });
  }

  /* The listed word closest to ``word`` that begins with the same letter and is on ``pages`` pages at least,
   * as pages write it; null if none lies within one edit (two for a word of eight letters or more). */
  suggest(word, pages) {
    var plain = normalize(word);
    var first = String.fromCodePoint(plain.codePointAt(0));
    var limit = [...plain].length >= 8 ? 2 : 1;
    return this.listed(first).then(function (entries) {
      var best = null;
      entries.forEach(function (entry) {
        if (!entry[0].startsWith(first) || entry[0] === plain || entry[1] < pages) return;
        if (Math.abs(entry[0].length - plain.length) > limit) return;
        var distance = editDistance(plain, entry[0], limit);
        if (distance <= limit && (!best || distance < best.distance ||
            (distance === best.distance && entry[1] > best.pages))) {
          best = { distance: distance, pages: entry[1], word: entry[2] || entry[0] };
        }
      });
      return best && best.word;
    });
  }

  /* The words of the files that may hold a word beginning with ``beginning``. */
  listed(beginning) {
    var starts = this.info.vocabulary.starts;
    var from = lastBefore(starts, beginning), to = lastBefore(starts, beginning + LAST);
    var numbers = [];
    for (var number = Math.max(from, 0); number <= to; number++) numbers.push(number);
    var self = this;
    return Promise.all(numbers.map(function (number) { return self.file(number); })).then(function (lists) {
      return [].concat.apply([], lists);
    });
  }

  file(number) {
    if (!this.files.has(number)) {
      var url = new URL(this.info.vocabulary.folder + "/" + number + ".json", this.infoUrl);
      this.files.set(number, fetch(url).then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; }));
    }
    return this.files.get(number);
  }
}

/* The position of the last of the sorted ``starts`` that sorts before or as ``word`` (code point order, as the
 * build sorts), -1 if none. */
function lastBefore(starts, word) {
  var at = -1;
  for (var i = 0; i < starts.length && compare(starts[i], word) <= 0; i++) at = i;
  return at;
}

function compare(a, b) {
  var left = [...a], right = [...b];
  for (var i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i].codePointAt(0) - right[i].codePointAt(0);
  }
  return left.length - right.length;
}

/* Damerau-Levenshtein distance (adjacent transpositions count one), given up past ``limit``. */
export function editDistance(a, b, limit) {
  var rows = [[]];
  for (var j = 0; j <= b.length; j++) rows[0][j] = j;
  for (var i = 1; i <= a.length; i++) {
    rows[i] = [i];
    var smallest = i;
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      var value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2][j - 2] + 1);
      rows[i][j] = value;
      smallest = Math.min(smallest, value);
    }
    if (smallest > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/* The terms as ``index`` is searched for them. A word pages do not write is not searched as typed
 * (Pagefind would search a beginning of it) but as the code words it ends, which Pagefind indexes whole
 * ("var/log/system.log" for "system.log"), else, for a code word, its parts (they match many more pages:
 * only then), or the suggestion for it. */
function written(found, spelled, suggestions) {
  return found.map(function (term, at) {
    var spelling = spelled[at];
    var alternatives = term.alternatives.slice();
    if (spelling && !spelling.known) alternatives.shift();
    if (spelling && spelling.wholes) alternatives = alternatives.concat(spelling.wholes);
    else if (term.parts && (!spelling || !spelling.known)) alternatives.push(term.parts);
    if (suggestions[term.label]) alternatives.push(suggestions[term.label]);
    return alternatives;
  });
}

/* Each term's pages: id -> {score, alternative, result}, the best alternative's. */
export function termHits(index, alternatives, filters) {
  return Promise.all(alternatives.map(function (ways) {
    return Promise.all(ways.map(function (way) { return index.hits(way, filters); })).then(function (lists) {
      var best = new Map();
      lists.forEach(function (pages, which) {
        pages.forEach(function (result, id) {
          var known = best.get(id);
          if (!known || result.score > known.score) best.set(id, { score: result.score, alternative: ways[which], result: result });
        });
      });
      return best;
    });
  }));
}

/* The pages of ``index`` for the query's ``found`` terms, ranked: those with every term the index has, then
 * the others, each group by the sum of its terms' scores. Each page: {id, index, score, share (of the query's
 * weight its terms carry, a term no page has counting as the rarest), matched (the alternative of each term
 * it holds), marked (those of them to mark in its excerpt), lacking (the labels of the terms it lacks),
 * complete}. */
export function rank(index, found, termHits) {
  var total = index.info.pages || 1;
  var weights = termHits.map(function (hits) { return idf(total, hits.size); });
  var whole = weights.reduce(function (sum, weight) { return sum + weight; }, 0);
  var known = termHits.filter(function (hits) { return hits.size; }).length;
  var pages = new Map();
  termHits.forEach(function (hits, at) {
    var common = hits.size > COMMON * total;
    hits.forEach(function (hit, id) {
      var page = pages.get(id);
      if (!page) pages.set(id, page = { id: id, index: index, score: 0, weight: 0, matched: [], marked: [] });
      page.score += hit.score;
      page.weight += weights[at];
      page.matched[at] = hit.alternative;
      if (!common) page.marked.push(hit.alternative);
    });
  });
  var ranked = [];
  pages.forEach(function (page) {
    page.complete = page.matched.filter(Boolean).length === known;
    page.share = page.weight / whole;
    page.lacking = found.filter(function (term, at) { return termHits[at].size && !page.matched[at]; })
      .map(function (term) { return term.label; });
    ranked.push(page);
  });
  return ranked.sort(function (a, b) { return (b.complete - a.complete) || (b.score - a.score); });
}

function idf(total, pages) {
  return Math.log(1 + (total - pages + 0.5) / (pages + 0.5));
}

/* The pages for ``query`` in the reader's ``index``, and in the default language's (``other``: a function
 * that loads its Index, or null) when the reader's pages do not write a word of the query, or none has every
 * term, or, if some articles have no version in the reader's language (``options.untranslated``: only the
 * default language's index has them), fewer than HANDFUL do: {pages, suggestions (misspelt label -> the word
 * meant)}. Pages of the other index are marked ``crossed``. Where every article is translated, the other
 * index has the same articles in other words: it is asked when the reader's words fail (an English error
 * message pasted on the Japanese site), not for a patch id that one article of the reader's language holds. */
export async function find(index, other, query, options) {
  var filters = options.filters;
  if (!query) {  // the filters alone
    var everything = [{ label: "" }];
    return { pages: rank(index, everything, await termHits(index, [[null]], filters)), suggestions: {} };
  }
  var found = terms(query, index.lang, options.synonyms);
  var spelled = await Promise.all(found.map(function (term) { return single(term) ? index.spelling(term.label) : null; }));
  var pages = kept(rank(index, found, await termHits(index, written(found, spelled, {}), filters)));
  var crossed = [], theirs = null;
  var complete = pages.filter(function (page) { return page.complete; }).length;
  var unknown = spelled.some(function (spelling) { return spelling && !spelling.known && !spelling.wholes; });
  if (other && (unknown || complete < (options.untranslated ? HANDFUL : 1))) {
    theirs = await other();
    var theirTerms = terms(query, theirs.lang, []);
    var theirSpelling = await Promise.all(theirTerms.map(function (term) { return single(term) ? theirs.spelling(term.label) : null; }));
    crossed = kept(rank(theirs, theirTerms, await termHits(theirs, written(theirTerms, theirSpelling, {}), filters)));
    crossed.forEach(function (page) { page.crossed = true; });
  }
  var suggestions = await misspelt(index, found, spelled, theirs);
  if (Object.keys(suggestions).length) {
    pages = kept(rank(index, found, await termHits(index, written(found, spelled, suggestions), filters)));
  }
  return { pages: merged(pages, crossed), suggestions: suggestions };
}

function single(term) {
  return !/\s/.test(term.label);
}

/* Two ranked lists as one, each in its order: a page of ``crossed`` goes before the reader's next one when it
 * holds more of the query (a larger share of its weight). */
function merged(own, crossed) {
  var all = [];
  for (var i = 0, j = 0; i < own.length || j < crossed.length;) {
    all.push(j < crossed.length && (i >= own.length || crossed[j].share > own[i].share) ? crossed[j++] : own[i++]);
  }
  return all;
}

/* The ranked pages worth showing: those with every term, and those whose terms weigh at least RELAXED_SHARE
 * of the best page's. */
function kept(ranked) {
  var best = ranked.length ? Math.max.apply(null, ranked.map(function (page) { return page.share; })) : 0;
  return ranked.filter(function (page) { return page.complete || page.share >= RELAXED_SHARE * best; });
}

/* A suggestion for each word that pages do not write, or that RARE pages only write while a close word is on
 * five times as many; not for a word the default language's index (``theirs``, when it was searched) knows:
 * an English word pasted on another language's site is no typo. */
async function misspelt(index, found, spelled, theirs) {
  var words = await Promise.all(found.map(async function (term, at) {
    var spelling = spelled[at];
    if (!spelling || spelling.wholes || (spelling.known && (spelling.pages === 0 || spelling.pages > RARE))) return null;
    if (theirs && ((await theirs.spelling(term.label)) || {}).known) return null;
    return index.suggest(term.label, spelling.known ? 5 * spelling.pages : 1);
  }));
  var suggestions = {};
  found.forEach(function (term, at) { if (words[at]) suggestions[term.label] = words[at]; });
  return suggestions;
}

/* What a page shows: Pagefind's data for the page under the query of the alternatives it holds but the
 * common ones (its excerpt marks them), and the one section that holds every match, if one does. */
export function details(page, filters) {
  var query = (page.marked.length ? page.marked : page.matched.filter(Boolean)).join(" ") || null;
  return page.index.pagefind.search(query, { filters: filters }).then(function (answer) {
    var result = answer && answer.results.find(function (candidate) { return candidate.id === page.id; });
    return result ? result.data() : null;
  }).then(function (data) {
    return data ? { data: data, section: section(data) } : null;
  });
}

/* The sub-result (a heading's part of the page) that holds every match, when none lies in the title or the
 * text before the first heading below it; null otherwise. */
export function section(data) {
  var parts = (data.sub_results || []).filter(function (part) { return part.anchor && !/^h1$/i.test(part.anchor.element); });
  var firstHeading = parts.length ? parts[0].anchor.location : Infinity;
  var top = (data.locations || []).some(function (location) { return location < firstHeading; });
  var holding = parts.filter(function (part) { return part.locations && part.locations.length; });
  return !top && holding.length === 1 ? holding[0] : null;
}
