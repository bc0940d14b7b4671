/* Version for the visually impaired: font size, colours, letter spacing, images.
   Choices are kept in localStorage and applied as data-omo-* attributes of <html>
   (main.html applies them before the page is drawn). Without scripts the panel
   stays hidden and the site is readable as it is. */
(function () {
  "use strict";
  var KEY = "omo-a11y";
  var DEFAULTS = { size: "100", scheme: "default", spacing: "normal", images: "show" };
  var root = document.documentElement;

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "{}"); } catch (error) { return {}; }
  }

  function save(settings) {
    try { localStorage.setItem(KEY, JSON.stringify(settings)); } catch (error) { /* private mode */ }
  }

  function apply(settings) {
    Object.keys(DEFAULTS).forEach(function (name) {
      var value = settings[name] || DEFAULTS[name];
      if (value === DEFAULTS[name]) root.removeAttribute("data-omo-" + name);
      else root.setAttribute("data-omo-" + name, value);
      var input = document.querySelector('input[name="omo-' + name + '"][value="' + value + '"]');
      if (input) input.checked = true;
    });
  }

  function setUp() {
    var toggle = document.querySelector(".omo-a11y-toggle");
    var panel = document.getElementById("omo-a11y-panel");
    if (!toggle || !panel) return;
    var settings = load();
    apply(settings);
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      panel.hidden = !open;
    });
    panel.addEventListener("change", function (event) {
      var name = event.target.name && event.target.name.replace(/^omo-/, "");
      if (!(name in DEFAULTS)) return;
      settings[name] = event.target.value;
      save(settings);
      apply(settings);
    });
    panel.querySelector(".omo-a11y-reset").addEventListener("click", function () {
      settings = {};
      save(settings);
      apply(settings);
    });
  }

  /* Material's drawer and search toggles are checkboxes; Material marked them autocomplete="off", which
     HTML does not allow on a checkbox (theme/base.html drops it). Without it a browser restores the
     open drawer or search when the reader comes back to the page: close them as Material did,
     the way Material itself switches a toggle (a click, so that its own listeners follow). */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) return;  // a page kept in the back-forward cache keeps its state, as with Material
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) toggle.click();
    });
  });

  /* The menu button of a narrow screen is Material's label of its drawer checkbox: no Tab reaches a label, so on
     a phone, or zoomed in, the menu was out of a keyboard reader's reach (and a label may not be given a button's
     role). It becomes a button here; without scripts the label opens the menu as before. Opened from the
     keyboard, the focus goes to the menu's first link; Escape closes it and returns to the button. */
  function menuByKeyboard() {
    var label = document.querySelector('.md-header__button[for="__drawer"]');
    var drawer = document.getElementById("__drawer");
    if (!label || !drawer) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " omo-menu-button";
    button.setAttribute("aria-label", "Меню сайта");
    while (label.firstChild) button.appendChild(label.firstChild);
    label.replaceWith(button);
    function said() {
      button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    }
    said();
    drawer.addEventListener("change", said);
    button.addEventListener("click", function (event) {
      drawer.click();
      said();
      var link = document.querySelector(".md-sidebar--primary .md-nav__link[href]");
      if (drawer.checked && event.detail === 0 && link) {  // Enter or Space, not a tap
        setTimeout(function () { link.focus(); }, 250);  // once the drawer has slid in
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      said();
      button.focus();
    });
  }

  /* A table wider than the screen scrolls sideways in Material's wrapper (made by Material's script, after the
     page is drawn): a keyboard reader can scroll it once it takes the focus, and hears what it is. */
  var WIDE = "Таблица, прокручивается по горизонтали";
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var wide = wrap.scrollWidth > wrap.clientWidth + 1;
      if (wide && !wrap.hasAttribute("tabindex")) {
        wrap.tabIndex = 0;
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", WIDE);
      } else if (!wide && wrap.getAttribute("aria-label") === WIDE) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  var resized = 0;
  window.addEventListener("load", scrollableTables);
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(scrollableTables, 200);
  });

  setUp();
  menuByKeyboard();
})();
