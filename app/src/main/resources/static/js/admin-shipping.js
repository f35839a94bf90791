// The console's shipping page: "Add a row" appends an empty rule row (a copy of the last row, renumbered). Only a
// convenience: without JavaScript the page shows empty rows of its own, and saving is the form's plain POST.
(function () {
  "use strict";

  var table = document.querySelector('[data-rules="table"]');
  var add = document.querySelector('[data-rules="add"]');
  if (!table || !add) {
    return;
  }
  var body = table.tBodies[0];

  function renumber(row, from, to) {
    var old = "rule-" + from + "-";
    var next = "rule-" + to + "-";
    row.setAttribute("data-row", String(to));
    row.querySelector('th[scope="row"]').textContent = String(to + 1);
    row.querySelectorAll("[id], [for], [name]").forEach(function (el) {
      if (el.id) {
        el.id = el.id.replace(old, next);
      }
      if (el.htmlFor) {
        el.htmlFor = el.htmlFor.replace(old, next);
      }
      if (el.name) {
        el.name = el.name.replace("rules[" + from + "]", "rules[" + to + "]");
      }
    });
    row.querySelectorAll("label").forEach(function (label) {
      label.textContent = label.textContent.replace("Rule " + (from + 1), "Rule " + (to + 1));
    });
  }

  add.addEventListener("click", function () {
    var last = body.rows[body.rows.length - 1];
    var from = Number(last.getAttribute("data-row"));
    var row = last.cloneNode(true);
    row.querySelectorAll(".field-error, .check").forEach(function (el) {
      el.remove();
    });
    row.querySelectorAll("input, select").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      if (el.tagName === "SELECT") {
        el.value = "flat";
      } else {
        el.value = "";
      }
    });
    renumber(row, from, from + 1);
    body.appendChild(row);
    row.querySelector("input").focus();
  });
  add.hidden = false;
})();
