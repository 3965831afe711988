/* pulje web: the application's form. The form works without this file (one plain POST of
   every field, the server saves and shows it again with its findings). With it:
   - each change is saved a moment later in the background (the same POST, answered in JSON),
     the newest change last; a save based on an older version is refused by the server, and
     the form is then sent the plain way, which shows both people's answers merged;
   - the findings of pulje validate are put beside their fields and in the summary, and the
     page gauge is followed until it has counted the newest version;
   - yes/no questions show the answers that depend on them, choices the sections they open;
   - table rows are added and removed in place (buttons, so by keyboard too), and the budget's
     totals follow as one types (the server's check is the truth). */
(function () {
  "use strict";

  var DEBOUNCE = 500;
  var POLL = 300;

  function $(root, selector) { return root.querySelector(selector); }
  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }
  function format(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // --- money, for the live totals (øre as whole numbers: no rounding errors) ----------------
  function ore(text) {
    var value = String(text || "").replace(/[\s\u00a0]/g, "").replace(/kr\.?$/i, "").replace(/^kr\.?/i, "");
    if (!value) { return null; }
    if (/^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+,\d+$/.test(value)) { value = value.replace(/\./g, "").replace(",", "."); }
    if (!/^-?\d+(\.\d+)?$/.test(value)) { return null; }
    return Math.round(parseFloat(value) * 100);
  }
  function kroner(amount) {
    var da = document.documentElement.lang === "da";
    var text = (amount / 100).toLocaleString(da ? "da-DK" : "en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return da ? text + " kr." : "DKK " + text;
  }

  function Editor(form) {
    this.form = form;
    this.timer = null;
    this.inFlight = false;
    this.again = false;
    this.stopped = false;
    this.pollTimer = null;
    this.status = $(form, "[data-save-status]");
    this.version = $(form, "[data-version]");
    this.live = element("p", "visually-hidden");
    this.live.setAttribute("role", "status");
    form.appendChild(this.live);
    var self = this;
    form.addEventListener("input", function (event) { self.changed(event); });
    form.addEventListener("change", function (event) { self.changed(event); });
    form.addEventListener("click", function (event) { self.clicked(event); });
    form.addEventListener("submit", function (event) {
      // a save under way is waited for, so the form goes with the version it made
      if (self.inFlight) { event.preventDefault(); self.submitAfter = true; return; }
      self.stopped = true;
      window.clearTimeout(self.timer);
    });
    all(document, ".no-script-hint").forEach(function (node) { node.hidden = true; });
    this.toggle();
    this.totals();
    this.followGauge();
  }

  Editor.prototype.changed = function (event) {
    if (event.target && event.target.type === "file") { return; }
    this.toggle();
    this.totals();
    this.schedule();
  };

  Editor.prototype.schedule = function () {
    var self = this;
    if (this.stopped) { return; }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, DEBOUNCE);
  };

  Editor.prototype.save = function () {
    var self = this;
    if (this.stopped) { return; }
    if (this.inFlight) { this.again = true; return; }
    this.inFlight = true;
    this.status.textContent = this.form.dataset.saving;
    var data = new FormData(this.form);
    data.delete("handling");
    fetch(this.form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      self.inFlight = false;
      if (answer.status === 409 && answer.body.conflict) { self.conflict(answer.body); return; }
      if (answer.status !== 200) {
        self.status.textContent = answer.body.error || self.form.dataset.failed;
        self.retry();
        return;
      }
      self.failures = 0;
      self.saved(answer.body);
      if (self.submitAfter) { self.stopped = true; self.form.submit(); return; }
      if (self.again) { self.again = false; self.save(); }
    }).catch(function () {
      self.inFlight = false;
      self.status.textContent = self.form.dataset.failed;
      self.retry();
    });
  };

  // A save that failed (a busy or restarting server, a dropped connection) is tried again a
  // little later, and again, for as long as the page stays open, so that no change is lost:
  // 1, 2, 3 … seconds apart, at most 10.
  Editor.prototype.retry = function () {
    var self = this;
    this.failures = (this.failures || 0) + 1;
    if (this.stopped) { return; }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); },
                                   1000 * Math.min(this.failures, 10));
  };

  Editor.prototype.saved = function (body) {
    this.version.value = body.version;
    this.status.textContent = body.saved;
    this.findings(body);
    this.serverTotals(body.totals || []);
    this.gauge(body.gauge);
    this.followGauge();
  };

  // --- a save refused: someone else saved meanwhile -----------------------------------------
  Editor.prototype.conflict = function (body) {
    this.stopped = true;
    var box = element("div", "error-summary conflict");
    box.setAttribute("role", "alert");
    box.tabIndex = -1;
    box.appendChild(element("h2", "", body.message));
    var list = element("ul");
    (body.changes || []).forEach(function (change) {
      list.appendChild(element("li", "", change.question + (change.theirs ? ": " + change.theirs : "")));
    });
    if (list.childNodes.length) { box.appendChild(list); }
    var button = element("button", "button", this.form.dataset.merge || "OK");
    button.type = "submit";
    box.appendChild(button);
    this.form.insertBefore(box, this.form.firstChild);
    box.focus();
  };

  // --- findings -----------------------------------------------------------------------------
  Editor.prototype.findings = function (body) {
    var form = this.form;
    var whatToDo = form.dataset.whatToDo;
    all(document, "[data-findings]").forEach(function (list) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      list.hidden = true;
    });
    all(form, "[aria-invalid]").forEach(function (field) {
      if (field.type !== "file") { field.removeAttribute("aria-invalid"); }
    });
    all(form, "[data-described]").forEach(function (field) {
      if (field.dataset.described) { field.setAttribute("aria-describedby", field.dataset.described); }
      else { field.removeAttribute("aria-describedby"); }
    });
    var summary = $(document, "[data-summary-list]");
    while (summary.firstChild) { summary.removeChild(summary.firstChild); }
    (body.findings || []).forEach(function (f) {
      var item = element("li", "finding " + f.severity);
      item.id = f.id;
      item.appendChild(element("span", "severity-" + f.severity, f.severity_text));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", "code", f.code));
      item.appendChild(document.createTextNode((f.where ? " (" + f.where + ")" : "") + ": " + f.message));
      if (f.hint) { item.appendChild(element("span", "hint-text", " " + whatToDo + " " + f.hint)); }
      var list = f.block ? document.getElementById(f.block + "-fund") : null;
      if (list) { list.appendChild(item); list.hidden = false; }
      if (f.field) {
        var field = document.getElementById(f.field);
        if (field) {
          var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
          if (list) { ids.push(f.id); }
          field.setAttribute("aria-describedby", ids.join(" "));
          if (f.severity === "fejl") { field.setAttribute("aria-invalid", "true"); }
        }
      }
      var line = element("li", "finding " + f.severity);
      line.appendChild(element("span", "severity-" + f.severity, f.severity_text));
      line.appendChild(document.createTextNode(" "));
      line.appendChild(element("span", "code", f.code));
      line.appendChild(document.createTextNode(": "));
      if (f.target) {
        var link = element("a", "", f.message);
        link.href = "#" + f.target;
        line.appendChild(link);
      } else {
        line.appendChild(document.createTextNode(f.message));
      }
      summary.appendChild(line);
    });
    summary.hidden = !summary.childNodes.length;
    var text = $(document, "[data-summary]");
    text.textContent = body.summary;
    var box = $(document, "[data-summary-box]");
    box.classList.toggle("has-errors", body.counts && body.counts.fejl > 0);
  };

  // --- the page gauge -------------------------------------------------------------------------
  Editor.prototype.gauge = function (state) {
    if (!state) { return; }
    var box = $(document, "[data-gauge-box]");
    var text = $(box, "[data-gauge-text]");
    if (text.textContent !== state.text) { text.textContent = state.text; }
    box.classList.toggle("over", !!state.over);
    box.dataset.counted = state.current ? state.version : "";
    var meter = $(box, "[data-gauge-meter]");
    if (meter && state.limit) {
      meter.hidden = false;
      meter.max = Math.max(state.limit, state.pages || 0);
      meter.high = state.limit - 0.5;
      meter.value = state.pages || 0;
    }
    var list = $(box, "[data-gauge-sections]");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    (state.sections || []).forEach(function (s) {
      var item = element("li", s.beyond ? "beyond" : "", s.title + ": " + format(box.dataset.pageRange || "{first}–{last}", { first: s.from, last: s.to }));
      if (s.beyond) { item.appendChild(document.createTextNode(" ")); item.appendChild(element("strong", "", box.dataset.beyond || "")); }
      list.appendChild(item);
    });
    var found = $(box, "[data-gauge-findings]");
    while (found.firstChild) { found.removeChild(found.firstChild); }
    (state.findings || []).forEach(function (f) {
      var item = element("li", "finding " + f.severity);
      item.appendChild(element("span", "code", f.code));
      item.appendChild(document.createTextNode(" " + f.message + (f.hint ? " " + f.hint : "")));
      found.appendChild(item);
    });
    found.hidden = !found.childNodes.length;
    // counted: the findings box counts the page limit's finding as pulje build does
    if (state.validation) { this.findings(state.validation); }
    this.gaugeBusy = state.busy;
  };

  Editor.prototype.followGauge = function () {
    var self = this;
    var url = this.form.dataset.gauge;
    window.clearTimeout(this.pollTimer);
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (state) {
          self.gauge(state);
          if (state.busy) { self.pollTimer = window.setTimeout(ask, POLL); }
        })
        .catch(function () { self.pollTimer = window.setTimeout(ask, 5 * POLL); });
    }
    this.pollTimer = window.setTimeout(ask, POLL);
  };

  // --- what shows what --------------------------------------------------------------------
  function checkedValues(form, name) {
    return all(form, "input[name='" + name + "']").filter(function (i) { return i.checked; })
      .map(function (i) { return i.value; });
  }

  Editor.prototype.toggle = function () {
    var form = this.form;
    all(form, "[data-when-yes]").forEach(function (part) {
      part.hidden = checkedValues(form, part.dataset.whenYes).indexOf("ja") < 0;
    });
    all(form, "[data-switch-name]").forEach(function (section) {
      var chosen = checkedValues(form, section.dataset.switchName);
      section.hidden = chosen.indexOf(section.dataset.switchOption) < 0;
    });
  };

  // --- table rows ---------------------------------------------------------------------------
  function renumber(table, name) {
    var rows = all(table, "tbody[data-rows] > tr");
    var rowLabel = table.closest("form").dataset.rowLabel || "{column}, {n}";
    rows.forEach(function (row, index) {
      var old = row.dataset.row;
      row.dataset.row = index;
      var from = name + "." + old + ".";
      var to = name + "." + index + ".";
      all(row, "[name],[id],[for],[value],[aria-describedby]").forEach(function (node) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = node.getAttribute(attr);
          if (value && value.indexOf(from) >= 0) { node.setAttribute(attr, value.split(from).join(to)); }
        });
        if (node.hasAttribute("data-remove-row")) { node.value = "fjern:" + name + "." + index; }
      });
      all(row, "label[data-column]").forEach(function (label) {
        label.textContent = format(rowLabel, { column: label.dataset.column, n: index + 1 });
      });
      all(row, "[data-row-number]").forEach(function (span) {
        span.textContent = " " + format(span.dataset.rowNumber, { n: index + 1 });
      });
    });
  }

  Editor.prototype.clicked = function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.hasAttribute("data-add-row")) {
      event.preventDefault();
      this.addRow(button.dataset.addRow, button);
    } else if (button.hasAttribute("data-remove-row")) {
      event.preventDefault();
      this.removeRow(button);
    }
  };

  function findTable(form, name) {
    return all(form, "table[data-table]").filter(function (t) { return t.dataset.table === name; })[0];
  }

  Editor.prototype.addRow = function (name, button) {
    var table = findTable(this.form, name);
    var template = all(this.form, "template[data-row-template]").filter(function (t) { return t.dataset.rowTemplate === name; })[0];
    if (!table || !template) { return; }
    var body = $(table, "tbody[data-rows]");
    var row = template.content.firstElementChild.cloneNode(true);
    body.appendChild(row);
    renumber(table, name);
    // the template's cells carry "__i__"; renumber gave the others theirs: give it its own
    var index = body.children.length - 1;
    all(row, "[name],[id],[for]").forEach(function (node) {
      ["name", "id", "for"].forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value && value.indexOf(".__i__.") >= 0) { node.setAttribute(attr, value.split(".__i__.").join("." + index + ".")); }
      });
    });
    row.dataset.row = index;
    renumber(table, name);
    var first = $(row, "input, select, textarea");
    if (first) { first.focus(); }
    this.live.textContent = this.form.dataset.rowAdded;
    this.totals();
    this.schedule();
  };

  Editor.prototype.removeRow = function (button) {
    var row = button.closest("tr");
    var table = button.closest("table");
    var name = table.dataset.table;
    var next = row.nextElementSibling || row.previousElementSibling;
    row.parentNode.removeChild(row);
    renumber(table, name);
    var focus = next ? $(next, "input, select, textarea") : null;
    if (!focus) { focus = all(this.form, "[data-add-row]").filter(function (b) { return b.dataset.addRow === name; })[0]; }
    if (focus) { focus.focus(); }
    this.live.textContent = this.form.dataset.rowRemoved;
    this.totals();
    this.schedule();
  };

  // --- the budget's totals as one types -----------------------------------------------------
  Editor.prototype.totals = function () {
    var form = this.form;
    all(form, "[data-budget]").forEach(function (budget) {
      var sums = [];
      all(budget, "table[data-amount]").forEach(function (table) {
        var spec = table.dataset.amount.split(",");
        var total = 0;
        all(table, "tbody[data-rows] > tr").forEach(function (row) {
          function cell(col) { var f = $(row, "[data-col='" + col + "']:not([data-year])"); return f ? ore(f.value) : null; }
          var amount = cell(spec[0]);
          if (amount === null && spec.length === 3) {
            var units = cell(spec[1]);
            var price = cell(spec[2]);
            amount = units !== null && price !== null ? Math.round(units * price / 100) : null;
          }
          total += amount || 0;
        });
        var out = $(table, "[data-total]");
        if (out) { out.textContent = kroner(total); }
        sums.push(total);
      });
      var need = sums.length ? sums[0] - sums.slice(1).reduce(function (a, b) { return a + b; }, 0) : 0;
      var shownNeed = $(budget, "[data-need]");
      if (shownNeed) { shownNeed.textContent = kroner(need); }
      var appliedName = budget.dataset.applied;
      var shownApplied = $(budget, "[data-applied-shown]");
      if (appliedName && shownApplied) {
        var field = all(form, "input").filter(function (i) { return i.name === appliedName; })[0];
        var applied = field ? ore(field.value) : null;
        shownApplied.textContent = applied === null ? "–" : kroner(applied);
        budget.classList.toggle("unbalanced", applied !== null && applied !== need);
      }
    });
  };

  Editor.prototype.serverTotals = function () { /* the live totals are computed here; the
    server's rules (BUD001–BUD003) say whether they agree */ };

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-editor]");
    if (form) { window.puljeEditor = new Editor(form); }
  });
}());
