// painguide site search: runs in the page, from file:// or any host; sends nothing anywhere.
// The index (search-index) is made by painguide/site/search_index.py from the CLI's own index.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-index").textContent);
  var words = JSON.parse(document.getElementById("search-text").textContent);
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var out = document.getElementById("results");
  var WORD = /[\p{L}\p{N}]+/gu;
  var SYNONYM = 0.6, IN_TITLE = 0.2;
  var stemOf = {};
  var vocab = [];
  Object.keys(data.vocab).forEach(function (stem) {
    data.vocab[stem].split(" ").forEach(function (w) { stemOf[w] = stem; vocab.push(w); });
  });
  Object.keys(data.postings).forEach(function (s) { if (!(s in stemOf)) { stemOf[s] = s; vocab.push(s); } });
  var stop = new Set(data.stop);
  var distress = new Set(data.distress);

  function fold(s) { return s.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, ""); }
  function tokens(s) { return fold(s).match(WORD) || []; }
  function stem(w) { return stemOf[w] || w; }
  function known(s) { return s in data.postings || s in data.names; }

  function near(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return false;
    var prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        best = Math.min(best, cur[j]);
      }
      if (best > limit) return false;
      prev = cur;
    }
    return prev[b.length] <= limit;
  }

  // A word no topic uses: the catalog words it starts, else the ones it is a misspelling of.
  function alternatives(w) {
    if (known(stem(w))) return [stem(w)];
    var found = [];
    if (w.length >= 4) vocab.forEach(function (v) { if (v.indexOf(w) === 0) found.push(stem(v)); });
    var limit = w.length >= 8 ? 2 : w.length >= 5 ? 1 : 0;
    if (!found.length && limit) vocab.forEach(function (v) { if (v[0] === w[0] && near(w, v, limit)) found.push(stem(v)); });
    return Array.from(new Set(found)).slice(0, 20);
  }

  // The question as concepts, each a list of alternatives {stems, weight}; and the kind of answer it asks for.
  function read(question) {
    var ws = tokens(question), concepts = [], kind = null, i = 0;
    while (i < ws.length) {
      var matched = null;
      data.synonyms.forEach(function (syn) {
        var parts = syn[0].split(" ");
        if (ws.slice(i, i + parts.length).join(" ") === syn[0] && (!matched || parts.length > matched[0].split(" ").length)) matched = syn;
      });
      if (matched) {
        var typed = matched[0].split(" ").filter(function (w) { return !stop.has(w); }).map(stem);
        var alts = typed.length ? [{stems: typed, weight: 1}] : [];
        matched[1].forEach(function (target) { alts.push({stems: target, weight: SYNONYM}); });
        concepts.push({label: matched[0], alts: alts});
        i += matched[0].split(" ").length;
        continue;
      }
      var w = ws[i++];
      if (distress.has(w)) kind = "distress";
      if (stop.has(w)) continue;
      if (w in data.asks) { if (!kind && data.asks[w] === "safety") kind = "safety"; continue; }
      concepts.push({label: w, alts: alternatives(w).map(function (s) { return {stems: [s], weight: 1}; })});
    }
    return {concepts: concepts, kind: kind, folded: " " + ws.join(" ") + " "};
  }

  function docsWith(table, stems) {
    var result = null;
    stems.forEach(function (s) {
      var ids = new Set(table[s] || []);
      result = result === null ? ids : new Set(Array.from(result).filter(function (d) { return ids.has(d); }));
    });
    return result || new Set();
  }

  function search(question) {
    var q = read(question), n = data.topics.length, topics = {};
    var prefer = {};
    ((q.kind && data.prefer[q.kind]) || []).forEach(function (p) { prefer[p[0]] = p[1]; });
    q.concepts.forEach(function (c, ci) {
      var inDocs = {}, inNames = {}, covered = new Set();
      c.alts.forEach(function (alt) {
        docsWith(data.postings, alt.stems).forEach(function (d) {
          inDocs[d] = Math.max(inDocs[d] || 0, alt.weight); covered.add(data.docs[d][0]);
        });
        docsWith(data.names, alt.stems).forEach(function (t) { inNames[t] = Math.max(inNames[t] || 0, alt.weight); covered.add(t); });
      });
      var idf = Math.log(1 + n / (1 + covered.size));
      Object.keys(inDocs).forEach(function (d) {
        var t = data.docs[d][0], entry = topics[t] || (topics[t] = {concepts: new Set(), docs: {}, names: 0});
        entry.concepts.add(ci);
        // A word the title already shows says little about which line answers (as in the CLI's search).
        entry.docs[d] = (entry.docs[d] || 0) + inDocs[d] * idf * (t in inNames ? IN_TITLE : 1);
      });
      Object.keys(inNames).forEach(function (t) {
        var entry = topics[t] || (topics[t] = {concepts: new Set(), docs: {}, names: 0});
        entry.concepts.add(ci); entry.names += 2 * inNames[t] * idf;
      });
    });
    var ranked = Object.keys(topics).map(function (t) {
      var e = topics[t], best = -1, score = 0;
      Object.keys(e.docs).forEach(function (d) {
        var s = e.docs[d] * (prefer[data.docs[d][1]] || 1);
        if (s > score) { score = s; best = +d; }
      });
      if (best < 0) best = data.docs.findIndex(function (doc) { return doc[0] === +t && data.fields[doc[1]] === "summary"; });
      return {topic: +t, hit: e.concepts.size, score: score + e.names, doc: best};
    });
    ranked.sort(function (a, b) { return b.hit - a.hit || b.score - a.score || a.topic - b.topic; });
    var stems = new Set();
    q.concepts.forEach(function (c) { c.alts.forEach(function (a) { a.stems.forEach(function (s) { stems.add(s); }); }); });
    var typed = safetyWords(question);
    var alerts = data.alerts.filter(function (a) {
      return a.phrases.some(function (groups) { return phraseMatches(groups, typed); });
    });
    return {alerts: alerts, hits: ranked.slice(0, 10), total: ranked.length, stems: stems};
  }

  // The safety net's matching, as painguide.safety_net does it: words folded (case,
  // accents, apostrophes, and b/v, s/z and s/c before e or i as one letter), "my self"
  // joined, a word ending in * matching any ending,
  // one slip allowed in a word of six letters or more, and every + part present.
  var JOINED = {"my self": "myself", "your self": "yourself", "mi self": "myself"};
  function safetyWords(text) {
    var plain = text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/['\u2019\u02bc`]/g, "");
    var out = [];
    plain.split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
      if (!w) return;
      w = w.replace(/v|z|c(?=[ei])/g, function (c) { return c === "v" ? "b" : "s"; });
      if (out.length && JOINED[out[out.length - 1] + " " + w]) out[out.length - 1] = JOINED[out[out.length - 1] + " " + w];
      else out.push(w);
    });
    return out;
  }
  function slips(a, b) {
    // Edit distance with swaps, cut off above 1.
    if (Math.abs(a.length - b.length) > 1) return 2;
    var prev = [], before = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var cur = [i];
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
        cur.push(v);
      }
      before = prev; prev = cur;
    }
    return prev[b.length];
  }
  function close(w, wanted) {
    if (wanted.slice(-1) === "*") {
      var stemmed = wanted.slice(0, -1);
      if (w.indexOf(stemmed) === 0) return true;
      if (stemmed.length < 6) return false;
      return [stemmed.length - 1, stemmed.length, stemmed.length + 1].some(function (k) { return slips(w.slice(0, k), stemmed) <= 1; });
    }
    if (w === wanted) return true;
    return wanted.length >= 6 && Math.abs(w.length - wanted.length) <= 1 && slips(w, wanted) <= 1;
  }
  function hasRun(ws, group) {
    for (var start = 0; start + group.length <= ws.length; start++) {
      if (group.every(function (g, k) { return close(ws[start + k], g); })) return true;
    }
    return false;
  }
  function phraseMatches(groups, ws) {
    return groups.length > 0 && groups.every(function (g) { return hasRun(ws, g); });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function snippet(text, stems) {
    var p = document.createDocumentFragment(), last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (stems.has(stem(fold(m[0])))) {
        p.appendChild(document.createTextNode(text.slice(last, m.index)));
        p.appendChild(el("mark", {}, m[0]));
        last = m.index + m[0].length;
      }
    }
    p.appendChild(document.createTextNode(text.slice(last)));
    return p;
  }

  function show(question) {
    out.textContent = "";
    if (!question.trim()) return;
    var r = search(question);
    r.alerts.forEach(function (a) {
      var box = el("div", {"class": "callout urgent", role: "alert", "data-alert": a.kind});
      box.appendChild(el("p", {"class": "callout-title"})).appendChild(el("strong", {}, a.title));
      var list = box.appendChild(el("ul"));
      a.lines.forEach(function (line) { list.appendChild(el("li", {}, line)); });
      out.appendChild(box);
    });
    var status = r.total === 0 ? words.none : (r.total === 1 ? words.one : words.many).replace("{count}", r.total);
    out.appendChild(el("p", {"class": "status", role: "status"}, status));
    if (!r.hits.length) return;
    var ol = out.appendChild(el("ol"));
    r.hits.forEach(function (h) {
      var t = data.topics[h.topic], li = ol.appendChild(el("li"));
      li.appendChild(el("a", {href: t[2]}, t[1]));
      if (h.doc >= 0) {
        var doc = data.docs[h.doc], p = li.appendChild(el("p"));
        p.appendChild(el("span", {"class": "section"}, data.sections[doc[1]] + words.sep));
        p.appendChild(snippet(doc[2], r.stems));
      }
    });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); show(input.value); });
  input.addEventListener("input", function () { show(input.value); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; show(asked); }
}());
