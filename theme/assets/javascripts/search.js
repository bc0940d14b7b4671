/* Site search: Pagefind's index of the built site (generator/outputs/search.py) in Material's header search box.
   Everything comes from this site: the bundle in /pagefind/ is downloaded when a reader starts to search, and
   a query fetches only the index chunks for its words. Readers' pages come first; the editors' guide has its
   own group below them. Each result needs its own fragment file, so the first answer shows a few and a button
   brings more. Keyboard: «/» or Tab to the field, ↓/↑ through results, Enter opens, Escape closes. */
(function () {
  "use strict";
  var root = document.querySelector("[data-omo-pagefind]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var input = root.querySelector(".md-search__input");
  var form = root.querySelector("form");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector(".md-search-result__list");
  var bundle = new URL(root.getAttribute("data-omo-pagefind"), document.baseURI);
  var READERS = 5, MORE = 10, EDITORS = 2, IDLE = "Введите слово для поиска";
  var pagefind = null, seq = 0, timer = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        /* Result addresses are taken from the site's root, the folder above the bundle: a site in a sub-folder
           and the 404 page, served at any depth, get working links. */
        /* Searching the chunked index takes milliseconds: on the page itself it saves a worker's 12 KB download
           and a round trip, which matter more on a slow rural connection. */
        return pf.options({ baseUrl: new URL("../", bundle).pathname, excerptLength: 18, noWorker: true })
        .then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function plural(n, one, few, many) {
    var r10 = n % 10, r100 = n % 100;
    if (r10 === 1 && r100 !== 11) return one;
    if (r10 >= 2 && r10 <= 4 && (r100 < 12 || r100 > 14)) return few;
    return many;
  }

  function open(on) {
    if (toggle && toggle.checked !== on) {
      toggle.checked = on;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  /* The excerpt is page text with Pagefind's <mark> around the words found: keep the text and the marks only,
     with «…» where it cuts the page's text short. */
  function excerpt(html, content) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    var p = document.createElement("p");
    var text = parsed.textContent.trim(), whole = (content || "").replace(/\s+/g, " ").trim();
    var cut = text && whole && whole.indexOf(text.replace(/\s+/g, " ")) >= 0;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    });
    if (cut && !whole.startsWith(text.replace(/\s+/g, " "))) p.prepend("…");
    if (cut && !whole.endsWith(text.replace(/\s+/g, " "))) p.append("…");
    return p;
  }

  /* Pagefind's stemmer leaves some Russian forms whole («библиотечный» found only «библиотечный», while
     «библиотечного» found every form), and it matches the beginnings of words: each word of five letters or
     more is asked for without its ending («библиотечн» finds «библиотечный», «библиотечной», «библиотечных»). */
  var ENDING = /(?:ами|ями|ыми|ими|ого|его|ому|ему|ая|яя|ое|ее|ые|ие|ый|ий|ой|ей|ым|им|ом|ем|ых|их|ую|юю|ах|ях|ам|ям|ов|ев|ия|ья|ью|а|я|о|е|ы|и|у|ю|ь|й)$/;
  function stem(word) {
    var bare = word.length >= 5 ? word.replace(ENDING, "") : word;
    return bare.length >= 4 ? bare : word;
  }

  /* A query typed with the Latin layout by mistake («ctvbyfh»): the same keys in the Russian one («семинар»). */
  var LATIN = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`", RUSSIAN = "йцукенгшщзхъфывапролджэячсмитьбюё";
  function russianLayout(query) {
    if (!/^[a-z\[\];',.`\s]+$/i.test(query) || !/[a-z]/i.test(query)) return null;
    return query.toLowerCase().replace(/[a-z\[\];',.`]/g, function (key) { return RUSSIAN[LATIN.indexOf(key)]; });
  }

  function fold(text) { return text.toLowerCase().replace(/ё/g, "е").replace(/[^\p{L}\p{N}]+/gu, ""); }
  function words(query) { return query.split(/[^\p{L}\p{N}]+/u).map(fold).filter(Boolean); }

  /* When a word is not in the index at all, Pagefind falls back to its longest known beginning: «абракадабра»
     finds every «а», «подкова» every «под». A page is shown only if a word marked in its excerpt shares with a
     query word its beginning (the part a Russian stemmer keeps, three to four letters shorter at most). */
  function genuine(data, queryWords) {
    /* A word marked inside a compound («военно-патриотическое») is found by either part: each is a word. */
    var marks = [];
    (data.excerpt.match(/<mark>[\s\S]*?<\/mark>/g) || []).forEach(function (mark) {
      marks.push.apply(marks, words(mark.replace(/<\/?mark>/g, "")));
    });
    if (!marks.length) return true;
    return marks.some(function (mark) {
      return queryWords.some(function (word) {
        var need = Math.min(word.length, Math.max(4, Math.ceil(word.length * 0.6))), same = 0;
        while (same < word.length && same < mark.length && word[same] === mark[same]) same++;
        return same >= need;
      });
    });
  }

  function item(data, editors) {
    var li = document.createElement("li"), a = document.createElement("a");
    var article = document.createElement("article"), title = document.createElement("div");
    li.className = "md-search-result__item";
    a.className = "md-search-result__link";
    a.href = data.url;
    article.className = "md-search-result__article md-typeset" + (editors ? " omo-search__article--editors" : "");
    title.className = "omo-search__title";
    title.textContent = data.meta.title || data.url;
    article.append(title, excerpt(data.excerpt, data.content));
    a.append(article);
    li.append(a);
    return li;
  }

  /* The answer to ``typed`` is shown (the query as typed, also when its Russian layout was looked for). */
  function done(typed) {
    root.removeAttribute("aria-busy");
    root.setAttribute("data-query", typed);
  }

  /* The results' titles and excerpts, without Pagefind's fallbacks. */
  function fetch(results, queryWords) {
    return Promise.all(results.map(function (r) { return r.data(); })).then(function (data) {
      return data.filter(function (d) { return genuine(d, queryWords); });
    });
  }

  /* «Показать ещё»: the next results of the same query, placed where the button was; focus moves to the first. */
  function more(results, from, queryWords, mine) {
    var li = document.createElement("li"), button = document.createElement("button");
    li.className = "omo-search__more";
    button.type = "button";
    button.className = "md-button";
    var rest = results.length - from;
    button.textContent = "Показать ещё " + Math.min(rest, MORE) + " из " + rest;
    button.addEventListener("click", function () {
      button.disabled = true;
      root.setAttribute("aria-busy", "true");
      fetch(results.slice(from, from + MORE), queryWords).then(function (data) {
        if (mine !== seq) return;
        var items = data.map(function (d) { return item(d, false); });
        if (results.length > from + MORE) items.push(more(results, from + MORE, queryWords, mine));
        li.replaceWith.apply(li, items);
        root.removeAttribute("aria-busy");
        var first = items[0] && items[0].querySelector("a, button");
        if (first) first.focus();
      });
    });
    li.append(button);
    return li;
  }

  /* ``retyped``: the query as typed, when this is its letters in the Russian layout (``russianLayout``). */
  function run(query, retyped) {
    var mine = ++seq;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = IDLE;
      done(query);
      return;
    }
    /* ё and е are one letter to the index (``fold``); so they are in the query: both spellings give one list. */
    var queryWords = words(query), asked = queryWords.map(stem).join(" ");
    load().then(function (pf) {
      /* Only the guide's pages carry a filter: a filter file lists its pages, and one of every page
         would cost a reader 20 KB at 10,000 pages. Readers' pages are all results but the guide's. */
      return Promise.all([pf.search(asked), pf.search(asked, { filters: { section: "editors" } })]);
    }).then(function (found) {
      if (mine !== seq) return;
      var guide = new Set(found[1].results.map(function (r) { return r.id; }));
      var readers = found[0].results.filter(function (r) { return !guide.has(r.id); }), editors = found[1].results;
      return Promise.all([fetch(readers.slice(0, READERS), queryWords), fetch(editors.slice(0, EDITORS), queryWords)])
      .then(function (shown) {
        if (mine !== seq) return;
        var items = shown[0].map(function (d) { return item(d, false); });
        if (shown[0].length === READERS && readers.length > READERS) {
          items.push(more(readers, READERS, queryWords, mine));
        }
        if (shown[1].length) {
          var head = document.createElement("li");
          head.className = "omo-search__group";
          head.textContent = "Из руководства для редакторов";
          items.push(head);
          shown[1].forEach(function (d) { items.push(item(d, true)); });
        }
        var russian = russianLayout(query);
        if (!items.length && russian && !retyped) {
          run(russian, query);
          return;
        }
        list.replaceChildren.apply(list, items);
        /* Totals are Pagefind's unless some of the first results were fallbacks: then only what is shown counts. */
        var n = shown[0].length < Math.min(READERS, readers.length) ? shown[0].length : readers.length;
        var m = shown[1].length < Math.min(EDITORS, editors.length) ? shown[1].length : editors.length;
        status.textContent = n + m === 0 ? "Ничего не найдено" :
          (retyped ? "«" + retyped + "» в русской раскладке — «" + query + "». " : "") +
          "Найдено: " + n + " " + plural(n, "страница", "страницы", "страниц") +
          (m ? " и " + m + " в руководстве для редакторов" : "");
        done(retyped || query);
      });
    }).catch(function () {
      if (mine !== seq) return;
      list.replaceChildren();
      status.textContent = "Поиск сейчас недоступен";
      done(retyped || query);
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a, .omo-search__more button")); }

  input.addEventListener("focus", function () { open(true); load(); });
  /* Tab past the search closes it: the open panel would cover the page the focus goes on to. */
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) open(false);
  });
  input.addEventListener("input", function () {
    open(true);
    clearTimeout(timer);
    root.setAttribute("aria-busy", "true");
    timer = setTimeout(function () { run(input.value); }, 80);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) first.click();
  });
  form.addEventListener("reset", function () { setTimeout(function () { run(""); input.focus(); }); });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus();
    });
  }
  root.addEventListener("keydown", function (event) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      open(false);
      /* The field stays in the header on wide screens; on phones it hides, and focus goes to the search button. */
      var button = document.querySelector(".md-header__button[for='__search']");
      if (!button || matchMedia("(min-width: 60em)").matches) input.focus(); else button.focus();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length || root.hasAttribute("aria-busy")) return;
      event.preventDefault();
      var next = event.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
    }
  });
  root.addEventListener("click", function (event) { if (event.target.closest("a")) open(false); });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey &&
        !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.isContentEditable) {
      event.preventDefault();
      input.focus();
    }
  });
})();
