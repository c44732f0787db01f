/* What a search finds: Pagefind's words, relaxed, spelled, across languages (an ES module, search.js
 * imports it on first use).
 *
 * Pagefind answers a query only with the pages that hold every one of its
 * words. Here each word (a "term") is searched on its own, in the chunks
 * the whole query fetches anyway, and the pages are ranked by what they
 * hold: first those with every term, by Pagefind's score; when they are
 * fewer than HANDFUL, then those with most of them, weighted by how rare
 * each term is, and the terms they lack are said. A term can be said in
 * several ways: the language's synonyms ("quote" and "cart"), the parts of
 * a code word ("system.log" is also "system log"), the indexed word closest
 * to a misspelt one. When the reader's language finds fewer than HANDFUL
 * pages with every term, the default language's index is searched too:
 * its pages are shown at the reader's address, marked.
 */

export const HANDFUL = 5;
// A page that lacks terms is shown only if what it holds weighs at least this share of the query.
const RELAXED_SHARE = 0.5;
const RARE = 2;  // a word on this many pages or fewer may be a typo: a close word on many more is suggested
// Pagefind's search script removes these from a query (its \p{Pd}|\p{Pe}|\p{Pf}|\p{Pi}|\p{Po}|\p{Ps}).
const PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
const SEGMENTED = ["zh", "ja", "th"];  // written without spaces: Pagefind's script cuts them with Intl.Segmenter

/* A word as Pagefind's search script compares it: lower case, without marks or punctuation. */
export function normalize(word) {
  return word.toLocaleLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(PUNCTUATION, "");
}

/* The words of a text as the reader's language cuts them. */
export function words(text, lang) {
  var primary = (lang || "").split("-")[0].toLowerCase();
  if (SEGMENTED.indexOf(primary) >= 0 && typeof Intl.Segmenter === "function") {
    var cut = [];
    for (var part of new Intl.Segmenter(lang, { granularity: "word" }).segment(text)) {
      if (part.isWordLike) cut.push(part.segment);
    }
    return cut.filter(function (word) { return normalize(word); });
  }
  return text.split(/\s+/).filter(function (word) { return normalize(word); });
}

/* The query's terms: each is what the reader typed (label) and the ways it may be written (alternatives),
 * a phrase of the synonyms counting as one term. */
export function terms(query, lang, synonyms) {
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
      found.push({ label: typed[at], alternatives: unique([typed[at], codeParts(typed[at])].filter(Boolean)) });
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

/* One language's index: its Pagefind bundle, its page count, its words (kb-search.json). */
export class Index {
  constructor(pagefind, info, infoUrl, lang) {
    this.pagefind = pagefind;
    this.info = info || { pages: 0, vocabulary: [] };
    this.infoUrl = infoUrl;
    this.lang = lang;
    this.found = new Map();  // alternative + filters -> its pages
    this.shards = new Map();  // word file -> its words
  }

  /* The pages that hold ``alternative`` (every word of it): id -> {score, result}. */
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

  /* The indexed word closest to ``word`` that starts with the same letter and is on ``pages`` pages at
   * least, as pages write it; null if none lies within one edit (two for a word of eight letters or more). */
  suggest(word, pages) {
    var plain = normalize(word);
    if ([...plain].length < 4 || /\d/.test(plain)) return Promise.resolve(null);
    var first = plain.codePointAt(0);
    var files = this.info.vocabulary.filter(function (shard) { return shard[0] <= first && first <= shard[1]; });
    var self = this;
    return Promise.all(files.map(function (shard) { return self.shard(shard[2]); })).then(function (lists) {
      var limit = [...plain].length >= 8 ? 2 : 1;
      var best = null;
      lists.forEach(function (entries) {
        entries.forEach(function (entry) {
          if (entry[0].codePointAt(0) !== first || entry[0] === plain || entry[1] < pages) return;
          if (Math.abs(entry[0].length - plain.length) > limit) return;
          var distance = editDistance(plain, entry[0], limit);
          if (distance <= limit && (!best || distance < best.distance ||
              (distance === best.distance && entry[1] > best.pages))) {
            best = { distance: distance, pages: entry[1], word: entry[2] || entry[0] };
          }
        });
      });
      return best && best.word;
    });
  }

  shard(path) {
    if (!this.shards.has(path)) {
      this.shards.set(path, fetch(new URL(path, this.infoUrl)).then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; }));
    }
    return this.shards.get(path);
  }
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

/* The pages of ``index`` for the query's ``found`` terms, ranked. Each: {id, index, score, share, matched
 * (the terms' alternatives it holds, by term), lacking (labels of the terms it lacks), complete}. */
