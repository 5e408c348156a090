/* omprio edit form: the net of each year follows the lines and adjustments as one types
   (lines minus adjustments, as the line-sum check counts), unless the form says the net differs
   from the lines ("net_override"). Amounts are read and written in the page's language (the
   html lang attribute): Danish -1.000 / -10,5, English -1,000 / -10.5; "-" is zero. Without this
   script the server does the same when the form is previewed or saved. Exact: amounts are
   scaled integers (BigInt), never floats. No inline scripts (the CSP forbids them). */
(function () {
  "use strict";

  var form = document.getElementById("edit-form");
  if (!form || typeof BigInt !== "function") return;
  var override = document.getElementById("f-net-override");
  var lang = (document.documentElement.lang || "da").slice(0, 2) === "en" ? "en" : "da";
  var SCALE = 6;                        /* decimals kept while adding */
  var ONE = BigInt("1000000");
  var DASHES = ["-", "\u2212", "\u2013", "\u2014"];
  var DANISH = /^(\()?([+\u2212\u2013-])?(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(\))?$/;
  var POINT = /^([+-])?(\d+)?(?:\.(\d*))?$/;

  function scaled(whole, frac, negative) {
    frac = frac || "";
    if (frac.length > SCALE) return null;
    while (frac.length < SCALE) frac += "0";
    var value = BigInt(whole || "0") * ONE + BigInt(frac);
    return negative ? -value : value;
  }

  /* The amount of a cell as a scaled BigInt; undefined for an empty cell, null for no number. */
  function parse(text) {
    var token = text.trim();
    if (!token) return undefined;
    if (DASHES.indexOf(token) >= 0) return BigInt(0);
    if (token.length > 40) return null;
    if (lang === "en") {
      token = token.replace(/[.,]/g, function (c) { return c === "," ? "." : ","; });
    }
    var m = DANISH.exec(token);
    if (m && Boolean(m[1]) === Boolean(m[5])) {
      var negative = Boolean(m[1]) || (m[2] !== undefined && m[2] !== "+");
      return scaled(m[3].replace(/\./g, ""), m[4], negative);
    }
    var p = POINT.exec(token);
    if (p && (p[2] || p[3])) return scaled(p[2], p[3], p[1] === "-");
    return null;
  }

  /* A scaled amount written as the page writes it: -1.000 / -10,5 (da), -1,000 / -10.5 (en). */
  function format(value) {
    var negative = value < 0;
    var abs = negative ? -value : value;
    var whole = (abs / ONE).toString();
    var frac = (abs % ONE).toString();
    while (frac.length < SCALE) frac = "0" + frac;
    frac = frac.replace(/0+$/, "");
    var group = lang === "en" ? "," : ".";
    var mark = lang === "en" ? "." : ",";
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    return (negative ? "-" : "") + whole + (frac ? mark + frac : "");
  }

  function rows(prefix) {
    var found = {};
    var inputs = form.querySelectorAll("input[name^='" + prefix + "-']");
    for (var i = 0; i < inputs.length; i++) {
      var parts = inputs[i].name.split("-");
      if (parts.length !== 3) continue;
      var row = found[parts[1]] || (found[parts[1]] = { label: "", cells: {} });
      if (parts[2] === "label") row.label = inputs[i].value.trim();
      else row.cells[parts[2]] = inputs[i].value;
    }
    var result = [];
    for (var key in found) {
      var r = found[key];
      var filled = r.label !== "";
      for (var y in r.cells) { if (r.cells[y].trim()) filled = true; }
      if (filled) result.push(r.cells);
    }
    return result;
  }

  function netInputs() {
    return form.querySelectorAll("input[name^='net-']");
  }

  /* The net of one year from the lines: a scaled BigInt; undefined when a line has no amount
     that year (the net is then typed); null when a cell is no number (left as it is). */
  function yearNet(lines, adjustments, year) {
    var sum = BigInt(0);
    for (var l = 0; l < lines.length; l++) {
      var v = parse(lines[l][year] || "");
      if (v === null || v === undefined) return v;
      sum += v;
    }
    for (var a = 0; a < adjustments.length; a++) {
      var w = parse(adjustments[a][year] || "");
      if (w === null) return null;
      if (w !== undefined) sum -= w;
    }
    return sum;
  }

  function follow() {
    var lines = rows("line");
    var adjustments = rows("adj");
    var derived = !(override && override.checked) && lines.length > 0;
    var nets = netInputs();
    for (var i = 0; i < nets.length; i++) {
      var value = derived ? yearNet(lines, adjustments, nets[i].name.slice(4)) : undefined;
      if (typeof value === "bigint") nets[i].value = format(value);
      var follows = value !== undefined;
      nets[i].readOnly = follows;
      nets[i].classList.toggle("derived", follows);
    }
  }

  function changed(event) {
    var name = (event.target && event.target.name) || "";
    if (name === "net_override" || /^(line|adj)-\d+-/.test(name)) follow();
  }
  /* A label is one line of the table: Enter in its (wrapping) box adds no line break. */
  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.classList &&
        event.target.classList.contains("label-input")) event.preventDefault();
  });
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  follow();
})();
