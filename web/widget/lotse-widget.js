/*!
 * Lotse chat widget: an embeddable, accessible chat for Rasa's socketio channel.
 * Vanilla JavaScript, no framework, no cookies, no localStorage, no third-party requests.
 *
 * Embed with one tag (see docs/widget.md):
 *   <script src="/widget/lotse-widget.js" data-server-url="" data-title="Lotse"
 *           data-initial-message="Hallo! …" defer></script>
 *
 * Security: message content is only ever inserted with textContent / createTextNode.
 * Links are built as <a> elements whose href passed the URL parser and is http(s),
 * mailto: or tel: (built by us from digits). Nothing from the server reaches innerHTML.
 */
(function () {
  "use strict";

  if (window.LotseWidget && window.LotseWidget.loaded) {
    return; // a second copy of the tag on the same page
  }

  var SCRIPT =
    document.currentScript ||
    document.querySelector('script[src*="lotse-widget"][src$=".js"]') ||
    document.createElement("script");

  var STORAGE_KEY = "lotse-widget";
  var MAX_STORED_MESSAGES = 200;
  var REPLY_TIMEOUT_MS = 45000;
  var DELETE_PAYLOAD = "/delete_conversation";
  var PRIVACY_PAYLOAD = "/ask_privacy";
  var CARDS_TYPE = "lotse.referral_cards"; // bot/referrals/cards.py, schema in docs/widget.md

  var TEXT = {
    open: "Chat öffnen",
    close: "Chat schließen",
    input: "Nachricht eingeben",
    send: "Senden",
    typing: "schreibt …",
    remove: "Gespräch löschen",
    privacy: "Datenschutz",
    log: "Gesprächsverlauf",
    quickReplies: "Antwortvorschläge",
    you: "Sie:",
    newWindow: "(öffnet neues Fenster)",
    hint: "Bitte geben Sie keine Namen, Adressen oder andere persönlichen Daten ein.",
    deleted: "Das Gespräch wurde gelöscht. Sie können ein neues Gespräch beginnen.",
    connecting: "Verbindung zum Chat wird hergestellt …",
    offline:
      "Der Chat ist gerade nicht erreichbar. Wir versuchen es automatisch erneut. " +
      "Ihre Nachricht wird gesendet, sobald die Verbindung wieder steht.",
    retry: "Jetzt erneut versuchen",
    noReply:
      "Lotse antwortet gerade nicht. Bitte versuchen Sie es gleich noch einmal.",
    libraryMissing:
      "Der Chat konnte nicht geladen werden. Bitte laden Sie die Seite später neu.",
    image: "Bild öffnen",
    phone: "Tel.",
    website: "Website",
    hours: "Zeiten",
    source: "Quelle",
    stand: "Stand",
    standFull: "Stand der Quelle",
    operator: "Träger",
    address: "Adresse",
    email: "E-Mail",
    languages: "Sprachen",
    inferred: "Zuständigkeit nur aus einer Quelle abgeleitet – bitte dort nachfragen.",
    more: "Mehr zu dieser Stelle",
    note: "Gesprächsnotiz",
    noteIntro:
      "Diese Notiz entsteht nur in Ihrem Browser. Sie wird nirgends gespeichert oder " +
      "gesendet – nur wenn Sie sie selbst drucken oder herunterladen.",
    noteOffice: "Stelle",
    noteQuestions: "Ihre Fragen in diesem Chat",
    noteNoQuestions: "Sie haben in diesem Chat noch keine Frage getippt.",
    noteObservations: "Eigene Beobachtungen (z. B. was sich verändert hat, seit wann)",
    notePrint: "Drucken",
    noteDownload: "Als Textdatei speichern",
    noteClose: "Notiz schließen",
    noteCreated: "erstellt am",
    noteFile: "gespraechsnotiz.txt",
    subtitle: "Fragen zu gewaltbereitem Salafismus und Beratung in NRW",
  };

  // ---------------------------------------------------------------- configuration

  function attr(name) {
    return SCRIPT.hasAttribute(name) ? SCRIPT.getAttribute(name) : null;
  }

  function widgetBaseUrl() {
    try {
      return new URL(".", SCRIPT.src || document.baseURI).href;
    } catch (e) {
      return "/widget/";
    }
  }

  function resolveServerUrl(raw) {
    if (raw === null) {
      // Attribute missing: Rasa on the same host, port 5005.
      return window.location.protocol + "//" + window.location.hostname + ":5005";
    }
    raw = raw.trim();
    if (raw === "") {
      return ""; // same origin (a reverse proxy forwards /socket.io/ to Rasa)
    }
    try {
      var url = new URL(raw, window.location.href);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.origin + url.pathname.replace(/\/+$/, "");
      }
    } catch (e) {
      /* fall through */
    }
    if (window.console) {
      window.console.error("Lotse: data-server-url must be an http(s) URL, got", raw);
    }
    return "";
  }

  var CONFIG = {
    serverUrl: resolveServerUrl(attr("data-server-url")),
    socketPath: attr("data-socket-path") || "/socket.io",
    title: attr("data-title") || "Lotse",
    subtitle: attr("data-subtitle") !== null ? attr("data-subtitle") : TEXT.subtitle,
    initialMessage: attr("data-initial-message") || "",
    initPayload: attr("data-init-payload") || "",
    privacyUrl: attr("data-privacy-url") || "",
    maxLength: parseInt(attr("data-max-length") || "1000", 10) || 1000,
    loadCss: attr("data-css") !== "none",
    base: widgetBaseUrl(),
  };

  // ---------------------------------------------------------------- state (sessionStorage)

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return hex;
  }

  var memoryStore = null; // used when sessionStorage is blocked

  function freshState(pendingDeletes) {
    return {
      v: 1,
      sessionId: randomId(),
      open: false,
      started: false,
      messages: [],
      pendingDeletes: pendingDeletes || [],
    };
  }

  function loadState() {
    var raw = null;
    try {
      raw = window.sessionStorage.getItem(STORAGE_KEY);
    } catch (e) {
      raw = memoryStore;
    }
    if (raw) {
      try {
        var s = JSON.parse(raw);
        if (
          s &&
          s.v === 1 &&
          typeof s.sessionId === "string" &&
          /^[0-9a-f]{32}$/.test(s.sessionId) &&
          Array.isArray(s.messages)
        ) {
          s.pendingDeletes = (Array.isArray(s.pendingDeletes) ? s.pendingDeletes : []).filter(
            function (id) {
              return typeof id === "string" && /^[0-9a-f]{32}$/.test(id);
            }
          );
          s.messages = s.messages.filter(validStoredMessage).map(function (m) {
            var clean = { from: m.from, text: m.text, ts: m.ts };
            var replies = cleanQuickReplies(m.quickReplies);
            if (replies.length) clean.quickReplies = replies;
            if (typeof m.image === "string") clean.image = m.image;
            if (m.local === true) clean.local = true;
            if (m.via === "button") clean.via = "button";
            var cards = cleanCards(m.cards);
            if (cards) clean.cards = cards;
            return clean;
          });
          return s;
        }
      } catch (e) {
        /* corrupt: start over */
      }
    }
    return freshState();
  }

  function validStoredMessage(m) {
    return (
      !!m &&
      typeof m === "object" &&
      (m.from === "bot" || m.from === "user" || m.from === "note") &&
      typeof m.text === "string"
    );
  }

  var state = loadState();

  function saveState() {
    if (state.messages.length > MAX_STORED_MESSAGES) {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    }
    var raw = JSON.stringify(state);
    try {
      window.sessionStorage.setItem(STORAGE_KEY, raw);
    } catch (e) {
      memoryStore = raw;
    }
  }

  function clearStorage() {
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      /* ignore */
    }
    memoryStore = null;
  }

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  function icon(pathData) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "lotse-icon");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", pathData);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  var ICON_CHAT =
    "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm0 2v11h2v2l2.5-2H20V5H4zm3 4h10v2H7V9z";
  var ICON_CLOSE =
    "M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7l-1.4-1.4L9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3z";
  var ICON_TRASH =
    "M9 3h6l1 2h4v2H4V5h4l1-2zM6 8h12l-1 13H7L6 8zm4 3v7h1.5v-7H10zm3.5 0v7H15v-7h-1.5z";
  var ICON_SEND = "M3 20.5V14l9-2-9-2V3.5L22 12 3 20.5z";

  function hiddenText(text) {
    return el("span", "lotse-visually-hidden", text);
  }

  // ---------------------------------------------------------------- safe linkification

  // One scanner for: [label](url), http(s):// and www. URLs, e-mail addresses, phone numbers.
  // No lookbehind (older Safari cannot parse it).
  var TOKEN_RE = new RegExp(
    [
      "\\[([^\\]\\n]{1,300})\\]\\(([^()\\s]{1,2000})\\)", // 1,2: markdown link
      "((?:https?:\\/\\/|www\\.)[^\\s<>\"'`]+)", // 3: URL
      "([A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24})", // 4
      "((?:\\+49[ ]?(?:\\(0\\)[ ]?)?|0)[1-9][0-9]{1,5}(?:[ /-]?[0-9]{1,8}){1,5})", // 5: phone
    ].join("|"),
    "g"
  );

  var TRAILING_PUNCT = /[.,;:!?'")\]}]$/;

  function safeWebHref(raw) {
    try {
      var url = new URL(raw);
      if (url.protocol === "http:" || url.protocol === "https:") {
        return url.href;
      }
    } catch (e) {
      /* not a URL */
    }
    return null;
  }

  function countChar(s, c) {
    return s.split(c).length - 1;
  }

  function makeLink(href, label, external) {
    var a = el("a", "lotse-link", label);
    a.href = href;
    if (external) {
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.appendChild(hiddenText(" " + TEXT.newWindow));
    }
    return a;
  }

  function isWordChar(ch) {
    return !!ch && /[0-9A-Za-z_@+\-./]/.test(ch);
  }

  // Appends `text` to `parent` as text nodes and safe links.
  function appendRichText(parent, text) {
    text = String(text);
    var last = 0;
    var m;
    TOKEN_RE.lastIndex = 0;
    while ((m = TOKEN_RE.exec(text)) !== null) {
      var start = m.index;
      var matched = m[0];
      var node = null;
      var consumed = matched.length;

      if (m[1] !== undefined) {
        var href = safeWebHref(m[2]);
        if (href) node = makeLink(href, m[1], true);
      } else if (m[3] !== undefined) {
        if (isWordChar(text.charAt(start - 1)) && text.charAt(start - 1) !== "(") {
          // part of a longer token, e.g. "foo.www.x": leave as text
        } else {
          var url = m[3];
          while (url.length > 0 && TRAILING_PUNCT.test(url)) {
            var tail = url.charAt(url.length - 1);
            if (tail === ")" && countChar(url, "(") >= countChar(url, ")")) break;
            url = url.slice(0, -1);
          }
          consumed = url.length;
          var target = /^www\./i.test(url) ? "https://" + url : url;
          var webHref = safeWebHref(target);
          if (webHref && /\.[A-Za-z]{2,}/.test(url)) node = makeLink(webHref, url, true);
        }
      } else if (m[4] !== undefined) {
        if (!isWordChar(text.charAt(start - 1))) {
          node = makeLink("mailto:" + m[4], m[4], false);
        }
      } else if (m[5] !== undefined) {
        var before = text.charAt(start - 1);
        var after = text.charAt(start + matched.length);
        var digits = m[5].replace("(0)", "").replace(/[^0-9+]/g, "");
        var count = digits.replace("+", "").length;
        if (!/[0-9A-Za-z+]/.test(before) && !/[0-9A-Za-z]/.test(after) && count >= 6 && count <= 15) {
          node = makeLink("tel:" + digits, m[5], false);
        }
      }

      if (node) {
        if (start > last) parent.appendChild(document.createTextNode(text.slice(last, start)));
        parent.appendChild(node);
        last = start + consumed;
        TOKEN_RE.lastIndex = last;
      } else {
        // not a safe link: keep scanning after the first character of the match
        TOKEN_RE.lastIndex = start + 1;
      }
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // ---------------------------------------------------------------- building the UI

  var ui = {};

  function buildUi() {
    var root = el("aside", "lotse-root");
    root.id = "lotse-widget";
    root.setAttribute("aria-label", "Chat-Assistent " + CONFIG.title);
    root.setAttribute("lang", "de");

    var launcher = el("button", "lotse-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-controls", "lotse-panel");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.appendChild(icon(ICON_CHAT));
    launcher.appendChild(el("span", "lotse-launcher-label", TEXT.open));

    var panel = el("div", "lotse-panel");
    panel.id = "lotse-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", CONFIG.title + " – Chat");
    panel.hidden = true;

    // header
    var header = el("div", "lotse-header");
    var heading = el("div", "lotse-heading");
    var title = el("h2", "lotse-title", CONFIG.title);
    title.id = "lotse-title";
    heading.appendChild(title);
    if (CONFIG.subtitle) heading.appendChild(el("p", "lotse-subtitle", CONFIG.subtitle));
    var del = el("button", "lotse-delete");
    del.type = "button";
    del.appendChild(icon(ICON_TRASH));
    del.appendChild(el("span", null, TEXT.remove));
    var close = el("button", "lotse-close");
    close.type = "button";
    close.setAttribute("aria-label", TEXT.close);
    close.title = TEXT.close;
    close.appendChild(icon(ICON_CLOSE));
    header.appendChild(heading);
    header.appendChild(close);

    // connection status (announced politely)
    var status = el("div", "lotse-status");
    status.setAttribute("role", "status");
    var statusText = el("span", "lotse-status-text");
    var retry = el("button", "lotse-retry", TEXT.retry);
    retry.type = "button";
    retry.hidden = true;
    status.appendChild(statusText);
    status.appendChild(retry);

    // message log
    var log = el("div", "lotse-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", TEXT.log);
    log.tabIndex = 0; // scrollable by keyboard

    // typing indicator
    var typing = el("div", "lotse-typing");
    typing.setAttribute("role", "status");
    var typingInner = el("div", "lotse-typing-inner");
    var dots = el("span", "lotse-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    typingInner.appendChild(dots);
    typingInner.appendChild(el("span", "lotse-typing-text", CONFIG.title + " " + TEXT.typing));
    typing.appendChild(typingInner);
    typingInner.hidden = true;

    // composer
    var form = el("form", "lotse-composer");
    form.setAttribute("novalidate", "");
    var label = el("label", "lotse-visually-hidden", TEXT.input);
    label.htmlFor = "lotse-input";
    var input = el("input", "lotse-input");
    input.id = "lotse-input";
    input.type = "text";
    input.name = "message";
    input.placeholder = TEXT.input;
    input.autocomplete = "off";
    input.maxLength = CONFIG.maxLength;
    input.setAttribute("enterkeyhint", "send");
    input.setAttribute("aria-describedby", "lotse-hint");
    var send = el("button", "lotse-send");
    send.type = "submit";
    send.appendChild(icon(ICON_SEND));
    send.appendChild(el("span", "lotse-send-label", TEXT.send));
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    // footer: privacy hint + privacy link/button
    var footer = el("div", "lotse-footer");
    var hint = el("p", "lotse-hint", TEXT.hint);
    hint.id = "lotse-hint";
    var privacy;
    var privacyHref = null;
    if (CONFIG.privacyUrl) {
      try {
        privacyHref = safeWebHref(new URL(CONFIG.privacyUrl, window.location.href).href);
      } catch (e) {
        privacyHref = null;
      }
    }
    if (privacyHref) {
      privacy = el("a", "lotse-privacy", TEXT.privacy);
      privacy.href = privacyHref;
    } else {
      privacy = el("button", "lotse-privacy", TEXT.privacy);
      privacy.type = "button";
    }
    var footerActions = el("div", "lotse-footer-actions");
    footerActions.appendChild(privacy);
    footerActions.appendChild(del);
    footer.appendChild(hint);
    footer.appendChild(footerActions);

    panel.appendChild(header);
    panel.appendChild(status);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    panel.appendChild(footer);
    root.appendChild(panel);
    root.appendChild(launcher);

    ui = {
      root: root,
      launcher: launcher,
      panel: panel,
      del: del,
      close: close,
      status: status,
      statusText: statusText,
      retry: retry,
      log: log,
      typing: typingInner,
      form: form,
      input: input,
      send: send,
      privacy: privacy,
    };

    launcher.addEventListener("click", function () {
      openPanel(true);
    });
    close.addEventListener("click", function () {
      closePanel();
    });
    del.addEventListener("click", deleteConversation);
    retry.addEventListener("click", function () {
      if (socket) {
        socket.connect();
      } else {
        connect();
      }
    });
    if (privacy.tagName === "BUTTON") {
      privacy.addEventListener("click", function () {
        sendMessage(PRIVACY_PAYLOAD, TEXT.privacy, "button");
        ui.input.focus();
      });
    }
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Esc") {
        event.preventDefault();
        if (ui.note) {
          closeNote();
          return;
        }
        closePanel();
      } else if (event.key === "Tab" && isFullScreen()) {
        trapTab(event);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) {
        input.focus();
        return;
      }
      input.value = "";
      sendMessage(text, text);
      input.focus();
    });
    log.addEventListener("click", function (event) {
      if (!event.target.closest) return;
      var more = event.target.closest(".lotse-card-more");
      if (more && log.contains(more)) {
        toggleDetails(more);
        return;
      }
      var noteButton = event.target.closest(".lotse-card-note");
      if (noteButton && log.contains(noteButton)) {
        openNote(noteButton);
        return;
      }
      var button = event.target.closest(".lotse-quick-reply");
      if (!button || !log.contains(button)) return;
      var payload = button.getAttribute("data-payload") || button.textContent;
      var shown = button.getAttribute("data-title") || button.textContent;
      sendMessage(payload, shown, "button");
      ui.input.focus();
    });

    document.addEventListener("click", function (event) {
      var opener = event.target.closest ? event.target.closest("[data-lotse-open]") : null;
      if (opener) {
        event.preventDefault();
        openPanel(true);
      }
    });
  }

  // ---------------------------------------------------------------- full-screen mode
  // On small screens the panel covers the page (see the CSS media query): it is modal then,
  // and Tab / Shift+Tab wrap around inside it instead of moving to the hidden page.

  var FULL_SCREEN_QUERY = "(max-width: 480px), (max-height: 480px)";

  function isFullScreen() {
    return !!(window.matchMedia && window.matchMedia(FULL_SCREEN_QUERY).matches);
  }

  function updateModal() {
    if (isFullScreen()) {
      ui.panel.setAttribute("aria-modal", "true");
    } else {
      ui.panel.removeAttribute("aria-modal");
    }
  }

  function trapTab(event) {
    var focusables = Array.prototype.filter.call(
      ui.panel.querySelectorAll("button, input, textarea, a[href], [tabindex='0']"),
      function (node) {
        return !node.disabled && node.getClientRects().length > 0 && !node.closest("[inert]");
      }
    );
    if (!focusables.length) return;
    var first = focusables[0];
    var last = focusables[focusables.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  // ---------------------------------------------------------------- rendering messages

  function renderMessage(msg) {
    var item = el("div", "lotse-msg lotse-msg--" + msg.from);
    if (msg.from === "note") {
      item.appendChild(el("p", "lotse-note", msg.text));
      return item;
    }
    item.appendChild(hiddenText(msg.from === "user" ? TEXT.you + " " : CONFIG.title + ": "));
    var bubble = el("div", "lotse-bubble");
    if (msg.cards) {
      item.className += " lotse-msg--cards";
      bubble.className += " lotse-bubble--cards";
      bubble.appendChild(renderCards(msg.cards));
      item.appendChild(bubble);
      return item;
    }
    if (msg.text) appendRichText(bubble, msg.text);
    if (msg.image) {
      var href = safeWebHref(msg.image);
      if (href) {
        if (msg.text) bubble.appendChild(document.createTextNode(" "));
        bubble.appendChild(makeLink(href, TEXT.image, true));
      }
    }
    item.appendChild(bubble);
    return item;
  }

  function renderQuickReplies(replies) {
    var group = el("div", "lotse-quick-replies");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", TEXT.quickReplies);
    replies.forEach(function (reply) {
      var b = el("button", "lotse-quick-reply", reply.title);
      b.type = "button";
      b.setAttribute("data-payload", reply.payload);
      b.setAttribute("data-title", reply.title);
      group.appendChild(b);
    });
    return group;
  }

  function activeQuickRepliesIndex() {
    // quick replies are offered only on the newest message, and only until the user answers
    for (var i = state.messages.length - 1; i >= 0; i--) {
      var m = state.messages[i];
      if (m.from === "user") return -1;
      if (m.from === "bot" && m.quickReplies && m.quickReplies.length) return i;
    }
    return -1;
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    var active = activeQuickRepliesIndex();
    state.messages.forEach(function (msg, i) {
      var node = renderMessage(msg);
      if (i === active) node.appendChild(renderQuickReplies(msg.quickReplies));
      ui.log.appendChild(node);
    });
    scrollToEnd();
  }

  function removeQuickReplies() {
    var groups = ui.log.querySelectorAll(".lotse-quick-replies");
    for (var i = 0; i < groups.length; i++) {
      var hadFocus = groups[i].contains(document.activeElement);
      groups[i].parentNode.removeChild(groups[i]);
      if (hadFocus) ui.input.focus();
    }
  }

  // The start of the bot's answer that holds referral cards: later messages of the same answer
  // must not scroll it out of sight (the office's name and phone first, then the buttons).
  var answerStart = null;
  var answerAnchor = null;

  function addMessage(msg) {
    msg.ts = Date.now();
    if (msg.from === "user") {
      removeQuickReplies();
      answerStart = null;
      answerAnchor = null;
    }
    state.messages.push(msg);
    saveState();
    var node = renderMessage(msg);
    if (msg.quickReplies && msg.quickReplies.length) {
      removeQuickReplies();
      node.appendChild(renderQuickReplies(msg.quickReplies));
    }
    ui.log.appendChild(node);
    if (msg.from === "bot" && !answerStart) answerStart = node;
    if (msg.cards) answerAnchor = answerStart;
    scrollToAnswer();
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function scrollToAnswer() {
    if (answerAnchor && ui.log.contains(answerAnchor)) {
      ui.log.scrollTop = Math.max(0, answerAnchor.offsetTop - 8);
    } else {
      scrollToEnd();
    }
  }

  // The card payload follows the short text of the same bot message (Rasa sends the text,
  // then the custom data): the widget shows the cards in place of that text.
  function addCards(cards) {
    var last = state.messages[state.messages.length - 1];
    var node = ui.log.lastElementChild;
    if (last && last.from === "bot" && !last.cards && last.text === cards.summary && node) {
      last.cards = cards;
      saveState();
      var replacement = renderMessage(last);
      if (last.quickReplies && last.quickReplies.length && node.querySelector(".lotse-quick-replies")) {
        replacement.appendChild(renderQuickReplies(last.quickReplies));
      }
      ui.log.replaceChild(replacement, node);
      if (answerStart === node) answerStart = replacement;
      answerAnchor = answerStart || replacement;
      scrollToAnswer();
      return;
    }
    addMessage({ from: "bot", text: cards.summary, cards: cards });
  }

  var typingTimer = null;

  function showTyping(on) {
    if (typingTimer) {
      window.clearTimeout(typingTimer);
      typingTimer = null;
    }
    ui.typing.hidden = !on;
    if (on) {
      typingTimer = window.setTimeout(function () {
        ui.typing.hidden = true;
        setStatus(TEXT.noReply, false, "timeout");
      }, REPLY_TIMEOUT_MS);
    }
  }

  var statusKind = "";

  // kind: "error" (connection problems, cleared when the session is confirmed),
  // "info" (kept until the user writes again) or "" (nothing shown)
  function setStatus(text, offerRetry, kind) {
    statusKind = text ? kind || "error" : "";
    ui.statusText.textContent = text || "";
    ui.retry.hidden = !offerRetry;
    ui.status.classList.toggle("lotse-status--visible", !!text);
    ui.status.classList.toggle("lotse-status--info", statusKind === "info");
  }

  function clearStatus(kind) {
    if (!kind || statusKind === kind) setStatus("", false);
  }

  // ---------------------------------------------------------------- referral cards

  function str(value, max) {
    return typeof value === "string" ? value.slice(0, max) : "";
  }

  function strings(list, count, max) {
    if (!Array.isArray(list)) return [];
    return list
      .filter(function (s) {
        return typeof s === "string" && s;
      })
      .slice(0, count)
      .map(function (s) {
        return s.slice(0, max);
      });
  }

  function obj(value) {
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  // The card payload (and its stored copy) reduced to known fields with plain strings.
  function cleanCards(data) {
    data = obj(data);
    if (data.type !== CARDS_TYPE || !Array.isArray(data.cards)) return null;
    var cards = [];
    data.cards.slice(0, 6).forEach(function (c) {
      c = obj(c);
      var name = str(c.name, 300);
      if (!name) return;
      var phone = obj(c.phone);
      var tel = str(phone.tel, 20).replace(/[^0-9+]/g, "");
      var status = obj(c.status);
      var source = obj(c.source);
      var details = obj(c.details);
      cards.push({
        name: name,
        role: c.role === "local" ? "local" : "central",
        phone: str(phone.display, 100) && /^\+?[0-9]{3,15}$/.test(tel)
          ? { display: str(phone.display, 100), tel: tel }
          : null,
        email: str(c.email, 254),
        website: str(c.website, 2000),
        hours: str(c.hours, 500),
        status: { state: str(status.state, 20), text: str(status.text, 300) },
        source: {
          url: str(source.url, 2000),
          date: str(source.date, 300),
          date_full: str(source.date_full, 300),
        },
        details: {
          operator: str(details.operator, 500),
          address: str(details.address, 500),
          languages: strings(details.languages, 20, 100),
          inferred_coverage: details.inferred_coverage === true,
        },
      });
    });
    if (!cards.length) return null;
    return {
      type: CARDS_TYPE,
      summary: str(data.summary, 5000),
      central_heading: str(data.central_heading, 200),
      night: { lines: strings(obj(data.night).lines, 5, 500) },
      cards: cards,
    };
  }

  var cardCounter = 0;

  function hostOf(href) {
    try {
      return new URL(href).hostname.replace(/^www\./, "");
    } catch (e) {
      return href;
    }
  }

  function line(className, label, value) {
    var p = el("p", className);
    if (label) p.appendChild(el("span", "lotse-card-label", label + ": "));
    if (typeof value === "string") p.appendChild(document.createTextNode(value));
    else p.appendChild(value);
    return p;
  }

  function emailLink(address) {
    return /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/.test(address)
      ? makeLink("mailto:" + address, address, false)
      : null;
  }

  function renderCard(card) {
    var id = "lotse-card-" + ++cardCounter;
    var item = el("li", "lotse-card lotse-card--" + card.role);
    var name = el("h3", "lotse-card-name", card.name);
    name.id = id + "-name";
    item.appendChild(name);
    if (card.phone) {
      var call = makeLink("tel:" + card.phone.tel, card.phone.display, false);
      call.className += " lotse-card-phone";
      item.appendChild(line("lotse-card-line", TEXT.phone.replace(/\.$/, ""), call));
    }
    if (card.status.text) {
      var state = /^(open|always|closed|holiday)$/.test(card.status.state)
        ? card.status.state
        : "unknown";
      item.appendChild(el("p", "lotse-card-status lotse-card-status--" + state, card.status.text));
    }
    var web = safeWebHref(card.website);
    if (web) item.appendChild(line("lotse-card-line", TEXT.website, makeLink(web, hostOf(web), true)));
    var mail = !card.phone && card.email ? emailLink(card.email) : null;
    if (mail) item.appendChild(line("lotse-card-line", TEXT.email, mail));
    if (card.hours) item.appendChild(line("lotse-card-line", TEXT.hours, card.hours));
    var sourceHref = safeWebHref(card.source.url);
    if (sourceHref) {
      var source = el("p", "lotse-card-line lotse-card-source");
      source.appendChild(makeLink(sourceHref, TEXT.source, true));
      if (card.source.date) {
        source.appendChild(document.createTextNode(" (" + TEXT.stand + ": " + card.source.date + ")"));
      }
      item.appendChild(source);
    }

    var details = el("div", "lotse-card-details");
    details.id = id + "-details";
    details.hidden = true;
    if (card.details.operator) details.appendChild(line("lotse-card-line", TEXT.operator, card.details.operator));
    if (card.details.address) details.appendChild(line("lotse-card-line", TEXT.address, card.details.address));
    var detailMail = card.email ? emailLink(card.email) : null;
    if (detailMail && !mail) details.appendChild(line("lotse-card-line", TEXT.email, detailMail));
    if (card.details.languages.length) {
      details.appendChild(line("lotse-card-line", TEXT.languages, card.details.languages.join(", ")));
    }
    if (card.details.inferred_coverage) details.appendChild(el("p", "lotse-card-line", TEXT.inferred));
    if (card.source.date_full && card.source.date_full !== card.source.date) {
      details.appendChild(line("lotse-card-line", TEXT.standFull, card.source.date_full));
    }

    var actions = el("div", "lotse-card-actions");
    if (details.childNodes.length) {
      var more = el("button", "lotse-card-more", TEXT.more);
      more.type = "button";
      more.setAttribute("aria-expanded", "false");
      more.setAttribute("aria-controls", details.id);
      more.setAttribute("aria-describedby", name.id);
      actions.appendChild(more);
    }
    var noteButton = el("button", "lotse-card-note", TEXT.note);
    noteButton.type = "button";
    noteButton.setAttribute("aria-describedby", name.id);
    noteButton.lotseCard = card; // the note is built from these data, in this browser only
    actions.appendChild(noteButton);
    item.appendChild(actions);
    item.appendChild(details);
    return item;
  }

  function renderCards(cards) {
    var wrap = el("div", "lotse-cards");
    var list = el("ul", "lotse-card-list");
    wrap.appendChild(list);
    var headingShown = false;
    cards.cards.forEach(function (card) {
      if (card.role === "central" && cards.central_heading && !headingShown) {
        headingShown = true;
        wrap.appendChild(el("p", "lotse-cards-heading", cards.central_heading));
        list = el("ul", "lotse-card-list");
        wrap.appendChild(list);
      }
      list.appendChild(renderCard(card));
    });
    if (cards.night.lines.length) {
      var night = el("div", "lotse-cards-night");
      cards.night.lines.forEach(function (text) {
        var p = el("p");
        appendRichText(p, text);
        night.appendChild(p);
      });
      wrap.appendChild(night);
    }
    return wrap;
  }

  function toggleDetails(button) {
    var details = document.getElementById(button.getAttribute("aria-controls"));
    if (!details) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    details.hidden = !open;
  }

  // ---------------------------------------------------------------- Gesprächsnotiz
  // Built in the browser from the chosen card and the questions typed in this chat. Nothing
  // of it is stored (not even in sessionStorage) or sent; it leaves the browser only when the
  // person prints it or saves the text file.

  function typedQuestions() {
    return state.messages
      .filter(function (m) {
        return m.from === "user" && m.via !== "button" && m.text;
      })
      .map(function (m) {
        return m.text;
      });
  }

  function officeLines(card) {
    var lines = [card.name];
    if (card.phone) lines.push(TEXT.phone + " " + card.phone.display);
    if (card.email) lines.push(TEXT.email + ": " + card.email);
    if (card.website) lines.push(TEXT.website + ": " + card.website);
    if (card.details.address) lines.push(TEXT.address + ": " + card.details.address);
    if (card.hours) lines.push(TEXT.hours + ": " + card.hours);
    if (card.details.operator) lines.push(TEXT.operator + ": " + card.details.operator);
    if (card.source.url) {
      var date = card.source.date_full || card.source.date;
      var stand = date ? " (" + TEXT.stand + ": " + date + ")" : "";
      lines.push(TEXT.source + ": " + card.source.url + stand);
    }
    return lines;
  }

  function today() {
    var d = new Date();
    return d.getDate() + "." + (d.getMonth() + 1) + "." + d.getFullYear();
  }

  function noteText(card, observations) {
    var questions = typedQuestions();
    var out = [TEXT.note + " – " + TEXT.noteCreated + " " + today(), ""];
    out.push(TEXT.noteOffice + ":");
    out = out.concat(officeLines(card), [""], [TEXT.noteQuestions + ":"]);
    out = out.concat(
      questions.length
        ? questions.map(function (q) {
            return "- " + q;
          })
        : [TEXT.noteNoQuestions]
    );
    out.push("", TEXT.noteObservations + ":", observations || "", "");
    return out.join("\n");
  }

  function setInert(on) {
    Array.prototype.forEach.call(ui.panel.children, function (child) {
      if (child === ui.note) return;
      if (on) child.setAttribute("inert", "");
      else child.removeAttribute("inert");
    });
  }

  function openNote(trigger) {
    var card = trigger.lotseCard;
    if (!card) return;
    closeNote();
    var box = el("section", "lotse-notiz");
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "lotse-notiz-title");
    var title = el("h3", "lotse-notiz-title", TEXT.note);
    title.id = "lotse-notiz-title";
    title.tabIndex = -1;
    box.appendChild(title);
    box.appendChild(el("p", "lotse-notiz-intro", TEXT.noteIntro));

    box.appendChild(el("h4", "lotse-notiz-heading", TEXT.noteOffice));
    var office = el("div", "lotse-notiz-office");
    officeLines(card).forEach(function (text, i) {
      var p = el("p", i === 0 ? "lotse-notiz-name" : null);
      appendRichText(p, text);
      office.appendChild(p);
    });
    box.appendChild(office);

    box.appendChild(el("h4", "lotse-notiz-heading", TEXT.noteQuestions));
    var questions = typedQuestions();
    if (questions.length) {
      var list = el("ul", "lotse-notiz-questions");
      questions.forEach(function (q) {
        list.appendChild(el("li", null, q));
      });
      box.appendChild(list);
    } else {
      box.appendChild(el("p", null, TEXT.noteNoQuestions));
    }

    var label = el("label", "lotse-notiz-heading", TEXT.noteObservations);
    label.htmlFor = "lotse-notiz-text";
    var area = el("textarea", "lotse-notiz-text");
    area.id = "lotse-notiz-text";
    area.rows = 5;
    var printed = el("div", "lotse-notiz-printed"); // the textarea's text on paper
    printed.setAttribute("aria-hidden", "true");
    box.appendChild(label);
    box.appendChild(area);
    box.appendChild(printed);

    var actions = el("div", "lotse-notiz-actions");
    var print = el("button", "lotse-notiz-print", TEXT.notePrint);
    var save = el("button", "lotse-notiz-save", TEXT.noteDownload);
    var close = el("button", "lotse-notiz-close", TEXT.noteClose);
    [print, save, close].forEach(function (b) {
      b.type = "button";
      actions.appendChild(b);
    });
    box.appendChild(actions);

    print.addEventListener("click", function () {
      printed.textContent = area.value;
      document.documentElement.classList.add("lotse-printing");
      window.print();
      document.documentElement.classList.remove("lotse-printing");
    });
    save.addEventListener("click", function () {
      var blob = new Blob([noteText(card, area.value)], { type: "text/plain;charset=utf-8" });
      var href = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = href;
      a.download = TEXT.noteFile;
      a.hidden = true;
      box.appendChild(a);
      a.click();
      box.removeChild(a);
      window.setTimeout(function () {
        URL.revokeObjectURL(href);
      }, 1000);
    });
    close.addEventListener("click", closeNote);

    ui.note = box;
    ui.noteTrigger = trigger;
    ui.panel.appendChild(box);
    setInert(true);
    title.focus();
  }

  function closeNote() {
    if (!ui.note) return;
    var trigger = ui.noteTrigger;
    setInert(false);
    ui.panel.removeChild(ui.note);
    ui.note = null;
    ui.noteTrigger = null;
    if (trigger && document.body.contains(trigger)) trigger.focus();
    else ui.input.focus();
  }

  // ---------------------------------------------------------------- bot messages

  function cleanQuickReplies(list) {
    if (!Array.isArray(list)) return [];
    var out = [];
    list.forEach(function (b) {
      if (!b || typeof b !== "object") return;
      var title = typeof b.title === "string" ? b.title : "";
      var payload = typeof b.payload === "string" ? b.payload : title;
      if (title) out.push({ title: title.slice(0, 200), payload: payload.slice(0, 2000) });
    });
    return out.slice(0, 12);
  }

  function onBotMessage(data) {
    showTyping(false);
    clearStatus("timeout");
    if (!data || typeof data !== "object") {
      if (typeof data === "string" && data) addMessage({ from: "bot", text: data });
      return;
    }
    var payload = data.custom && typeof data.custom === "object" ? data.custom : data;
    var cards = cleanCards(payload.type ? payload : payload.data);
    if (cards) {
      addCards(cards);
      return;
    }
    var text = typeof payload.text === "string" ? payload.text : "";
    var replies = cleanQuickReplies(payload.quick_replies || payload.buttons);
    var image = null;
    var att = payload.attachment;
    if (att && typeof att === "object" && att.payload && typeof att.payload === "object") {
      if (att.type === "image" && typeof att.payload.src === "string") {
        image = att.payload.src;
      } else if (att.type === "template" && att.payload.elements) {
        var elements = Array.isArray(att.payload.elements)
          ? att.payload.elements
          : [att.payload.elements];
        text = elements
          .map(function (e) {
            return [e && e.title, e && e.subtitle].filter(Boolean).join("\n");
          })
          .filter(Boolean)
          .join("\n\n");
      }
    } else if (typeof att === "string") {
      image = att;
    }
    if (image && !safeWebHref(image)) image = null; // only http(s) images, shown as a link
    if (!text && !image && !replies.length) return; // nothing we can show
    var msg = { from: "bot", text: text };
    if (replies.length) msg.quickReplies = replies;
    if (image) msg.image = image;
    addMessage(msg);
  }

  // ---------------------------------------------------------------- socket.io connection

  var socket = null;
  var confirmed = false;
  var outbox = []; // payloads waiting for a confirmed session
  var libraryPromise = null;

  function loadLibrary() {
    if (window.io) return Promise.resolve(window.io);
    if (libraryPromise) return libraryPromise;
    libraryPromise = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = CONFIG.base + "vendor/socket.io.min.js";
      s.async = true;
      s.onload = function () {
        if (window.io) resolve(window.io);
        else reject(new Error("socket.io did not load"));
      };
      s.onerror = function () {
        libraryPromise = null;
        reject(new Error("socket.io did not load"));
      };
      document.head.appendChild(s);
    });
    return libraryPromise;
  }

  function emitUser(payload, sessionId) {
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
  }

  function flush() {
    if (!socket || !socket.connected || !confirmed) return;
    while (outbox.length) {
      emitUser(outbox.shift(), state.sessionId);
      showTyping(true);
    }
  }

  function flushDeletes() {
    while (state.pendingDeletes.length) {
      emitUser(DELETE_PAYLOAD, state.pendingDeletes.shift());
    }
    saveState();
  }

  function connect() {
    if (socket) return;
    window.setTimeout(function () {
      if (!confirmed && !statusKind) setStatus(TEXT.connecting, false, "error");
    }, 800);
    loadLibrary().then(
      function (io) {
        if (socket) return;
        var options = {
          path: CONFIG.socketPath,
          transports: ["websocket", "polling"],
          tryAllTransports: true,
          reconnection: true,
          reconnectionDelay: 1000,
          reconnectionDelayMax: 8000,
          timeout: 10000,
          withCredentials: false,
        };
        socket = CONFIG.serverUrl ? io(CONFIG.serverUrl, options) : io(options);
        socket.on("connect", function () {
          confirmed = false;
          flushDeletes();
          socket.emit("session_request", { session_id: state.sessionId });
        });
        socket.on("session_confirm", function (data) {
          var id = typeof data === "string" ? data : data && data.session_id;
          if (id && id !== state.sessionId) return; // answer to an older request
          confirmed = true;
          clearStatus("error");
          if (!state.started) {
            state.started = true;
            saveState();
            if (CONFIG.initPayload) outbox.unshift(CONFIG.initPayload);
          }
          flush();
        });
        socket.on("bot_uttered", onBotMessage);
        socket.on("connect_error", function () {
          confirmed = false;
          showTyping(false);
          setStatus(TEXT.offline, true);
        });
        socket.on("disconnect", function (reason) {
          confirmed = false;
          if (reason === "io client disconnect") return; // we asked for it
          showTyping(false);
          setStatus(TEXT.offline, true);
          if (reason === "io server disconnect") socket.connect();
        });
      },
      function () {
        setStatus(TEXT.libraryMissing, true);
      }
    );
  }

  // ---------------------------------------------------------------- actions

  // via: "button" for suggestions and the privacy button (the note lists typed questions only)
  function sendMessage(payload, shown, via) {
    clearStatus("info");
    payload = String(payload).slice(0, CONFIG.maxLength * 2);
    var msg = { from: "user", text: String(shown || payload).slice(0, CONFIG.maxLength) };
    if (via === "button") msg.via = "button";
    addMessage(msg);
    outbox.push(payload);
    if (!socket) connect();
    flush();
  }

  function startConversation() {
    if (state.messages.length === 0 && CONFIG.initialMessage) {
      addMessage({ from: "bot", text: CONFIG.initialMessage, local: true });
    }
  }

  function openPanel(moveFocus) {
    ui.panel.hidden = false;
    ui.launcher.hidden = true;
    ui.launcher.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("lotse-is-open");
    updateModal();
    if (!state.open) {
      state.open = true;
      saveState();
    }
    startConversation();
    scrollToEnd();
    connect();
    if (moveFocus) ui.input.focus();
  }

  function closePanel() {
    ui.panel.hidden = true;
    ui.launcher.hidden = false;
    ui.launcher.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("lotse-is-open");
    state.open = false;
    saveState();
    ui.launcher.focus();
  }

  function deleteConversation() {
    closeNote();
    var oldId = state.sessionId;
    var pending = state.pendingDeletes.concat([oldId]);
    outbox = [];
    showTyping(false);
    clearStorage();
    state = freshState(pending);
    state.open = !ui.panel.hidden;
    saveState();
    renderAll();
    setStatus(TEXT.deleted, false, "info");
    startConversation();
    if (socket && socket.connected) {
      // Tell the bot to forget the old conversation, then reconnect with a new socket id
      // so that nothing addressed to the old conversation reaches this tab any more.
      flushDeletes();
      confirmed = false;
      socket.disconnect();
      socket.connect();
    } else if (!socket) {
      connect();
    }
    ui.input.focus();
  }

  // ---------------------------------------------------------------- start

  function loadCss() {
    return new Promise(function (resolve) {
      if (!CONFIG.loadCss || document.querySelector("link[data-lotse-css]")) {
        resolve();
        return;
      }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = CONFIG.base + "lotse-widget.css";
      link.setAttribute("data-lotse-css", "");
      link.onload = resolve;
      link.onerror = resolve;
      document.head.appendChild(link);
    });
  }

  function start() {
    buildUi();
    if (window.matchMedia) {
      var mq = window.matchMedia(FULL_SCREEN_QUERY);
      if (mq.addEventListener) mq.addEventListener("change", updateModal);
    }
    renderAll(); // before insertion, so restoring history is not announced again
    loadCss().then(function () {
      document.body.appendChild(ui.root);
      if (state.open) {
        openPanel(false);
      } else if (state.pendingDeletes.length) {
        connect();
      }
    });
  }

  window.LotseWidget = {
    loaded: true,
    open: function () {
      openPanel(true);
    },
    close: function () {
      closePanel();
    },
    deleteConversation: function () {
      deleteConversation();
    },
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