export function rank(index, found, termHits) {
  var total = index.info.pages || 1;
  var weights = termHits.map(function (hits) { return idf(total, hits.size); });
  var unknownWeight = idf(total, 0);
  var whole = weights.reduce(function (sum, weight, at) { return sum + (termHits[at].size ? weight : unknownWeight); }, 0);
  var known = termHits.filter(function (hits) { return hits.size; }).length;
  var pages = new Map();
  termHits.forEach(function (hits, at) {
    hits.forEach(function (hit, id) {
      var page = pages.get(id);
      if (!page) pages.set(id, page = { id: id, index: index, score: 0, weight: 0, matched: [] });
      page.score += hit.score;
      page.weight += weights[at];
      page.matched[at] = hit.alternative;
    });
  });
  var ranked = [];
  pages.forEach(function (page) {
    var held = page.matched.filter(Boolean).length;
    page.complete = held === known;
    page.share = page.weight / whole;
    page.lacking = found.filter(function (term, at) { return termHits[at].size && !page.matched[at]; })
      .map(function (term) { return term.label; });
    ranked.push(page);
  });
  ranked.sort(function (a, b) {
    return (b.complete - a.complete) || (b.score - a.score);
  });
  return ranked;
}

function idf(total, pages) {
  return Math.log(1 + (total - pages + 0.5) / (pages + 0.5));
}

/* Each term's pages: id -> {score, alternative}, the best alternative's, with ``extra`` alternatives per
 * term (a spelling suggestion). */
export function termHits(index, found, filters, extra) {
  return Promise.all(found.map(function (term, at) {
    var alternatives = term.alternatives.concat(extra && extra[at] ? [extra[at]] : []);
    return Promise.all(alternatives.map(function (alternative) { return index.hits(alternative, filters); }))
      .then(function (lists) {
        var best = new Map();
        lists.forEach(function (pages, which) {
          pages.forEach(function (result, id) {
            var known = best.get(id);
            if (!known || result.score > known.score) {
              best.set(id, { score: result.score, alternative: alternatives[which], result: result });
            }
          });
        });
        return best;
      });
  }));
}

/* What a page shows: Pagefind's data for the page under the query of the alternatives it holds (its
 * excerpt marks them all), and the one section that holds every match, if one does. */
export function details(page, filters) {
  var query = page.matched.filter(Boolean).join(" ") || null;
  return page.index.pagefind.search(query, { filters: filters }).then(function (answer) {
    var result = answer && answer.results.find(function (candidate) { return candidate.id === page.id; });
    return result ? result.data() : null;
  }).then(function (data) {
    if (!data) return null;
    return { data: data, section: section(data) };
  });
}

/* The sub-result (a heading's part of the page) that holds every match outside the title and the text
 * before the first heading below it; null if the matches lie there or in several sections. */
export function section(data) {
  var parts = (data.sub_results || []).filter(function (part) { return part.anchor && !/^h1$/i.test(part.anchor.element); });
  var firstHeading = parts.length ? parts[0].anchor.location : Infinity;
  var top = (data.locations || []).some(function (location) { return location < firstHeading; });
  var holding = parts.filter(function (part) { return part.locations && part.locations.length; });
  return !top && holding.length === 1 ? holding[0] : null;
}

/* The pages for ``query`` in the reader's ``index``, and in the default language's (``other``: a function
 * that loads its Index, or null) when the reader's has fewer than HANDFUL pages with every term: {pages, suggestions
 * (misspelt label -> the word meant)}. Pages of ``other`` are marked ``crossed``. */
export async function find(index, other, query, options) {
  var filters = options.filters;
  if (!query) {  // the filters alone
    var all = [{ label: "", alternatives: [null] }];
    return { pages: rank(index, all, await termHits(index, all, filters)), suggestions: {} };
  }
  var found = /^\s*".+"\s*$/.test(query) ? [{ label: query, alternatives: [query] }] : terms(query, index.lang, options.synonyms);
  var hits = await termHits(index, found, filters);
  var pages = kept(rank(index, found, hits));
  var crossed = [], theirs = null;
  if (other && pages.filter(function (page) { return page.complete; }).length < HANDFUL) {
    theirs = await other();
    var theirTerms = terms(query, theirs.lang, []);
    var theirHits = await termHits(theirs, theirTerms, filters);
    crossed = kept(rank(theirs, theirTerms, theirHits));
    crossed.forEach(function (page) { page.crossed = true; });
  }
  var suggestions = await misspelt(index, found, hits, theirs);
  if (Object.keys(suggestions).length) {
    hits = await termHits(index, found, filters, found.map(function (term) { return suggestions[term.label]; }));
    pages = kept(rank(index, found, hits));
  }
  return { pages: merged(pages, crossed), suggestions: suggestions };
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

/* A suggestion for each one-word term that no page holds, or RARE pages only while a close word is on many
 * more (a typo in a page or two: "invocie"); not for a word the default language's index (``theirs``,
 * when it was searched) knows well: an English word pasted on another language's site is no typo. */
async function misspelt(index, found, hits, theirs) {
  var words = await Promise.all(found.map(async function (term, at) {
    var pages = hits[at].size;
    if (pages > RARE || /\s/.test(term.label)) return null;
    if (theirs && (await theirs.hits(term.label)).size > RARE) return null;
    return index.suggest(term.label, pages ? Math.max(5, 10 * pages) : 1);
  }));
  var suggestions = {};
  found.forEach(function (term, at) { if (words[at]) suggestions[term.label] = words[at]; });
  return suggestions;
}
