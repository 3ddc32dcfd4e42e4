"use strict";
(function () {
  // Sort any table.sortable by a click on its header; numbers sort by their data-sort value.
  var collator = new Intl.Collator("zh", {numeric: true});
  function key(row, col) {
    var cell = row.cells[col];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-kind") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a, col), y = key(b, col), order;
          if (numeric) {
            // Rows without a number go last in either direction.
            if (x === "" || y === "") { return (x === "") - (y === ""); }
            order = parseFloat(x) - parseFloat(y);
          } else {
            order = collator.compare(x, y);
          }
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  });

  var filter = document.getElementById("figure-filter");
  var conflictsOnly = document.getElementById("conflicts-only");
  var count = document.getElementById("figure-count");
  function applyFilter() {
    var query = filter.value.trim().toLowerCase();
    var rows = document.querySelectorAll("#figure-table tbody tr");
    var shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var visible = (!query || row.textContent.toLowerCase().indexOf(query) !== -1) &&
        (!conflictsOnly.checked || row.classList.contains("conflict"));
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = shown + " of " + rows.length + " figures";
  }
  filter.addEventListener("input", applyFilter);
  conflictsOnly.addEventListener("change", applyFilter);
})();
