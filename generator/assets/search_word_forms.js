/* Russian word forms in site search.
 *
 * Material's search worker appends "*" to every query word, and Lunr skips the
 * stemmer for such words, so «библиотеки» would not find «библиотека». This
 * prelude of the worker reduces each Russian query word to its stem with Lunr's
 * Russian stemmer before Material sees the query: «библиотеки» becomes
 * «библиотек», and «библиотек*» finds every form of the word.
 */
(function () {
  "use strict";
  var QUERY = 2; /* SearchMessageType.QUERY */
  var MIN_STEM = 3;
  var listen = self.addEventListener.bind(self);

  function stemWord(word) {
    if (!self.lunr || !lunr.ru || !lunr.ru.stemmer) return word;
    var stem = lunr.ru.stemmer(new lunr.Token(word.toLowerCase(), {})).toString();
    return stem.length >= MIN_STEM ? stem : word;
  }

  function stemQuery(query) {
    return query.replace(/[А-Яа-яЁё]+/g, stemWord);
  }

  self.addEventListener = function (type, handler, options) {
    if (type !== "message") return listen(type, handler, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === QUERY && typeof message.data === "string") {
        return handler({ data: { type: QUERY, data: stemQuery(message.data) } });
      }
      return handler(event);
    }, options);
  };
})();
